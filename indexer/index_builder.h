// index_builder.h: turn a validated knowledge base into a Xapian database and swap it in.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

#include "kb.h"

namespace kb {

struct BuildStats {
  std::size_t articles = 0;
  std::size_t codes = 0;  // distinct codes over all articles
  std::string live_path;  // the database file (or stub of shards) now in place
  // Seconds spent: documents made and added, commit (Xapian flushes its buffers), compaction
  // into the single file, sync and rename.
  double add_seconds = 0, commit_seconds = 0, compact_seconds = 0, swap_seconds = 0;
};

// Thrown when the database cannot be written (disk, permissions, another build running).
class BuildError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct BuildOptions {
  // 0: one database, db_dir/kb.glass. N > 0: N shard databases (article i in shard i mod N)
  // and a words database (spelling and synonyms, no documents) in a new folder
  // db_dir/shards-TIME/, listed by the stub file db_dir/kb.stub.
  std::size_t shards = 0;
};

// Builds a new database for `kb` beside the live one in `db_dir` and renames it (or, sharded,
// the stub listing the shards) into place, so readers see either the old or the new database,
// never a partial one. Killing the process at any point leaves the old database in place.
// Throws BuildError or Xapian::Error.
BuildStats build_index(const Kb& kb, const std::string& db_dir, const BuildOptions& options = {});

// The path of the live database in `db_dir` (db_dir/kb.glass).
std::string live_db_path(const std::string& db_dir);

}  // namespace kb
