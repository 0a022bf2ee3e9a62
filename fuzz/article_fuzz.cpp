// libFuzzer target: the front-matter and article parser on any bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "article.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<kb::Diagnostic> diagnostics;
  auto article = kb::parse_article("kb/iis-401/fuzz-article.md", text, &diagnostics);
  // Either an article or at least one reason why not.
  if (!article && diagnostics.empty()) __builtin_trap();
  return 0;
}
