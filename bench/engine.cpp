// engine: in-process search latency (Searcher::search, and search + JSON as the server answers)
// over the public evaluation queries and over long pastes of 4 KB and 64 KB built from their log
// and event text. Prints one CSV line per query set.
// Usage: engine --db DB [--cases tests/data/public.jsonl] [--label real] [--repeat 5] [--set typical]
//        [--header]
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "evaluation.h"
#include "response_json.h"

namespace {

using Clock = std::chrono::steady_clock;

struct QuerySet {
  std::string name;
  std::vector<std::string> queries;
};

// Pastes of about `bytes` bytes: the log, event and error-page cases one after the other, cut at
// a line end, each variant starting at a different case.
std::vector<std::string> long_pastes(const std::vector<kb::EvalCase>& cases, std::size_t bytes, std::size_t variants) {
  std::vector<const std::string*> sources;
  for (const auto& c : cases) {
    if (c.kind == "log-line" || c.kind == "event-log" || c.kind == "error-page" || c.kind == "exception") {
      sources.push_back(&c.q);
    }
  }
  std::vector<std::string> out;
  if (sources.empty()) return out;
  for (std::size_t v = 0; v < variants; ++v) {
    std::string paste;
    for (std::size_t i = v; paste.size() < bytes; ++i) {
      paste += *sources[i % sources.size()];
      paste += '\n';
    }
    std::size_t cut = paste.rfind('\n', bytes);
    paste.resize(cut == std::string::npos ? bytes : cut);
    out.push_back(std::move(paste));
  }
  return out;
}

double percentile(std::vector<double> sorted, double p) {
  if (sorted.empty()) return 0;
  std::sort(sorted.begin(), sorted.end());
  // Nearest rank.
  std::size_t rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

// Runs every query `repeat` times after one warm-up pass; returns milliseconds per call.
template <typename F>
std::vector<double> measure(const std::vector<std::string>& queries, std::size_t repeat, F&& run) {
  for (const auto& q : queries) run(q);  // warm-up: page cache, Xapian's block cache
  std::vector<double> ms;
  ms.reserve(queries.size() * repeat);
  for (std::size_t r = 0; r < repeat; ++r) {
    for (const auto& q : queries) {
      auto start = Clock::now();
      run(q);
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
  }
  return ms;
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app{"In-process search latency over the evaluation queries and long pastes."};
  std::string db, cases_path = "tests/data/public.jsonl", label, only;
  std::size_t repeat = 5, variants = 10;
  bool header = false;
  app.add_option("--db", db, "database folder written by kb-indexer, or a stub file")->required();
  app.add_option("--cases", cases_path, "JSON lines {\"q\", \"expect\", \"kind\"}");
  app.add_option("--label", label, "kb name for the CSV (default: the --db path)");
  app.add_option("--repeat", repeat, "timed passes over each set")->check(CLI::Range(1, 1000));
  app.add_option("--pastes", variants, "different long pastes of each size")->check(CLI::Range(1, 1000));
  app.add_option("--set", only, "run only this set: typical, paste4k or paste64k");
  app.add_flag("--header", header, "print the CSV header first");
  CLI11_PARSE(app, argc, argv);
  if (label.empty()) label = db;

  std::ifstream in(cases_path);
  if (!in) {
    std::cerr << "engine: cannot read " << cases_path << '\n';
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::vector<std::string> errors;
  auto cases = kb::parse_eval_cases(text.str(), &errors);
  if (cases.empty()) {
    std::cerr << "engine: no cases in " << cases_path << '\n';
    return 1;
  }

  kb::Searcher searcher(db);
  std::vector<QuerySet> sets;
  sets.push_back({"typical", {}});
  for (const auto& c : cases) sets.back().queries.push_back(c.q);
  sets.push_back({"paste4k", long_pastes(cases, 4 * 1024, variants)});
  sets.push_back({"paste64k", long_pastes(cases, 64 * 1024, variants)});

  if (header) std::printf("kb,articles,set,what,queries,samples,p50_ms,p90_ms,p99_ms,max_ms,mean_ms\n");
  for (const auto& set : sets) {
    if (!only.empty() && set.name != only) continue;
    auto search_only = [&](const std::string& q) {
      kb::SearchRequest r;
      r.query = q;
      searcher.search(r);
    };
    auto with_json = [&](const std::string& q) {
      kb::SearchRequest r;
      r.query = q;
      std::string body = kb::dump_json(kb::to_json(searcher.search(r)));
      if (body.empty()) std::abort();
    };
    for (const auto& [what, ms] : {std::pair{"search", measure(set.queries, repeat, search_only)},
                                   std::pair{"search+json", measure(set.queries, repeat, with_json)}}) {
      double sum = 0;
      for (double v : ms) sum += v;
      std::printf("%s,%zu,%s,%s,%zu,%zu,%.4f,%.4f,%.4f,%.4f,%.4f\n", label.c_str(),
                  static_cast<std::size_t>(searcher.article_count()), set.name.c_str(), what, set.queries.size(),
                  ms.size(), percentile(ms, 50), percentile(ms, 90), percentile(ms, 99),
                  *std::max_element(ms.begin(), ms.end()), sum / static_cast<double>(ms.size()));
      std::fflush(stdout);
    }
  }
  return 0;
} catch (const Xapian::Error& e) {
  std::cerr << "engine: " << e.get_description() << '\n';
  return 1;
} catch (const std::exception& e) {
  std::cerr << "engine: " << e.what() << '\n';
  return 1;
}
