// evaluation.h: measure ranking quality over labelled cases ({"q", "expect", "kind"} JSON lines):
// Top-1, Top-3 and MRR@10, overall and by kind. Used by the relevance test and bench/relevance.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "searcher.h"

namespace kb {

struct EvalCase {
  std::string q;
  std::vector<std::string> expect;  // any of these ids first counts as a hit
  std::string kind;
};

struct EvalOutcome {
  const EvalCase* c = nullptr;
  std::size_t rank = 0;  // 1-based rank of the first expected id; 0 if not in the top `depth`
  std::vector<std::string> top;  // ids returned, best first
};

struct EvalScores {
  std::size_t cases = 0;
  double top1 = 0;  // share of cases with an expected id first
  double top3 = 0;
  double mrr = 0;   // mean reciprocal rank, 0 for a miss
};

struct EvalReport {
  std::vector<EvalOutcome> outcomes;
  EvalScores all;
  std::map<std::string, EvalScores> by_kind;
};

// Parses JSON lines; a bad line adds "line N: message" to `errors` and is skipped.
std::vector<EvalCase> parse_eval_cases(std::string_view jsonl, std::vector<std::string>* errors);

// Runs every case through `searcher` and scores the ranks within the first `depth` results.
EvalReport evaluate(Searcher& searcher, const std::vector<EvalCase>& cases, std::size_t depth = 10);

}  // namespace kb
