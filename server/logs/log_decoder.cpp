// log_decoder.cpp: see log_decoder.h.
#include "log_decoder.h"

namespace kb {
namespace {

constexpr std::size_t kBufferBytes = 256 * 1024;
constexpr unsigned char kMagic0 = 0x1f, kMagic1 = 0x8b;

}  // namespace

LogDecoder::LogDecoder(Sink sink, std::uint64_t max_output) : sink_(std::move(sink)), max_output_(max_output) {}

LogDecoder::~LogDecoder() {
  if (stream_open_) inflateEnd(&z_);
}

bool LogDecoder::fail(std::string message) {
  mode_ = Mode::kFailed;
  error_ = std::move(message);
  return false;
}

bool LogDecoder::emit(std::string_view text) {
  if (text.empty()) return true;
  if (max_output_ > 0 && output_bytes_ + text.size() > max_output_) {
    // Exactly the first max_output bytes go out, however the input was cut into chunks.
    const std::string_view allowed = text.substr(0, static_cast<std::size_t>(max_output_ - output_bytes_));
    output_bytes_ += allowed.size();
    if (!allowed.empty()) sink_(allowed);
    return fail("the log is larger than " + std::to_string(max_output_) + " bytes once decompressed");
  }
  output_bytes_ += text.size();
  sink_(text);
  return true;
}

bool LogDecoder::feed(std::string_view bytes) {
  if (mode_ == Mode::kFailed) return false;
  if (bytes.empty()) return true;
  if (mode_ == Mode::kUnknown) {
    const unsigned char first = held_first_byte_ ? kMagic0 : static_cast<unsigned char>(bytes[0]);
    const std::size_t second_at = held_first_byte_ ? 0 : 1;
    if (first == kMagic0 && second_at >= bytes.size()) {
      held_first_byte_ = true;  // one byte so far: wait for the second
      return true;
    }
    if (first == kMagic0 && static_cast<unsigned char>(bytes[second_at]) == kMagic1) {
      mode_ = Mode::kGzip;
      buffer_.resize(kBufferBytes);
      if (inflateInit2(&z_, 15 + 16) != Z_OK) return fail("cannot start the gzip decoder");
      stream_open_ = true;
      if (held_first_byte_) {
        const char magic0 = static_cast<char>(kMagic0);
        held_first_byte_ = false;
        if (!inflate_bytes(std::string_view(&magic0, 1))) return false;
      }
    } else {
      mode_ = Mode::kPlain;
      if (held_first_byte_) {
        const char magic0 = static_cast<char>(kMagic0);
        held_first_byte_ = false;
        if (!emit(std::string_view(&magic0, 1))) return false;
      }
    }
  }
  if (mode_ == Mode::kPlain) return emit(bytes);
  return inflate_bytes(bytes);
}

bool LogDecoder::inflate_bytes(std::string_view bytes) {
  z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z_.avail_in = static_cast<uInt>(bytes.size());
  while (z_.avail_in > 0) {
    if (member_done_) {
      // Another gzip member follows the one that ended.
      if (inflateReset(&z_) != Z_OK) return fail("cannot restart the gzip decoder");
      member_done_ = false;
    }
    z_.next_out = buffer_.data();
    z_.avail_out = static_cast<uInt>(buffer_.size());
    const int rc = inflate(&z_, Z_NO_FLUSH);
    // What was decoded before an error goes out first, so the text does not depend on chunking.
    const std::size_t produced = buffer_.size() - z_.avail_out;
    if (!emit(std::string_view(reinterpret_cast<const char*>(buffer_.data()), produced))) return false;
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      return fail(std::string("the gzip data is corrupt (") + (z_.msg ? z_.msg : "inflate error") + ")");
    }
    if (rc == Z_STREAM_END) {
      member_done_ = true;
    } else if (rc == Z_BUF_ERROR && produced == 0) {
      break;  // needs more input
    }
  }
  // Output zlib still holds for input it has consumed.
  while (!member_done_) {
    z_.next_out = buffer_.data();
    z_.avail_out = static_cast<uInt>(buffer_.size());
    const int rc = inflate(&z_, Z_NO_FLUSH);
    // What was decoded before an error goes out first, so the text does not depend on chunking.
    const std::size_t produced = buffer_.size() - z_.avail_out;
    if (!emit(std::string_view(reinterpret_cast<const char*>(buffer_.data()), produced))) return false;
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      return fail(std::string("the gzip data is corrupt (") + (z_.msg ? z_.msg : "inflate error") + ")");
    }
    if (rc == Z_STREAM_END) member_done_ = true;
    if (produced == 0) break;
  }
  return true;
}

bool LogDecoder::finish() {
  if (mode_ == Mode::kFailed) return false;
  if (held_first_byte_) {
    const char magic0 = static_cast<char>(kMagic0);
    held_first_byte_ = false;
    mode_ = Mode::kPlain;
    return emit(std::string_view(&magic0, 1));
  }
  if (mode_ == Mode::kGzip && !member_done_) return fail("the gzip data ends before the end of the compressed log");
  return true;
}

}  // namespace kb
