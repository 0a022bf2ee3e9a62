// log_input.cpp: see log_input.h.
#include "log_input.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace kb {

LogInput::LogInput(LogAnalyzer& analyzer, std::string name, std::uint64_t max_text_bytes)
    : analyzer_(analyzer),
      parser_(analyzer),
      decoder_([this](std::string_view text) { parser_.feed(text); }, max_text_bytes) {
  analyzer_.begin_input(std::move(name));
}

bool LogInput::feed(std::string_view bytes) { return decoder_.feed(bytes); }

bool LogInput::finish() {
  if (finished_) return error().empty();
  finished_ = true;
  const bool ok = decoder_.finish();
  analyzer_.end_input(parser_.finish());  // the lines read count even after an error
  return ok;
}

bool analyze_log_file(LogAnalyzer& analyzer, const std::string& path, std::string* error) {
  const bool stdin_input = path == "-";
  const int fd = stdin_input ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = "cannot open " + path + ": " + std::strerror(errno);
    return false;
  }
  LogInput input(analyzer, stdin_input ? "stdin" : path);
  std::vector<char> buffer(1 << 20);
  bool ok = true;
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = "cannot read " + path + ": " + std::strerror(errno);
      ok = false;
      break;
    }
    if (n == 0) break;
    if (!input.feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)))) {
      *error = path + ": " + input.error();
      ok = false;
      break;
    }
  }
  if (!stdin_input) ::close(fd);
  if (!input.finish() && ok) {
    *error = path + ": " + input.error();
    ok = false;
  }
  return ok;
}

}  // namespace kb
