// kb-search: ranked answers on the terminal, as text, JSON or JSON lines (see CONTRACT.md).
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

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
  bool as_json = false, batch = false;
  app.add_option("--db", db, "database folder written by kb-indexer")->required();
  app.add_option("--limit", limit, "number of results")->check(CLI::Range(1, 100));
  app.add_flag("--json", as_json, "print the JSON response");
  app.add_flag("--batch", batch, "read JSON lines {\"q\": ...} from standard input");
  app.add_option("query", query, "pasted text: an error page, a log line, a code...");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
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
