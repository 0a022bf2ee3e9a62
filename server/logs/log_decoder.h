// log_decoder.h: turn the bytes of a log input into text whether or not it is gzip-compressed
// (rotated IIS logs are often .gz), with a fixed buffer and an optional bound on the output.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

// Streaming decoder of one input. The input is gzip when it starts with the gzip magic bytes
// (1f 8b), whatever its name; anything else passes through unchanged. Concatenated gzip members
// (as `cat a.gz b.gz` makes) are read one after the other. Memory is fixed (one 256 KiB buffer
// and zlib's state) whatever the sizes. Not thread-safe.
class LogDecoder {
 public:
  using Sink = std::function<void(std::string_view)>;

  // `sink` receives the text in chunks. `max_output` > 0 makes feed() fail once the text would
  // pass that many bytes (a bound on what a small gzip body can expand to); exactly the first
  // `max_output` bytes are passed on.
  explicit LogDecoder(Sink sink, std::uint64_t max_output = 0);
  ~LogDecoder();
  LogDecoder(const LogDecoder&) = delete;
  LogDecoder& operator=(const LogDecoder&) = delete;

  // Decodes `bytes`. Returns false, with error() set, on corrupt gzip data or too much output;
  // after a failure every call returns false.
  bool feed(std::string_view bytes);
  // Ends the input. Returns false when the gzip data stops before its end.
  bool finish();

  bool compressed() const { return mode_ == Mode::kGzip; }
  std::uint64_t output_bytes() const { return output_bytes_; }
  const std::string& error() const { return error_; }

 private:
  enum class Mode { kUnknown, kPlain, kGzip, kFailed };
  bool emit(std::string_view text);
  bool inflate_bytes(std::string_view bytes);
  bool fail(std::string message);

  Sink sink_;
  std::uint64_t max_output_;
  std::uint64_t output_bytes_ = 0;
  Mode mode_ = Mode::kUnknown;
  bool held_first_byte_ = false;  // saw 1f as the only byte so far
  bool stream_open_ = false;      // z_ is initialised
  bool member_done_ = false;      // the last gzip member ended and no byte followed yet
  z_stream z_{};
  std::vector<unsigned char> buffer_;
  std::string error_;
};

}  // namespace kb
