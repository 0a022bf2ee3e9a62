// log_generator.h: realistic IIS logs with a known failure mix, for the log benchmarks and the
// tests that check the analysis finds exactly that mix. Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

// One kind of failure in the generated log.
struct LogMixEntry {
  int status = 0;           // 0 with a reason: an HTTPERR connection event ("-" in sc-status)
  int substatus = 0;        // W3C only
  std::int64_t win32 = 0;   // W3C only
  std::string reason;       // non-empty: an HTTPERR entry (the log is an HTTPERR log)
  double share = 0;         // fraction of the lines
};

struct LogGeneratorOptions {
  bool httperr = false;          // write an HTTPERR log (entries need a reason) instead of a W3C one
  std::uint64_t lines = 0;       // stop after this many records, or
  std::uint64_t bytes = 0;       // after this many bytes (the first limit reached)
  std::vector<LogMixEntry> mix;  // the rest of the lines are successful requests (W3C) or
                                 // Timer_ConnectionIdle events (HTTPERR, when not in the mix)
  std::uint64_t seed = 1;
  std::string start = "2026-11-20 00:00:00";  // time of the first record
  std::uint64_t records_per_second = 20;      // the clock advances one second per this many
  bool directives = true;                     // write #Software/#Version/#Date/#Fields
};

// What was written, per mix entry: the ground truth of the analysis.
struct LogGeneratorResult {
  std::uint64_t lines = 0;    // every line, directives included
  std::uint64_t records = 0;  // request lines
  std::uint64_t bytes = 0;
  std::vector<std::uint64_t> counts;        // per mix entry
  std::vector<std::string> first, last;     // per mix entry, "2026-11-20 08:00:01" (empty if count 0)
};

// Writes the log through `write` in pieces of about 64 KiB.
LogGeneratorResult generate_log(const LogGeneratorOptions& options, const std::function<void(std::string_view)>& write);

}  // namespace kb
