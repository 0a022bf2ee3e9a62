// w3c_log.cpp: see w3c_log.h.
#include "w3c_log.h"

#include <algorithm>
#include <cstring>

namespace kb {
namespace {

using Layout = W3cLogParser::Layout;

bool is_separator(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The value of a run of at most `max_digits` decimal digits, or -1.
std::int64_t parse_number(std::string_view s, std::size_t max_digits) {
  if (s.empty() || s.size() > max_digits) return -1;
  std::int64_t n = 0;
  for (char c : s) {
    if (!is_digit(c)) return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

// "2026-11-20"
bool is_date(std::string_view s) {
  return s.size() == 10 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) && s[4] == '-' &&
         is_digit(s[5]) && is_digit(s[6]) && s[7] == '-' && is_digit(s[8]) && is_digit(s[9]);
}

// "08:00:01", optionally with a fraction ("08:00:01.123").
bool is_time(std::string_view s) {
  if (s.size() < 8 || !(is_digit(s[0]) && is_digit(s[1]) && s[2] == ':' && is_digit(s[3]) && is_digit(s[4]) &&
                        s[5] == ':' && is_digit(s[6]) && is_digit(s[7]))) {
    return false;
  }
  if (s.size() == 8) return true;
  if (s[8] != '.' || s.size() == 9) return false;
  for (char c : s.substr(9)) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// An HTTP status or FTP reply: three digits, 100 to 999.
int parse_status(std::string_view s) {
  if (s.size() != 3) return -1;
  std::int64_t n = parse_number(s, 3);
  return n >= 100 ? static_cast<int>(n) : -1;
}

std::string quoted(std::string_view value) {
  constexpr std::size_t kMax = 32;
  std::string out = "\"";
  out.append(value.substr(0, kMax));
  if (value.size() > kMax) out += "...";
  return out + "\"";
}

Layout make_layout(std::size_t count, std::initializer_list<std::pair<int Layout::*, int>> fields, bool httperr) {
  Layout l;
  l.count = count;
  l.httperr = httperr;
  for (const auto& [member, index] : fields) l.*member = index;
  return l;
}

// The layouts IIS writes when nobody changed the logged fields, tried in this order on lines that
// come before any #Fields directive (a paste of log lines without their header).
const std::vector<Layout>& default_layouts() {
  static const std::vector<Layout> layouts = {
      // IIS 8.5 and 10: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip
      // cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken
      make_layout(15,
                  {{&Layout::date, 0}, {&Layout::time, 1}, {&Layout::method, 3}, {&Layout::uri, 4}, {&Layout::port, 6},
                   {&Layout::user, 7}, {&Layout::client, 8}, {&Layout::status, 11}, {&Layout::substatus, 12},
                   {&Layout::win32, 13}},
                  false),
      // IIS 7 and 7.5: the same without cs(Referer).
      make_layout(14,
                  {{&Layout::date, 0}, {&Layout::time, 1}, {&Layout::method, 3}, {&Layout::uri, 4}, {&Layout::port, 6},
                   {&Layout::user, 7}, {&Layout::client, 8}, {&Layout::status, 10}, {&Layout::substatus, 11},
                   {&Layout::win32, 12}},
                  false),
      // IIS 6: date time s-sitename s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip
      // cs(User-Agent) sc-status sc-substatus sc-win32-status
      make_layout(14,
                  {{&Layout::date, 0}, {&Layout::time, 1}, {&Layout::method, 4}, {&Layout::uri, 5}, {&Layout::port, 7},
                   {&Layout::user, 8}, {&Layout::client, 9}, {&Layout::status, 11}, {&Layout::substatus, 12},
                   {&Layout::win32, 13}},
                  false),
      // HTTPERR, IIS 7+: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid
      // sc-status s-siteid s-reason s-queuename
      make_layout(14,
                  {{&Layout::date, 0}, {&Layout::time, 1}, {&Layout::client, 2}, {&Layout::port, 5},
                   {&Layout::method, 7}, {&Layout::uri, 8}, {&Layout::status, 10}, {&Layout::reason, 12}},
                  true),
      // HTTPERR, IIS 6: the same without streamid.
      make_layout(13,
                  {{&Layout::date, 0}, {&Layout::time, 1}, {&Layout::client, 2}, {&Layout::port, 5},
                   {&Layout::method, 7}, {&Layout::uri, 8}, {&Layout::status, 9}, {&Layout::reason, 11}},
                  true),
      // IIS 5 and IIS 6 with few fields: date time c-ip cs-username s-ip s-port cs-method
      // cs-uri-stem cs-uri-query sc-status cs(User-Agent); no sub-status, no Win32 status.
      make_layout(11,
                  {{&Layout::date, 0}, {&Layout::time, 1}, {&Layout::client, 2}, {&Layout::user, 3},
                   {&Layout::port, 5}, {&Layout::method, 6}, {&Layout::uri, 7}, {&Layout::status, 9}},
                  false),
  };
  return layouts;
}

}  // namespace

std::size_t split_log_fields(std::string_view line, std::string_view* fields, std::size_t max_fields) {
  // The hot loop of log reading: memchr finds each kind of separator (vectorised), and the next
  // tab and carriage return are looked for again only once passed (usually never: W3C logs
  // separate fields by single spaces).
  const char* p = line.data();
  const char* const end = p + line.size();
  auto find = [end](const char* from, char c) {
    const void* at = std::memchr(from, c, static_cast<std::size_t>(end - from));
    return at ? static_cast<const char*>(at) : end;
  };
  const char* next_tab = find(p, '\t');
  const char* next_cr = find(p, '\r');
  std::size_t count = 0;
  while (p < end) {
    while (p < end && is_separator(*p)) ++p;
    if (p == end) break;
    if (next_tab < p) next_tab = find(p, '\t');
    if (next_cr < p) next_cr = find(p, '\r');
    const char* stop = std::min(find(p, ' '), std::min(next_tab, next_cr));
    if (count == max_fields) return max_fields + 1;
    fields[count++] = std::string_view(p, static_cast<std::size_t>(stop - p));
    p = stop;
  }
  return count;
}

std::optional<std::vector<std::string>> parse_fields_directive(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  constexpr std::string_view kDirective = "#Fields:";
  if (line.substr(0, kDirective.size()) != kDirective) return std::nullopt;
  line.remove_prefix(kDirective.size());
  std::vector<std::string> names;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_separator(line[i])) ++i;
    std::size_t j = i;
    while (j < line.size() && !is_separator(line[j])) ++j;
    if (j > i) {
      std::string name(line.substr(i, j - i));
      for (char& c : name) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      names.push_back(std::move(name));
    }
    i = j;
  }
  return names;
}

void W3cLogParser::feed(std::string_view bytes) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  while (p < end) {
    const void* found = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    const char* nl = found ? static_cast<const char*>(found) : end;
    std::string_view piece(p, static_cast<std::size_t>(nl - p));
    p = found ? nl + 1 : end;
    if (!found) {
      // The line goes on in the next chunk: keep its start, up to the limit.
      if (!skipping_) {
        if (pending_.size() + piece.size() > kMaxLogLineBytes) {
          pending_.clear();
          skipping_ = true;
        } else {
          pending_.append(piece);
        }
      }
      return;
    }
    if (skipping_) {
      ++line_number_;
      handler_.on_malformed(line_number_, "line longer than " + std::to_string(kMaxLogLineBytes) + " bytes");
      skipping_ = false;
    } else if (!pending_.empty()) {
      if (pending_.size() + piece.size() > kMaxLogLineBytes) {
        ++line_number_;
        handler_.on_malformed(line_number_, "line longer than " + std::to_string(kMaxLogLineBytes) + " bytes");
      } else {
        pending_.append(piece);
        read_line(pending_);
      }
      pending_.clear();
    } else if (piece.size() > kMaxLogLineBytes) {
      ++line_number_;
      handler_.on_malformed(line_number_, "line longer than " + std::to_string(kMaxLogLineBytes) + " bytes");
    } else {
      read_line(piece);
    }
  }
}

std::size_t W3cLogParser::finish() {
  if (skipping_) {
    ++line_number_;
    handler_.on_malformed(line_number_, "line longer than " + std::to_string(kMaxLogLineBytes) + " bytes");
  } else if (!pending_.empty()) {
    read_line(pending_);
  }
  pending_.clear();
  skipping_ = false;
  has_layout_ = false;
  layout_ = Layout{};
  const std::size_t lines = line_number_;
  line_number_ = 0;
  return lines;
}

void W3cLogParser::read_line(std::string_view line) {
  ++line_number_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::size_t start = 0;
  while (start < line.size() && is_separator(line[start])) ++start;
  if (start == line.size()) return;  // blank
  if (line[start] == '#') {
    read_directive(line);
    return;
  }
  const std::size_t count = split_log_fields(line, fields_, kMaxLogFields);
  if (has_layout_) {
    if (count != layout_.count) {
      handler_.on_malformed(line_number_, "expected " + std::to_string(layout_.count) + " fields (as #Fields says), found " +
                                              (count > kMaxLogFields ? "more" : std::to_string(count)));
      return;
    }
    read_record(line, layout_);
    return;
  }
  const Layout* guessed = guess_layout(count);
  if (!guessed) {
    handler_.on_malformed(line_number_, "no #Fields directive, and no default IIS log layout matches these " +
                                            (count > kMaxLogFields ? std::string("many") : std::to_string(count)) +
                                            " fields");
    return;
  }
  read_record(line, *guessed);
}

void W3cLogParser::read_directive(std::string_view line) {
  auto names = parse_fields_directive(line);
  if (!names) return;  // #Software, #Version, #Date, #Remark: nothing to read
  Layout l;
  l.count = names->size();
  for (std::size_t i = 0; i < names->size(); ++i) {
    const std::string& n = (*names)[i];
    const int at = static_cast<int>(i);
    if (n == "date") l.date = at;
    else if (n == "time") l.time = at;
    else if (n == "sc-status") l.status = at;
    else if (n == "sc-substatus") l.substatus = at;
    else if (n == "sc-win32-status") l.win32 = at;
    else if (n == "cs-uri-stem") l.uri = at;
    else if (n == "cs-uri" && l.uri < 0) l.uri = at;
    else if (n == "cs-username") l.user = at;
    else if (n == "c-ip") l.client = at;
    else if (n == "s-reason") l.reason = at;
    else if (n == "cs-method") l.method = at;
    else if (n == "s-port") l.port = at;
  }
  // cs-uri-stem wins over cs-uri whatever their order.
  for (std::size_t i = 0; i < names->size(); ++i) {
    if ((*names)[i] == "cs-uri-stem") l.uri = static_cast<int>(i);
  }
  l.httperr = l.reason >= 0;
  layout_ = l;
  has_layout_ = true;
}

const Layout* W3cLogParser::guess_layout(std::size_t count) const {
  for (const Layout& l : default_layouts()) {
    if (l.count != count) continue;
    if (!is_date(fields_[l.date]) || !is_time(fields_[l.time])) continue;
    std::string_view status = fields_[l.status];
    if (parse_status(status) < 0 && !(l.httperr && status == "-")) continue;
    if (l.substatus >= 0 && parse_number(fields_[l.substatus], 5) < 0) continue;
    if (l.win32 >= 0 && parse_number(fields_[l.win32], 10) < 0) continue;
    if (l.httperr && (fields_[l.reason].empty() || is_digit(fields_[l.reason].front()))) continue;
    return &l;
  }
  return nullptr;
}

void W3cLogParser::read_record(std::string_view line, const Layout& l) {
  LogRecord r;
  r.line_number = line_number_;
  r.line = line;
  r.httperr = l.httperr;
  if (l.date >= 0) {
    r.date = fields_[l.date];
    if (!is_date(r.date)) {
      handler_.on_malformed(line_number_, "date " + quoted(r.date) + " is not yyyy-mm-dd");
      return;
    }
  }
  if (l.time >= 0) {
    r.time = fields_[l.time];
    if (!is_time(r.time)) {
      handler_.on_malformed(line_number_, "time " + quoted(r.time) + " is not hh:mm:ss");
      return;
    }
  }
  if (l.status >= 0) {
    std::string_view s = fields_[l.status];
    if (!(l.httperr && s == "-")) {
      r.status = parse_status(s);
      if (r.status < 0) {
        handler_.on_malformed(line_number_, "sc-status " + quoted(s) + " is not a status code");
        return;
      }
    }
  }
  if (l.substatus >= 0) {
    std::string_view s = fields_[l.substatus];
    std::int64_t n = parse_number(s, 5);
    if (n < 0 || n > 65535) {
      handler_.on_malformed(line_number_, "sc-substatus " + quoted(s) + " is not a number");
      return;
    }
    r.substatus = static_cast<int>(n);
  }
  if (l.win32 >= 0) {
    std::string_view s = fields_[l.win32];
    std::int64_t n = parse_number(s, 10);
    if (n < 0 || n > 4294967295LL) {
      handler_.on_malformed(line_number_, "sc-win32-status " + quoted(s) + " is not a number");
      return;
    }
    r.win32 = n;
  }
  if (l.uri >= 0) r.uri = fields_[l.uri];
  if (l.user >= 0) r.user = fields_[l.user];
  if (l.client >= 0) r.client = fields_[l.client];
  if (l.reason >= 0) r.reason = fields_[l.reason];
  // FTP service logs use the same format; their methods read "[12]USER" and their port is 21.
  if (!r.httperr) {
    r.ftp = (l.method >= 0 && !fields_[l.method].empty() && fields_[l.method].front() == '[') ||
            (l.port >= 0 && fields_[l.port] == "21");
  }
  handler_.on_record(r);
}

}  // namespace kb
