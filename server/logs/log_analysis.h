// log_analysis.h: turn the records of IIS logs into the failures that matter: groups of the same
// status.substatus + Win32 status (or HTTPERR reason), with counts, time range, top URLs, users
// and clients, and a timeline, in memory bounded whatever the size of the logs. Pure: no files,
// no database (articles are attached afterwards, see log_articles.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "w3c_log.h"

namespace kb {

struct LogAnalysisOptions {
  std::size_t max_groups = 200;         // distinct failure groups; later ones go to one "other" group
  std::size_t tracked_values = 64;      // distinct URLs / users / clients tracked per group
  std::size_t top_values = 5;           // of which the report lists the most frequent
  std::size_t max_malformed_listed = 20;  // malformed lines listed with their line numbers
  std::size_t timeline_buckets = 120;   // time buckets; they widen as the time range grows
  std::size_t example_bytes = 400;      // an example line is cut to this length
};

// Counts of the most frequent values of a stream with a fixed number of counters (Space-Saving,
// Metwally et al. 2005): exact while at most `capacity` distinct values were seen, else each
// count is at most the true count plus the count of the value it replaced. Not thread-safe.
class TopCounter {
 public:
  explicit TopCounter(std::size_t capacity);
  TopCounter(const TopCounter&) = delete;
  TopCounter& operator=(const TopCounter&) = delete;
  TopCounter(TopCounter&&) = default;
  TopCounter& operator=(TopCounter&&) = default;

  void add(std::string_view value);
  // The `n` values with the highest counts, highest first (ties by value).
  std::vector<std::pair<std::string, std::uint64_t>> top(std::size_t n) const;
  // True while no value was evicted: every count is exact.
  bool exact() const { return evictions_ == 0; }

 private:
  std::size_t capacity_;
  std::vector<std::string> values_;     // never reallocated: the index points into it
  std::vector<std::uint64_t> counts_;   // apart from the values: the minimum is a short scan
  std::unordered_map<std::string_view, std::size_t> index_;
  std::uint64_t evictions_ = 0;
  std::uint64_t min_count_ = 0;  // at most the lowest count (see add)
  std::size_t cursor_ = 0;       // where the next search for a lowest count starts
};

// A malformed line, as reported (the first few only).
struct MalformedLine {
  std::string input;  // the input's name ("" when there is one unnamed input)
  std::size_t line = 0;
  std::string error;
};

struct LogArticle {
  std::string id, title, summary;
  std::string fix;  // the first step of the article's Fix section, as plain text
};

// One kind of failure.
struct LogGroup {
  bool httperr = false;  // grouped by HTTPERR s-reason
  bool ftp = false;      // FTP replies, not HTTP statuses
  bool other = false;    // the overflow group once max_groups groups exist
  int status = 0;        // 0: none (HTTPERR connection events, or the other group)
  int substatus = -1;    // -1: the log has no sc-substatus
  std::int64_t win32 = -1;  // -1: the log has no sc-win32-status
  std::string reason;    // HTTPERR s-reason
  std::uint64_t count = 0;
  std::string first, last;  // "2026-11-20 08:00:01"; empty when the log has no date and time
  std::string example;      // the first line of the group, cut to example_bytes
  std::vector<std::pair<std::string, std::uint64_t>> top_urls, top_users, top_clients;
  // Which of the lists above are estimates (more distinct values than tracked_values): their
  // counts are upper bounds. "urls", "users", "clients".
  std::vector<std::string> approximate;
  std::vector<std::uint64_t> timeline;  // failures per bucket of LogReport::timeline
  std::optional<LogArticle> article;
};

// The time axis shared by every group's timeline.
struct LogTimeline {
  std::string start;             // "2026-11-20 08:00", the start of the first bucket
  std::int64_t start_minute = 0;  // the same in minutes since 1970 (see log_minute)
  std::int64_t bucket_minutes = 0;
  std::size_t buckets = 0;       // 0 when no failure had a date and time
};

struct LogReport {
  std::uint64_t lines = 0;     // every line read, directives and blank lines included
  std::uint64_t requests = 0;  // records read (W3C requests and HTTPERR entries)
  std::uint64_t failures = 0;  // records with status >= 400, and HTTPERR entries with a reason
  std::uint64_t malformed = 0;
  std::vector<MalformedLine> malformed_lines;  // the first max_malformed_listed
  std::vector<LogGroup> groups;                // most failures first
  LogTimeline timeline;
};

// Accumulates records from any number of inputs. Memory is bounded by the options, not by the
// input. Not thread-safe.
class LogAnalyzer : public LogRecordHandler {
 public:
  explicit LogAnalyzer(LogAnalysisOptions options = {});

  // Names the input whose records come next (for malformed-line reports).
  void begin_input(std::string name);
  // Adds the lines of the input that just ended to the total.
  void end_input(std::size_t lines) { lines_ += lines; }

  void on_record(const LogRecord& record) override;
  void on_malformed(std::size_t line_number, std::string_view error) override;

  // The groups by count (ties: W3C before HTTPERR, then status, groups without one last, sub-status,
  // Win32 status, reason), without articles.
  LogReport report() const;

 private:
  struct Group {
    LogGroup head;  // key, count, first, last, example
    TopCounter urls, users, clients;
    std::vector<std::uint64_t> timeline;
    Group(std::size_t tracked) : urls(tracked), users(tracked), clients(tracked) {}
  };
  Group& group_for(const LogRecord& record);
  void add_to_timeline(Group& group, std::string_view date, std::string_view time);
  void widen_timeline(std::int64_t minute);

  LogAnalysisOptions options_;
  std::string input_;
  std::uint64_t lines_ = 0, requests_ = 0, failures_ = 0, malformed_ = 0;
  std::vector<MalformedLine> malformed_lines_;
  std::vector<Group> groups_;
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::size_t, KeyHash, std::equal_to<>> group_index_;
  std::string key_;  // reused buffer for group keys
  std::optional<std::size_t> other_;
  // Timeline axis: bucket i covers minutes [origin + i * width, origin + (i + 1) * width).
  bool timeline_started_ = false;
  std::int64_t origin_ = 0;
  std::size_t width_step_ = 0;  // index into the ladder of bucket widths
  std::size_t used_from_ = 0, used_to_ = 0;  // buckets holding counts: [used_from_, used_to_]
};

// Minutes since 1970-01-01 00:00 of a W3C date and time ("2026-11-20", "08:00:01"); nullopt when
// either is not in that form.
std::optional<std::int64_t> log_minute(std::string_view date, std::string_view time);

// "2026-11-20 08:00" for a number of minutes since 1970 (the inverse of log_minute).
std::string format_log_minute(std::int64_t minute);

// "/app/" for "/app/page.aspx", "/" for "/", the path of an absolute URI ("http://h/app/x" ->
// "/app/"), lower-cased (IIS paths are case-insensitive) and cut to 100 bytes.
std::string url_prefix(std::string_view uri);

}  // namespace kb
