// libFuzzer target: the text analyzer (code detection, normalisation, query analysis) on any bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "codes.h"
#include "query_analysis.h"
#include "text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto& d : kb::detect_codes(text)) {
    // Every detected code is canonical and normalises to itself.
    if (!kb::canonical_code_kind(d.code)) __builtin_trap();
    if (kb::normalize_code(d.code) != d.code) __builtin_trap();
    kb::numeric_equivalents(d.code);
  }
  kb::normalize_code(text);
  kb::QueryAnalysis q = kb::analyze_query(text);
  if (!kb::is_valid_utf8(q.text) || !kb::is_valid_utf8(q.words_text)) __builtin_trap();
  return 0;
}
