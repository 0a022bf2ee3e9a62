// test_util.h: temporary folders and fixture paths shared by the tests.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include <zlib.h>

#include "index_builder.h"
#include "kb.h"
#include "searcher.h"

namespace kb::test {

// Paths baked in by tests/CMakeLists.txt.
inline std::string tests_dir() { return KB_TESTS_DIR; }
inline std::string fixture_kb() { return std::string(KB_TESTS_DIR) + "/kb"; }
inline std::string bad_kb() { return std::string(KB_TESTS_DIR) + "/bad/kb"; }
inline std::string real_kb() { return std::string(KB_SOURCE_DIR) + "/kb"; }

// A fresh folder under $TMPDIR, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kb-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// `text` compressed as one gzip member (what `gzip` writes).
inline std::string gzip(const std::string& text) {
  z_stream z{};
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&z, text.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate");
  return out;
}

// Builds the database of a knowledge-base folder; fails the test on any diagnostic.
inline void build_db(const std::string& kb_dir, const std::string& db_dir) {
  std::vector<Diagnostic> diagnostics;
  Kb kb = load_kb(kb_dir, &diagnostics);
  if (!diagnostics.empty()) throw std::runtime_error("fixture kb is invalid: " + diagnostics.front().str());
  build_index(kb, db_dir);
}

// The database of a knowledge-base folder, built on first use and shared by the tests of this
// process (one per folder; never modified).
inline const std::string& shared_db(const std::string& kb_dir) {
  static std::map<std::string, TempDir> cache;
  auto [it, fresh] = cache.try_emplace(kb_dir);
  if (fresh) build_db(kb_dir, it->second.path());
  return it->second.path();
}

// A Searcher over shared_db(kb_dir), shared by the tests of this process (tests run one at a time).
inline Searcher& shared_searcher(const std::string& kb_dir) {
  static std::map<std::string, std::unique_ptr<Searcher>> cache;
  auto& slot = cache[kb_dir];
  if (!slot) slot = std::make_unique<Searcher>(shared_db(kb_dir));
  return *slot;
}

}  // namespace kb::test
