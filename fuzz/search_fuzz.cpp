// libFuzzer target: a search request as kb-server handles it (query -> search -> JSON) on any bytes,
// against the fixture knowledge base (KB_FUZZ_KB, default tests/kb).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "index_builder.h"
#include "kb.h"
#include "response_json.h"
#include "searcher.h"

namespace {
std::unique_ptr<kb::Searcher> g_searcher;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* kb_dir = std::getenv("KB_FUZZ_KB");
  std::string dir = (std::filesystem::temp_directory_path() / ("kb-fuzz-" + std::to_string(::getpid()))).string();
  std::vector<kb::Diagnostic> d;
  kb::Kb kb = kb::load_kb(kb_dir ? kb_dir : KB_FUZZ_DEFAULT_KB, &d);
  if (!d.empty()) std::abort();
  kb::build_index(kb, dir);
  g_searcher = std::make_unique<kb::Searcher>(dir);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kb::SearchRequest request;
  request.query.assign(reinterpret_cast<const char*>(data), size);
  request.limit = 10;
  kb::SearchResponse response = g_searcher->search(request);
  std::string json = kb::dump_json(kb::to_json(response));
  if (json.empty()) __builtin_trap();
  return 0;
}
