// evaluation.cpp: see evaluation.h.
#include "evaluation.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace kb {

std::vector<EvalCase> parse_eval_cases(std::string_view jsonl, std::vector<std::string>* errors) {
  std::vector<EvalCase> cases;
  std::size_t line_no = 0, start = 0;
  while (start < jsonl.size()) {
    std::size_t nl = jsonl.find('\n', start);
    if (nl == std::string_view::npos) nl = jsonl.size();
    std::string_view line = jsonl.substr(start, nl - start);
    start = nl + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("q") || !j["q"].is_string() || !j.contains("expect") ||
        !j["expect"].is_array()) {
      if (errors) errors->push_back("line " + std::to_string(line_no) + ": expected {\"q\": text, \"expect\": [ids], \"kind\": text}");
      continue;
    }
    EvalCase c;
    c.q = j["q"].get<std::string>();
    for (const auto& e : j["expect"]) {
      if (e.is_string()) c.expect.push_back(e.get<std::string>());
    }
    c.kind = j.value("kind", "unknown");
    cases.push_back(std::move(c));
  }
  return cases;
}

namespace {

void add(EvalScores* s, std::size_t rank) {
  s->cases += 1;
  s->top1 += rank == 1;
  s->top3 += rank >= 1 && rank <= 3;
  s->mrr += rank ? 1.0 / static_cast<double>(rank) : 0.0;
}

void finish(EvalScores* s) {
  if (s->cases == 0) return;
  const double n = static_cast<double>(s->cases);
  s->top1 /= n;
  s->top3 /= n;
  s->mrr /= n;
}

}  // namespace

EvalReport evaluate(Searcher& searcher, const std::vector<EvalCase>& cases, std::size_t depth) {
  EvalReport report;
  for (const auto& c : cases) {
    SearchRequest request;
    request.query = c.q;
    request.limit = depth;
    EvalOutcome o;
    o.c = &c;
    for (const auto& h : searcher.search(request).hits) o.top.push_back(h.id);
    for (std::size_t i = 0; i < o.top.size(); ++i) {
      if (std::find(c.expect.begin(), c.expect.end(), o.top[i]) != c.expect.end()) {
        o.rank = i + 1;
        break;
      }
    }
    add(&report.all, o.rank);
    add(&report.by_kind[c.kind], o.rank);
    report.outcomes.push_back(std::move(o));
  }
  finish(&report.all);
  for (auto& [kind, s] : report.by_kind) finish(&s);
  return report;
}

}  // namespace kb
