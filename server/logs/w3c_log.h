// w3c_log.h: read IIS logs (W3C extended, IIS 6 to 10, and HTTP.sys HTTPERR) record by record,
// from byte chunks of any size, without allocating per line. Pure: no files, no globals.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

// Longer lines are reported as malformed and skipped (a log line is a few hundred bytes).
inline constexpr std::size_t kMaxLogLineBytes = 64 * 1024;
// A W3C line has at most this many fields (IIS has about 30 standard and custom ones).
inline constexpr std::size_t kMaxLogFields = 64;

// Splits a log line at runs of spaces, tabs and carriage returns into at most `max_fields`
// fields. Returns the number of fields in the line, which is max_fields + 1 when it has more
// (then only the first max_fields are stored).
std::size_t split_log_fields(std::string_view line, std::string_view* fields, std::size_t max_fields);

// The field names of a "#Fields:" directive, lower-cased ("sc-status", "cs(user-agent)"), or
// nullopt when `line` is not a #Fields directive.
std::optional<std::vector<std::string>> parse_fields_directive(std::string_view line);

// One record of a log. Views point into the parser's buffers: valid during the callback only.
struct LogRecord {
  std::size_t line_number = 0;  // 1-based, within the current input
  std::string_view line;        // the whole line, without its line break
  std::string_view date;        // "2026-11-20", empty when the log has no date field
  std::string_view time;        // "08:00:01", empty when the log has no time field
  int status = 0;               // sc-status; 0 when absent or "-" (HTTPERR connection events)
  int substatus = -1;           // sc-substatus; -1 when the log has no such field
  std::int64_t win32 = -1;      // sc-win32-status (0 to 4294967295); -1 when absent
  std::string_view uri;         // cs-uri-stem, or cs-uri in HTTPERR logs; empty when absent
  std::string_view user;        // cs-username
  std::string_view client;      // c-ip
  std::string_view reason;      // s-reason of an HTTPERR line; empty otherwise
  bool httperr = false;         // the line comes from an HTTPERR log (its fields have s-reason)
  bool ftp = false;             // an FTP service log: sc-status holds FTP replies
};

// Receives what the parser reads. Called synchronously from W3cLogParser::feed and finish.
class LogRecordHandler {
 public:
  virtual ~LogRecordHandler() = default;
  virtual void on_record(const LogRecord& record) = 0;
  // A line that is not a valid record: `error` says why ("expected 14 fields, found 9").
  virtual void on_malformed(std::size_t line_number, std::string_view error) = 0;
};

// Streaming parser of one log input. Lines are read by the field names of the latest "#Fields:"
// directive (any order; a new directive changes the layout mid-file); lines before any directive
// are read by the default IIS layouts (IIS 8.5+, IIS 7/7.5, IIS 6, HTTPERR), chosen by field
// count and content. Other directives (#Software, #Version, #Date) are ignored. Bad lines are
// reported to the handler and skipped; nothing is fatal. Not thread-safe.
class W3cLogParser {
 public:
  explicit W3cLogParser(LogRecordHandler& handler) : handler_(handler) {}

  // Reads `bytes`, which may end in the middle of a line (the rest comes with the next call).
  void feed(std::string_view bytes);
  // Ends the input: reads a last line without a line break, then resets the layout and the line
  // count so the parser can read another input. Returns the number of lines the input had.
  std::size_t finish();
  // Lines read from the current input so far (directives and blank lines included).
  std::size_t lines() const { return line_number_; }

  // Where each field of interest sits in a line; -1 when the layout has no such field.
  struct Layout {
    std::size_t count = 0;  // fields per line
    int date = -1, time = -1, status = -1, substatus = -1, win32 = -1, uri = -1, user = -1, client = -1,
        reason = -1, method = -1, port = -1;
    bool httperr = false;
  };

 private:
  void read_line(std::string_view line);
  void read_directive(std::string_view line);
  void read_record(std::string_view line, const Layout& layout);
  const Layout* guess_layout(std::size_t count) const;

  LogRecordHandler& handler_;
  Layout layout_;
  bool has_layout_ = false;        // a #Fields directive was read in this input
  std::string pending_;            // the start of a line split across chunks
  bool skipping_ = false;          // inside a line longer than kMaxLogLineBytes
  std::size_t line_number_ = 0;
  std::string_view fields_[kMaxLogFields];
};

}  // namespace kb
