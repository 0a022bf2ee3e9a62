// libFuzzer target: a log (plain or gzip) through decoder, parser and analysis, fed whole and in
// chunks whose size comes from the first byte; asserts both give the same report and that the
// report's JSON is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "log_input.h"
#include "log_report_json.h"
#include "response_json.h"
#include "text.h"

namespace {

std::string analyse(std::string_view bytes, std::size_t chunk) {
  kb::LogAnalysisOptions options;
  options.max_groups = 8;  // small caps reach the overflow paths quickly
  options.tracked_values = 4;
  options.timeline_buckets = 6;
  kb::LogAnalyzer analyzer(options);
  {
    kb::LogInput input(analyzer, "fuzz", 1 << 22);
    for (std::size_t i = 0; i < bytes.size(); i += chunk) {
      if (!input.feed(bytes.substr(i, chunk))) break;
    }
    input.finish();
  }
  return kb::dump_json(kb::to_json(analyzer.report()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 17;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string whole = analyse(bytes, bytes.size() + 1);
  if (!kb::is_valid_utf8(whole)) __builtin_trap();
  if (analyse(bytes, chunk) != whole) __builtin_trap();
  return 0;
}
