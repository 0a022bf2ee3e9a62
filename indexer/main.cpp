// kb-indexer: validate kb/ and build the search database (see CONTRACT.md).
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "index_builder.h"
#include "kb.h"

int main(int argc, char** argv) try {
  CLI::App app{"Validate the knowledge base and build its search database."};
  std::string kb_dir, db_dir;
  bool check_only = false, verbose = false;
  kb::BuildOptions options;
  app.add_option("--kb", kb_dir, "knowledge-base folder (kb/)")->required();
  app.add_option("--db", db_dir, "database folder; the live database is DIR/kb.glass (DIR/kb.stub with --shards)")
      ->required();
  app.add_option("--shards", options.shards, "write N shard databases and a stub file DIR/kb.stub listing them")
      ->check(CLI::Range(1, 1024));
  app.add_flag("--check", check_only, "validate only, do not build");
  app.add_flag("--verbose", verbose, "print the time of each step");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  const auto start = std::chrono::steady_clock::now();
  std::vector<kb::Diagnostic> diagnostics;
  kb::Kb kb = kb::load_kb(kb_dir, &diagnostics);
  const double load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!diagnostics.empty()) {
    for (const auto& d : diagnostics) std::cerr << d.str() << '\n';
    std::cerr << "kb-indexer: " << diagnostics.size() << " problem" << (diagnostics.size() == 1 ? "" : "s")
              << "; the existing database was not changed\n";
    return 1;
  }
  if (check_only) {
    std::printf("checked %zu articles: no problems\n", kb.articles.size());
    return 0;
  }
  kb::BuildStats stats = kb::build_index(kb, db_dir, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("indexed %zu articles, %zu codes into %s in %.2f s\n", stats.articles, stats.codes,
              stats.live_path.c_str(), seconds);
  if (verbose) {
    std::printf("  read and check %.2f s, make and add documents %.2f s, commit %.2f s, compact %.2f s, swap %.2f s\n",
                load_seconds, stats.add_seconds, stats.commit_seconds, stats.compact_seconds, stats.swap_seconds);
  }
  return 0;
} catch (const kb::BuildError& e) {
  std::cerr << "kb-indexer: " << e.what() << "; the existing database was not changed\n";
  return 1;
} catch (const Xapian::Error& e) {
  std::cerr << "kb-indexer: " << e.get_description() << "; the existing database was not changed\n";
  return 1;
} catch (const std::exception& e) {
  std::cerr << "kb-indexer: " << e.what() << "; the existing database was not changed\n";
  return 1;
}
