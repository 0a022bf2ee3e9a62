// kb-search: ranked answers on the terminal, as text, JSON or JSON lines, and log analysis (see
// CONTRACT.md).
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "log_articles.h"
#include "log_input.h"
#include "log_report_json.h"
#include "response_json.h"
#include "searcher.h"

namespace {

using nlohmann::json;

// One JSON line per input line, in order; a bad line gives an error line and the batch goes on.
int run_batch(kb::Searcher& searcher, std::size_t limit) {
  std::string line;
  while (std::getline(std::cin, line)) {
    json out;
    json in = json::parse(line, nullptr, false);
    if (in.is_discarded()) {
      out = {{"q", nullptr}, {"error", "line is not valid JSON"}};
    } else if (!in.is_object() || !in.contains("q") || !in["q"].is_string()) {
      out = {{"q", nullptr}, {"error", "expected an object with a string \"q\""}};
    } else {
      kb::SearchRequest request;
      request.query = in["q"].get<std::string>();
      request.limit = limit;
      kb::SearchResponse response = searcher.search(request);
      json results = json::array();
      for (const auto& h : response.hits) results.push_back({{"id", h.id}, {"title", h.title}, {"score", h.score}});
      out = {{"q", in["q"]}, {"results", results}};
    }
    std::cout << kb::dump_json(out) << '\n' << std::flush;
  }
  return 0;
}

std::string join_counted(const std::vector<std::pair<std::string, std::uint64_t>>& list) {
  std::string out;
  for (const auto& [value, count] : list) out += (out.empty() ? "" : ", ") + value + " " + std::to_string(count);
  return out.empty() ? "-" : out;
}

std::string group_codes(const kb::LogGroup& g) {
  std::string out = kb::log_group_label(g);
  if (!g.httperr && !g.other && g.win32 > 0) out += ", Win32 " + std::to_string(g.win32);
  return out;
}

void print_log_report(const kb::LogReport& r) {
  std::printf("%llu lines read: %llu requests, %llu failures, %llu malformed lines.\n",
              static_cast<unsigned long long>(r.lines), static_cast<unsigned long long>(r.requests),
              static_cast<unsigned long long>(r.failures), static_cast<unsigned long long>(r.malformed));
  if (!r.malformed_lines.empty()) {
    std::printf("Malformed lines%s:\n", r.malformed_lines.size() < r.malformed ? " (the first ones)" : "");
    for (const auto& m : r.malformed_lines) {
      std::printf("  %s%s%zu: %s\n", m.input.c_str(), m.input.empty() ? "line " : ":", m.line, m.error.c_str());
    }
  }
  if (r.groups.empty()) {
    std::printf("No failures found.\n");
    return;
  }
  std::printf("\n%3s %9s  %-22s %-19s  %-19s\n", "#", "count", "codes", "first", "last");
  int rank = 1;
  for (const auto& g : r.groups) {
    std::printf("%3d %9llu  %-22s %-19s  %-19s\n", rank++, static_cast<unsigned long long>(g.count),
                group_codes(g).c_str(), g.first.empty() ? "-" : g.first.c_str(), g.last.empty() ? "-" : g.last.c_str());
    std::printf("%15s URLs: %s\n", "", join_counted(g.top_urls).c_str());
    if (!g.top_users.empty()) std::printf("%15s users: %s\n", "", join_counted(g.top_users).c_str());
    std::printf("%15s clients: %s\n", "", join_counted(g.top_clients).c_str());
    if (g.article) {
      std::printf("%15s article: %s  /articles/%s\n", "", g.article->title.c_str(), g.article->id.c_str());
      if (!g.article->fix.empty()) std::printf("%15s fix: %s\n", "", g.article->fix.c_str());
    }
    std::printf("%15s example: %s\n", "", g.example.c_str());
  }
}

// Analyses the logs together; 1 if one cannot be read (nothing is printed then).
int run_log_analysis(const std::string& db, const std::vector<std::string>& files, bool as_json) {
  kb::LogAnalyzer analyzer;
  for (const auto& file : files) {
    std::string error;
    if (!kb::analyze_log_file(analyzer, file, &error)) {
      std::cerr << "kb-search: " << error << '\n';
      return 1;
    }
  }
  kb::LogReport report = analyzer.report();
  kb::Searcher searcher(db);
  kb::attach_articles(searcher, &report);
  if (as_json) {
    std::cout << kb::dump_json(kb::to_json(report), 2) << '\n';
  } else {
    print_log_report(report);
  }
  return 0;
}

void print_text(const kb::SearchResponse& r) {
  if (!r.codes.empty()) {
    std::cout << "We read:";
    for (const auto& c : r.codes) {
      std::cout << ' ' << c.code;
      if (!c.meaning.empty()) std::cout << " (" << c.meaning << ")";
      std::cout << ';';
    }
    std::cout << '\n';
  }
  if (r.suggestion) std::cout << "Did you mean: " << *r.suggestion << '\n';
  if (r.hits.empty()) {
    std::cout << "No matching articles.\n";
    return;
  }
  int rank = 1;
  for (const auto& h : r.hits) {
    std::printf("%2d. %s  [%s]  %.2f\n", rank++, h.title.c_str(), h.id.c_str(), h.score);
    std::cout << "    " << h.summary << '\n';
  }
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app{"Search the Access Denied knowledge base."};
  std::string db, query;
  std::size_t limit = 10;
  std::vector<std::string> logs;
  bool as_json = false, batch = false;
  app.add_option("--db", db, "database folder written by kb-indexer")->required();
  app.add_option("--limit", limit, "number of results")->check(CLI::Range(1, 100));
  app.add_flag("--json", as_json, "print the JSON response");
  app.add_flag("--batch", batch, "read JSON lines {\"q\": ...} from standard input");
  app.add_option("--log", logs, "analyse IIS W3C or HTTPERR log files (plain or gzip; - is standard input)")
      ->expected(1, -1);
  app.add_option("query", query, "pasted text: an error page, a log line, a code...");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  if (!logs.empty() && (batch || !query.empty())) {
    std::cerr << "kb-search: --log takes files only, without --batch or a query\n";
    return 2;
  }
  if (!logs.empty()) return run_log_analysis(db, logs, as_json);
  if (!batch && query.empty()) {
    std::cerr << "kb-search: give the pasted text as an argument, or use --batch\n";
    return 2;
  }

  kb::Searcher searcher(db);
  if (batch) return run_batch(searcher, limit);
  kb::SearchRequest request;
  request.query = query;
  request.limit = limit;
  kb::SearchResponse response = searcher.search(request);
  if (as_json) {
    std::cout << kb::dump_json(kb::to_json(response), 2) << '\n';
  } else {
    print_text(response);
  }
  return 0;
} catch (const Xapian::Error& e) {
  std::cerr << "kb-search: " << e.get_description() << '\n';
  return 1;
} catch (const std::exception& e) {
  std::cerr << "kb-search: " << e.what() << '\n';
  return 1;
}
