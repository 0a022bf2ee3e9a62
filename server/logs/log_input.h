// log_input.h: one log input (a file, a request body, an upload) into a LogAnalyzer: bytes in
// chunks, plain or gzip, -> lines -> records. The glue the CLI, the API and the page share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "log_analysis.h"
#include "log_decoder.h"
#include "w3c_log.h"

namespace kb {

// Not thread-safe; one per input, used while `analyzer` lives.
class LogInput {
 public:
  // `name` names the input in malformed-line reports. `max_text_bytes` > 0 bounds the text once
  // decompressed (see LogDecoder).
  LogInput(LogAnalyzer& analyzer, std::string name, std::uint64_t max_text_bytes = 0);
  LogInput(const LogInput&) = delete;
  LogInput& operator=(const LogInput&) = delete;

  // Reads the next chunk. Returns false, with error() set, on corrupt gzip data or too much
  // text; what was read before stays in the analysis.
  bool feed(std::string_view bytes);
  // Ends the input (call once). Returns false when gzip data was truncated or an error occurred.
  bool finish();

  const std::string& error() const { return decoder_.error(); }
  bool compressed() const { return decoder_.compressed(); }
  std::uint64_t text_bytes() const { return decoder_.output_bytes(); }

 private:
  LogAnalyzer& analyzer_;
  W3cLogParser parser_;
  LogDecoder decoder_;
  bool finished_ = false;
};

// Reads the file at `path` ("-": standard input) into `analyzer`, in chunks of 1 MiB. Returns
// false with `error` set ("cannot open x.log: No such file or directory", "x.log.gz: the gzip
// data is corrupt (...)").
bool analyze_log_file(LogAnalyzer& analyzer, const std::string& path, std::string* error);

}  // namespace kb
