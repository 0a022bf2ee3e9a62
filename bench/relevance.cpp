// relevance: ranking quality over labelled cases: Top-1, Top-3 and MRR@10 by kind, then every
// miss with its rank. Usage: relevance --db DB [--cases tests/data/public.jsonl]
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "evaluation.h"

int main(int argc, char** argv) try {
  CLI::App app{"Measure ranking quality over labelled cases."};
  std::string db, cases_path = "tests/data/public.jsonl";
  app.add_option("--db", db, "database folder written by kb-indexer")->required();
  app.add_option("--cases", cases_path, "JSON lines {\"q\", \"expect\", \"kind\"}");
  CLI11_PARSE(app, argc, argv);

  std::ifstream in(cases_path);
  if (!in) {
    std::cerr << "relevance: cannot read " << cases_path << '\n';
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::vector<std::string> errors;
  auto cases = kb::parse_eval_cases(text.str(), &errors);
  for (const auto& e : errors) std::cerr << cases_path << ": " << e << '\n';

  kb::Searcher searcher(db);
  kb::EvalReport report = kb::evaluate(searcher, cases);
  std::printf("%-12s %6s %6s %6s %7s\n", "kind", "cases", "top1", "top3", "mrr@10");
  for (const auto& [kind, s] : report.by_kind) {
    std::printf("%-12s %6zu %6.2f %6.2f %7.3f\n", kind.c_str(), s.cases, s.top1, s.top3, s.mrr);
  }
  std::printf("%-12s %6zu %6.2f %6.2f %7.3f\n\n", "all", report.all.cases, report.all.top1, report.all.top3, report.all.mrr);
  std::printf("misses (rank 0 = not in the top 10):\n");
  for (const auto& o : report.outcomes) {
    if (o.rank == 1) continue;
    std::string q = o.c->q.substr(0, 90);
    for (char& ch : q) {
      if (ch == '\n' || ch == '\r') ch = ' ';
    }
    std::printf("  rank %zu  [%s] %s\n    want %s; got %s\n", o.rank, o.c->kind.c_str(), q.c_str(),
                o.c->expect.front().c_str(), o.top.empty() ? "-" : o.top.front().c_str());
  }
  return 0;
} catch (const Xapian::Error& e) {
  std::cerr << "relevance: " << e.get_description() << '\n';
  return 1;
}
