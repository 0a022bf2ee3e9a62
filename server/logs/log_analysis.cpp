// log_analysis.cpp: see log_analysis.h.
#include "log_analysis.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "text.h"

namespace kb {
namespace {

constexpr std::size_t kMaxValueBytes = 100;

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Writes the URL prefix of `uri` into `out` (see url_prefix), reusing its buffer.
void write_url_prefix(std::string_view uri, std::string* out) {
  out->clear();
  for (std::string_view scheme : {"http://", "https://"}) {
    if (uri.size() >= scheme.size() &&
        std::equal(scheme.begin(), scheme.end(), uri.begin(), [](char a, char b) { return a == ascii_lower(b); })) {
      uri.remove_prefix(scheme.size());
      std::size_t slash = uri.find('/');
      uri = slash == std::string_view::npos ? std::string_view("/") : uri.substr(slash);
      break;
    }
  }
  uri = uri.substr(0, uri.find('?'));
  if (uri.empty()) {
    out->push_back('-');
    return;
  }
  std::size_t end = uri.size();
  if (uri.front() == '/') {
    std::size_t next = uri.find('/', 1);
    if (next != std::string_view::npos) end = next + 1;
  }
  end = std::min(end, kMaxValueBytes);
  for (std::size_t i = 0; i < end; ++i) out->push_back(ascii_lower(uri[i]));
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

std::string format_log_minute(std::int64_t minute) {
  std::int64_t days = minute >= 0 ? minute / 1440 : (minute - 1439) / 1440;
  const std::int64_t in_day = minute - days * 1440;
  // civil_from_days
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld", static_cast<long long>(y), m, d,
                static_cast<long long>(in_day / 60), static_cast<long long>(in_day % 60));
  return buf;
}

namespace {

// Bucket widths in minutes; each divides the next, so widening merges whole buckets.
std::int64_t bucket_width(std::size_t step) {
  static constexpr std::int64_t kLadder[] = {1, 5, 10, 30, 60, 180, 360, 720, 1440};
  constexpr std::size_t n = sizeof kLadder / sizeof kLadder[0];
  if (step < n) return kLadder[step];
  return kLadder[n - 1] << std::min<std::size_t>(step - (n - 1), 40);
}

std::int64_t floor_to(std::int64_t value, std::int64_t width) {
  std::int64_t q = value / width;
  if (value % width != 0 && value < 0) --q;
  return q * width;
}

std::string clean(std::string_view s) { return sanitize_utf8(s); }

}  // namespace

std::optional<std::int64_t> log_minute(std::string_view date, std::string_view time) {
  auto digits = [](std::string_view s, std::size_t at, std::size_t n) -> int {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (i >= s.size() || s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  if (date.size() != 10 || time.size() < 8 || date[4] != '-' || date[7] != '-' || time[2] != ':' || time[5] != ':') {
    return std::nullopt;
  }
  const int y = digits(date, 0, 4), mo = digits(date, 5, 2), d = digits(date, 8, 2);
  const int h = digits(time, 0, 2), mi = digits(time, 3, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 1440 + h * 60 + mi;
}

std::string url_prefix(std::string_view uri) {
  std::string out;
  write_url_prefix(uri, &out);
  return out;
}

// --- TopCounter ---

TopCounter::TopCounter(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {
  values_.reserve(capacity_);
  counts_.reserve(capacity_);
  index_.reserve(capacity_ * 2);
}

void TopCounter::add(std::string_view value) {
  auto it = index_.find(value);
  if (it != index_.end()) {
    ++counts_[it->second];
    return;
  }
  if (values_.size() < capacity_) {
    values_.emplace_back(value);
    counts_.push_back(1);
    index_.emplace(values_.back(), values_.size() - 1);
    return;
  }
  // Replace a value with the lowest count; the newcomer inherits that count (Space-Saving).
  // Counts only grow, so min_count_ stays a lower bound of the minimum: a value with that count
  // is a minimum. The search resumes after the last one replaced (amortised O(1) when many
  // values share the minimum, as with many distinct clients).
  std::size_t min = capacity_;
  while (min == capacity_) {
    for (std::size_t k = 0; k < counts_.size(); ++k) {
      const std::size_t i = (cursor_ + k) % counts_.size();
      if (counts_[i] == min_count_) {
        min = i;
        break;
      }
    }
    if (min == capacity_) min_count_ = *std::min_element(counts_.begin(), counts_.end());
  }
  cursor_ = (min + 1) % counts_.size();
  // The index node is reused, not freed and allocated again: no allocation per eviction.
  auto node = index_.extract(values_[min]);
  values_[min].assign(value);
  counts_[min] += 1;
  node.key() = values_[min];
  index_.insert(std::move(node));
  ++evictions_;
}

std::vector<std::pair<std::string, std::uint64_t>> TopCounter::top(std::size_t n) const {
  std::vector<std::size_t> order(values_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return counts_[a] != counts_[b] ? counts_[a] > counts_[b] : values_[a] < values_[b];
  });
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (std::size_t i = 0; i < order.size() && i < n; ++i) out.emplace_back(values_[order[i]], counts_[order[i]]);
  return out;
}

// --- LogAnalyzer ---

LogAnalyzer::LogAnalyzer(LogAnalysisOptions options) : options_(options) {
  options_.timeline_buckets = std::max<std::size_t>(options_.timeline_buckets, 2);
  groups_.reserve(std::min<std::size_t>(options_.max_groups + 1, 64));
}

void LogAnalyzer::begin_input(std::string name) { input_ = std::move(name); }

void LogAnalyzer::on_malformed(std::size_t line_number, std::string_view error) {
  ++malformed_;
  if (malformed_lines_.size() < options_.max_malformed_listed) {
    malformed_lines_.push_back({input_, line_number, std::string(error)});
  }
}

LogAnalyzer::Group& LogAnalyzer::group_for(const LogRecord& r) {
  key_.clear();
  key_.push_back(r.httperr ? 'h' : r.ftp ? 'f' : 'w');
  const std::int64_t numbers[3] = {r.status, r.substatus, r.win32};
  key_.append(reinterpret_cast<const char*>(numbers), sizeof numbers);
  if (r.httperr) key_.append(r.reason.substr(0, kMaxValueBytes));
  auto it = group_index_.find(std::string_view(key_));
  if (it != group_index_.end()) return groups_[it->second];

  if (groups_.size() >= options_.max_groups + (other_ ? 1 : 0)) {
    if (!other_) {
      other_ = groups_.size();
      groups_.emplace_back(options_.tracked_values);
      groups_.back().head.other = true;
      groups_.back().timeline.assign(options_.timeline_buckets, 0);
    }
    return groups_[*other_];
  }
  groups_.emplace_back(options_.tracked_values);
  Group& g = groups_.back();
  g.head.httperr = r.httperr;
  g.head.ftp = r.ftp;
  g.head.status = r.status;
  g.head.substatus = r.substatus;
  g.head.win32 = r.win32;
  if (r.httperr) g.head.reason = std::string(r.reason.substr(0, kMaxValueBytes));
  g.timeline.assign(options_.timeline_buckets, 0);
  group_index_.emplace(key_, groups_.size() - 1);
  return g;
}

void LogAnalyzer::on_record(const LogRecord& r) {
  ++requests_;
  const bool failure = r.httperr ? (!r.reason.empty() && r.reason != "-") : r.status >= 400;
  if (!failure) return;
  ++failures_;
  Group& g = group_for(r);
  LogGroup& h = g.head;
  ++h.count;

  if (!r.date.empty() || !r.time.empty()) {
    // "2026-11-20 08:00:01": compared as text, which orders it in time.
    char stamp[24];
    std::size_t n = 0;
    if (!r.date.empty()) {
      std::memcpy(stamp, r.date.data(), std::min<std::size_t>(r.date.size(), 10));
      n = std::min<std::size_t>(r.date.size(), 10);
    }
    if (!r.time.empty()) {
      if (n) stamp[n++] = ' ';
      const std::size_t t = std::min<std::size_t>(r.time.size(), 8);
      std::memcpy(stamp + n, r.time.data(), t);
      n += t;
    }
    std::string_view ts(stamp, n);
    if (h.first.empty() || ts < h.first) h.first.assign(ts);
    if (h.last.empty() || ts > h.last) h.last.assign(ts);
  }
  if (h.example.empty()) h.example.assign(r.line.substr(0, options_.example_bytes));

  if (!r.uri.empty() && r.uri != "-") {
    write_url_prefix(r.uri, &key_);
    g.urls.add(key_);
  }
  if (!r.user.empty()) g.users.add(r.user.substr(0, kMaxValueBytes));
  if (!r.client.empty()) g.clients.add(r.client.substr(0, kMaxValueBytes));
  add_to_timeline(g, r.date, r.time);
}

void LogAnalyzer::add_to_timeline(Group& g, std::string_view date, std::string_view time) {
  auto minute = log_minute(date, time);
  if (!minute) return;
  const std::size_t n = options_.timeline_buckets;
  if (!timeline_started_) {
    timeline_started_ = true;
    width_step_ = 0;
    origin_ = *minute;
    used_from_ = used_to_ = 0;
  }
  widen_timeline(*minute);
  const std::size_t at = static_cast<std::size_t>((*minute - origin_) / bucket_width(width_step_));
  if (at >= n) return;  // cannot happen after widen_timeline
  ++g.timeline[at];
  used_from_ = std::min(used_from_, at);
  used_to_ = std::max(used_to_, at);
}

void LogAnalyzer::widen_timeline(std::int64_t minute) {
  const std::size_t n = options_.timeline_buckets;
  for (;;) {
    const std::int64_t w = bucket_width(width_step_);
    if (minute >= origin_ && minute < origin_ + w * static_cast<std::int64_t>(n)) return;
    if (minute < origin_) {
      // Earlier than the axis: move its start back if the counts still fit.
      const std::int64_t new_origin = floor_to(minute, w);
      const std::int64_t shift = (origin_ - new_origin) / w;
      if (static_cast<std::int64_t>(used_to_) + shift < static_cast<std::int64_t>(n)) {
        const std::size_t s = static_cast<std::size_t>(shift);
        for (auto& g : groups_) {
          std::move_backward(g.timeline.begin(), g.timeline.begin() + static_cast<std::ptrdiff_t>(n - s), g.timeline.end());
          std::fill(g.timeline.begin(), g.timeline.begin() + static_cast<std::ptrdiff_t>(s), 0);
        }
        origin_ = new_origin;
        used_from_ += s;
        used_to_ += s;
        continue;
      }
    }
    // Wider buckets: merge the counts into the next width of the ladder.
    ++width_step_;
    const std::int64_t w2 = bucket_width(width_step_);
    const std::int64_t new_origin = floor_to(origin_, w2);
    std::vector<std::uint64_t> merged(n);
    std::size_t from = n, to = 0;
    for (auto& g : groups_) {
      std::fill(merged.begin(), merged.end(), 0);
      for (std::size_t i = used_from_; i <= used_to_ && i < n; ++i) {
        if (g.timeline[i] == 0) continue;
        const std::size_t j = static_cast<std::size_t>((origin_ + static_cast<std::int64_t>(i) * w - new_origin) / w2);
        merged[j] += g.timeline[i];
        from = std::min(from, j);
        to = std::max(to, j);
      }
      g.timeline.swap(merged);
    }
    origin_ = new_origin;
    if (from <= to) {
      used_from_ = from;
      used_to_ = to;
    } else {
      used_from_ = used_to_ = 0;
    }
  }
}

LogReport LogAnalyzer::report() const {
  LogReport r;
  r.lines = lines_;
  r.requests = requests_;
  r.failures = failures_;
  r.malformed = malformed_;
  for (const auto& m : malformed_lines_) r.malformed_lines.push_back({clean(m.input), m.line, clean(m.error)});
  bool any_time = false;
  for (const auto& g : groups_) {
    for (std::size_t i = used_from_; i <= used_to_ && i < g.timeline.size(); ++i) any_time |= g.timeline[i] > 0;
  }
  if (any_time) {
    const std::int64_t w = bucket_width(width_step_);
    r.timeline.start_minute = origin_ + static_cast<std::int64_t>(used_from_) * w;
    r.timeline.start = format_log_minute(r.timeline.start_minute);
    r.timeline.bucket_minutes = w;
    r.timeline.buckets = used_to_ - used_from_ + 1;
  }
  for (const auto& g : groups_) {
    LogGroup out = g.head;
    out.reason = clean(out.reason);
    out.example = clean(out.example);
    auto top = [&](const TopCounter& c) {
      auto list = c.top(options_.top_values);
      for (auto& [value, count] : list) value = clean(value);
      return list;
    };
    out.top_urls = top(g.urls);
    out.top_users = top(g.users);
    out.top_clients = top(g.clients);
    if (!g.urls.exact()) out.approximate.push_back("urls");
    if (!g.users.exact()) out.approximate.push_back("users");
    if (!g.clients.exact()) out.approximate.push_back("clients");
    if (any_time) {
      out.timeline.assign(g.timeline.begin() + static_cast<std::ptrdiff_t>(used_from_),
                          g.timeline.begin() + static_cast<std::ptrdiff_t>(used_to_ + 1));
    }
    r.groups.push_back(std::move(out));
  }
  std::stable_sort(r.groups.begin(), r.groups.end(), [](const LogGroup& a, const LogGroup& b) {
    if (a.other != b.other) return b.other;
    if (a.count != b.count) return a.count > b.count;
    if (a.httperr != b.httperr) return b.httperr;
    if (a.status != b.status) return (a.status ? a.status : 1000) < (b.status ? b.status : 1000);  // none last
    if (a.substatus != b.substatus) return a.substatus < b.substatus;
    if (a.win32 != b.win32) return a.win32 < b.win32;
    return a.reason < b.reason;
  });
  return r;
}

}  // namespace kb
