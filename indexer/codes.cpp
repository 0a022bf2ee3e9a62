// codes.cpp: code detection and normalisation (see codes.h).
#include "codes.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <set>
#include <unordered_map>

namespace kb {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
char to_lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
char to_upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

bool all_of(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), to_lower);
  return out;
}

std::optional<std::uint64_t> parse_decimal(std::string_view s) {
  if (s.empty() || s.size() > 19 || !all_of(s, is_digit)) return std::nullopt;
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string hex8(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", static_cast<unsigned>(v));
  return buf;
}

// Kind of an 8-hex-digit value: failure HRESULTs have the top bit set (0x8..., 0x9...,
// facility codes up to 0xb...), NTSTATUS errors have severity 3 (0xc..., 0xd...).
std::optional<CodeKind> hex_kind(std::uint32_t v) {
  unsigned top = v >> 28;
  if (top >= 0x8 && top <= 0xb) return CodeKind::kHresult;
  if (top >= 0xc) return CodeKind::kNtstatus;
  return std::nullopt;
}

bool is_http_status(std::uint64_t v) { return v >= 100 && v <= 599; }

// ERROR_ACCESS_DENIED, E_ACCESSDENIED: capitals and digits in words joined by '_'.
bool is_upper_symbol(std::string_view s) {
  if (s.size() < 3 || s.size() > 80 || !(s[0] >= 'A' && s[0] <= 'Z')) return false;
  bool underscore = false;
  char prev = 0;
  for (char c : s) {
    if (c == '_') {
      if (prev == '_') return false;
      underscore = true;
    } else if (!((c >= 'A' && c <= 'Z') || is_digit(c))) {
      return false;
    }
    prev = c;
  }
  return underscore && prev != '_';
}

// rsAccessDenied: a short lower-case prefix, then capitalised words (SSRS-style error names).
bool is_camel_symbol(std::string_view s) {
  if (s.size() < 5 || s.size() > 80) return false;
  std::size_t i = 0;
  while (i < s.size() && s[i] >= 'a' && s[i] <= 'z') ++i;
  if (i == 0 || i > 4 || i >= s.size() || !(s[i] >= 'A' && s[i] <= 'Z')) return false;
  int capitals = 0;
  for (; i < s.size(); ++i) {
    if (s[i] >= 'A' && s[i] <= 'Z') ++capitals;
    else if (!is_alnum(s[i])) return false;
  }
  return capitals >= 2;
}

struct Token {
  std::string_view text;
  std::size_t begin;  // offset in the scanned text
};

bool is_token_char(char c) { return is_alnum(c) || c == '_' || c == '.' || c == ':' || c == '-'; }

// Splits text into runs of [A-Za-z0-9_.:-], trimmed of leading and trailing '.', ':' and '-'
// (but a '-' directly before a digit stays: "-2147024891").
std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_token_char(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && is_token_char(text[j])) ++j;
    std::size_t b = i, e = j;
    while (b < e && (text[b] == '.' || text[b] == ':' ||
                     (text[b] == '-' && !(b + 1 < e && is_digit(text[b + 1]))))) {
      ++b;
    }
    while (e > b && (text[e - 1] == '.' || text[e - 1] == ':' || text[e - 1] == '-')) --e;
    if (e > b) tokens.push_back({text.substr(b, e - b), b});
    i = j;
  }
  return tokens;
}

class Detector {
 public:
  explicit Detector(std::string_view text) : text_(text), tokens_(tokenize(text)) {}

  std::vector<DetectedCode> run() {
    for (std::size_t i = 0; i < tokens_.size(); ++i) read_token(i);
    return std::move(found_);
  }

 private:
  std::string_view span(std::size_t first, std::size_t last) const {
    std::size_t b = tokens_[first].begin;
    std::size_t e = tokens_[last].begin + tokens_[last].text.size();
    return text_.substr(b, e - b);
  }

  // The word `back` tokens before token `i`, if on the same line: a label on the line above does
  // not name the number ("Server Error" over "404 - File or directory not found.").
  std::string prev_word(std::size_t i, std::size_t back) const {
    if (i < back) return {};
    const Token& t = tokens_[i - back];
    const std::size_t end = t.begin + t.text.size();
    if (text_.substr(end, tokens_[i].begin - end).find('\n') != std::string_view::npos) return {};
    return lower(t.text);
  }

  void add(std::string code, CodeKind kind, std::string_view from, bool guessed) {
    // A long log has hundreds of distinct numbers: found by index, not by a scan of found_.
    auto [at, inserted] = index_.try_emplace(code, found_.size());
    if (!inserted) {
      DetectedCode& d = found_[at->second];
      if (!guessed && d.guessed) {
        d.guessed = false;
        d.from = std::string(from);
      }
      return;
    }
    found_.push_back({std::move(code), kind, std::string(from), guessed});
  }

  void add_hex(std::uint32_t v, std::string_view from, bool guessed) {
    if (auto kind = hex_kind(v)) add(hex8(v), *kind, from, guessed);
  }

  // A Win32 status as it appears in logs and messages: small values are Win32 errors, large
  // ones are HRESULTs printed in decimal (2147942405 = 0x80070005).
  void add_win32(std::uint64_t v, std::string_view from, bool guessed) {
    if (v == 0) return;
    if (v <= 0xffff) {
      add("win32:" + std::to_string(v), CodeKind::kWin32, from, guessed);
    } else if (v >= 0x80000000ULL && v <= 0xffffffffULL) {
      add_hex(static_cast<std::uint32_t>(v), from, guessed);
    }
  }

  void read_token(std::size_t i) {
    std::string_view t = tokens_[i].text;
    std::string lt = lower(t);

    // 0x80070005, 0xC000006D
    if (lt.size() == 10 && lt[0] == '0' && lt[1] == 'x' && all_of(lt.substr(2), is_hex)) {
      add_hex(static_cast<std::uint32_t>(std::stoul(lt.substr(2), nullptr, 16)), t, false);
      return;
    }
    // win32:5, event:4625, ftp:530 (already canonical)
    for (std::string_view prefix : {"win32:", "event:", "ftp:"}) {
      if (lt.rfind(prefix, 0) == 0) {
        auto v = parse_decimal(std::string_view(lt).substr(prefix.size()));
        if (!v) return;
        if (prefix == "win32:") add_win32(*v, t, false);
        else if (prefix == "event:" && *v <= 0xffff) add("event:" + std::to_string(*v), CodeKind::kEvent, t, false);
        else if (prefix == "ftp:" && is_http_status(*v)) add("ftp:" + std::to_string(*v), CodeKind::kFtp, t, false);
        return;
      }
    }
    // 80070005, 8000401a, C000006D: eight hex digits with the failure bit set.
    if (lt.size() == 8 && all_of(lt, is_hex) && (lt[0] == '8' || lt[0] == 'c')) {
      add_hex(static_cast<std::uint32_t>(std::stoul(lt, nullptr, 16)), t, false);
      return;
    }
    // -2147024891: a negative HRESULT.
    if (lt.size() > 1 && lt[0] == '-') {
      auto v = parse_decimal(std::string_view(lt).substr(1));
      if (v && *v <= 0x80000000ULL && *v >= 0x10000000ULL) {
        add_hex(static_cast<std::uint32_t>(0x100000000ULL - *v), t, false);
      }
      return;
    }
    // 401.3, 401-3, 500.19
    if (lt.size() >= 5 && lt.size() <= 7 && is_digit(lt[0]) && is_digit(lt[1]) && is_digit(lt[2]) &&
        (lt[3] == '.' || lt[3] == '-')) {
      auto status = parse_decimal(std::string_view(lt).substr(0, 3));
      auto sub = parse_decimal(std::string_view(lt).substr(4));
      if (status && sub && is_http_status(*status)) {
        add(std::to_string(*status) + "." + std::to_string(*sub), CodeKind::kHttp, t, false);
      }
      return;
    }
    if (auto v = parse_decimal(lt)) {
      read_number(i, *v);
      return;
    }
    // ERROR_ACCESS_DENIED, E_ACCESSDENIED: every upper-case symbol has an underscore.
    if (t.find('_') != std::string_view::npos) {
      if (std::string up = upper(t); is_upper_symbol(up)) {
        // A name such as IUSR_WEB01 looks the same: only the index can tell.
        add(up, CodeKind::kSymbol, t, true);
        return;
      }
    }
    if (is_camel_symbol(t)) add(std::string(t), CodeKind::kSymbol, t, true);
  }

  static std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), to_upper);
    return out;
  }

  std::optional<std::uint64_t> number_at(std::size_t i) const {
    if (i >= tokens_.size()) return std::nullopt;
    return parse_decimal(tokens_[i].text);
  }

  void read_number(std::size_t i, std::uint64_t v) {
    const std::string p1 = prev_word(i, 1), p2 = prev_word(i, 2);
    // Decimal HRESULTs, as IIS writes them to sc-win32-status: 2148074254 = 0x8009030e.
    if (v >= 0x80000000ULL && v <= 0xffffffffULL) {
      add_hex(static_cast<std::uint32_t>(v), tokens_[i].text, false);
      return;
    }
    // Event ID 4625, EventID: 10016, Event 4625
    if (p1 == "eventid" || (p1 == "id" && p2 == "event") || p1 == "event") {
      if (v <= 0xffff) add("event:" + std::to_string(v), CodeKind::kEvent, span(i - (p1 == "id" ? 2 : 1), i), false);
      return;
    }
    // .NET and PowerShell: "The remote server returned an error: (401) Unauthorized."
    if (is_http_status(v) && tokens_[i].text.size() == 3 && in_parentheses(i)) {
      add(std::to_string(v), CodeKind::kHttp, span(i, i), false);
      return;
    }
    // HTTP Error 503, HTTP 401
    if (is_http_status(v) && tokens_[i].text.size() == 3 && (p1 == "http" || (p1 == "error" && p2 == "http"))) {
      add(std::to_string(v), CodeKind::kHttp, span(p1 == "http" ? i - 1 : i - 2, i), false);
      return;
    }
    // Win32 error 1326, System error 5, error 1069, win32 status 5, Error Code 5, Python's
    // [WinError 5], GetLastError() 5 / LastError: 5
    if (p1 == "winerror" || p1 == "getlasterror" || p1 == "lasterror") {
      add_win32(v, span(i - 1, i), false);
      return;
    }
    // "Error 403 Forbidden", "error 401": a 4xx or 5xx after "error" (not "System error" or
    // "Win32 error") is the HTTP status users mean; the Win32 error of that number is a guess.
    // Followed by a sub-status ("error 404 2 1260"), it is read as a status triple below.
    const bool http_error = p1 == "error" && p2 != "system" && p2 != "win32" && tokens_[i].text.size() == 3 &&
                            v >= 400 && is_http_status(v);
    if (http_error && !(number_at(i + 1) && adjacent(i, i + 1))) {
      add(std::to_string(v), CodeKind::kHttp, span(i - 1, i), false);
      add("win32:" + std::to_string(v), CodeKind::kWin32, span(i - 1, i), true);
      return;
    }
    if (!http_error && (p1 == "error" || p1 == "win32" || (p1 == "status" && p2 == "win32") ||
                        (p1 == "code" && p2 == "error"))) {
      std::size_t first = i - 1;
      if ((p2 == "win32" || p2 == "system" || p2 == "error") && i >= 2) first = i - 2;
      add_win32(v, span(first, i), false);
      return;
    }
    // The numbers that directly follow a status triple are other log fields (sc-bytes,
    // cs-bytes, time-taken), not another status; the next line's triple is read again.
    if (i == after_triple_ && adjacent(i - 1, i)) {
      after_triple_ = i + 1;
      return;
    }
    if (is_http_status(v) && tokens_[i].text.size() == 3) {
      // A W3C status triple "401 3 5" (sc-status sc-substatus sc-win32-status) or pair "401 3".
      auto sub = number_at(i + 1);
      if (sub && *sub <= 999 && tokens_[i + 1].text.size() <= 3 && adjacent(i, i + 1)) {
        auto win32 = number_at(i + 2);
        bool triple = win32 && adjacent(i + 1, i + 2);
        // A pair "401 3" is a typed code only where nothing follows on its line; in an
        // HTTPERR line "503 2 QueueFull" the 2 is a site id.
        if (!triple && !ends_line(i + 1)) {
          add(std::to_string(v), CodeKind::kHttp, tokens_[i].text, true);
          return;
        }
        std::string code = std::to_string(v);
        if (*sub != 0) code += "." + std::to_string(*sub);
        std::size_t last = triple ? i + 2 : i + 1;
        add(code, CodeKind::kHttp, span(i, last), false);
        if (triple) {
          add_win32(*win32, span(i, last), false);
          after_triple_ = last + 1;
        }
        return;
      }
      // A bare 3-digit number: an HTTP status, an FTP reply or an old (Windows 2003) event ID.
      add(std::to_string(v), CodeKind::kHttp, tokens_[i].text, p1 != "status");
      add("ftp:" + std::to_string(v), CodeKind::kFtp, tokens_[i].text, true);
      add("event:" + std::to_string(v), CodeKind::kEvent, tokens_[i].text, true);
      return;
    }
    // A bare 4- or 5-digit number: an event ID or a Win32 error; the index decides.
    if (v >= 1000 && v <= 0xffff && tokens_[i].text.size() <= 5) {
      add("event:" + std::to_string(v), CodeKind::kEvent, tokens_[i].text, true);
      add("win32:" + std::to_string(v), CodeKind::kWin32, tokens_[i].text, true);
    }
  }

  // True when token `i` is written "(401)".
  bool in_parentheses(std::size_t i) const {
    const std::size_t b = tokens_[i].begin, e = b + tokens_[i].text.size();
    return b > 0 && text_[b - 1] == '(' && e < text_.size() && text_[e] == ')';
  }

  // True when nothing but spaces and punctuation follow token `i` on its line.
  bool ends_line(std::size_t i) const {
    if (i + 1 >= tokens_.size()) return true;
    const std::size_t e = tokens_[i].begin + tokens_[i].text.size();
    return text_.substr(e, tokens_[i + 1].begin - e).find('\n') != std::string_view::npos;
  }

  // True when only spaces or tabs separate two tokens (a log line's fields, "401 3 5").
  bool adjacent(std::size_t a, std::size_t b) const {
    std::size_t e = tokens_[a].begin + tokens_[a].text.size();
    if (tokens_[b].begin <= e) return false;
    for (std::size_t k = e; k < tokens_[b].begin; ++k) {
      if (text_[k] != ' ' && text_[k] != '\t') return false;
    }
    return true;
  }

  std::string_view text_;
  std::size_t after_triple_ = std::string::npos;  // the token after the last status triple, while numbers follow
  std::vector<Token> tokens_;
  std::vector<DetectedCode> found_;
  std::unordered_map<std::string, std::size_t> index_;  // code -> its place in found_
};

}  // namespace

std::string_view code_kind_name(CodeKind kind) {
  switch (kind) {
    case CodeKind::kHttp: return "http";
    case CodeKind::kHresult: return "hresult";
    case CodeKind::kWin32: return "win32";
    case CodeKind::kNtstatus: return "ntstatus";
    case CodeKind::kEvent: return "event";
    case CodeKind::kFtp: return "ftp";
    case CodeKind::kSymbol: return "symbol";
  }
  return "symbol";
}

std::optional<CodeKind> canonical_code_kind(std::string_view c) {
  auto decimal_without_zero = [](std::string_view s, std::size_t max) {
    return !s.empty() && s.size() <= max && all_of(s, is_digit) && (s.size() == 1 || s[0] != '0');
  };
  if (c.size() >= 3 && decimal_without_zero(c.substr(0, 3), 3) && c[0] >= '1' && c[0] <= '5') {
    if (c.size() == 3) return CodeKind::kHttp;
    if (c[3] == '.' && decimal_without_zero(c.substr(4), 3)) return CodeKind::kHttp;
    return std::nullopt;
  }
  if (c.size() == 10 && c.substr(0, 2) == "0x" &&
      std::all_of(c.begin() + 2, c.end(), [](char ch) { return is_digit(ch) || (ch >= 'a' && ch <= 'f'); })) {
    return hex_kind(static_cast<std::uint32_t>(std::stoul(std::string(c.substr(2)), nullptr, 16)));
  }
  if (c.rfind("win32:", 0) == 0 && decimal_without_zero(c.substr(6), 5)) {
    auto v = parse_decimal(c.substr(6));
    if (v && *v >= 1 && *v <= 0xffff) return CodeKind::kWin32;
    return std::nullopt;
  }
  if (c.rfind("event:", 0) == 0 && decimal_without_zero(c.substr(6), 5)) {
    auto v = parse_decimal(c.substr(6));
    if (v && *v <= 0xffff) return CodeKind::kEvent;
    return std::nullopt;
  }
  if (c.rfind("ftp:", 0) == 0 && c.size() == 7 && decimal_without_zero(c.substr(4), 3)) {
    if (is_http_status(*parse_decimal(c.substr(4)))) return CodeKind::kFtp;
    return std::nullopt;
  }
  if (is_upper_symbol(c) || is_camel_symbol(c)) return CodeKind::kSymbol;
  return std::nullopt;
}

std::vector<DetectedCode> detect_codes(std::string_view text) { return Detector(text).run(); }

std::optional<std::string> normalize_code(std::string_view typed) {
  if (canonical_code_kind(typed)) return std::string(typed);
  auto found = detect_codes(typed);
  if (found.empty()) return std::nullopt;
  auto best = std::find_if(found.begin(), found.end(), [](const DetectedCode& d) { return !d.guessed; });
  return best != found.end() ? best->code : found.front().code;
}

std::vector<std::string> numeric_equivalents(std::string_view canonical) {
  std::vector<std::string> out{std::string(canonical)};
  if (canonical.rfind("win32:", 0) == 0) {
    if (auto v = parse_decimal(canonical.substr(6)); v && *v <= 0xffff) {
      out.push_back(hex8(0x80070000u | static_cast<std::uint32_t>(*v)));
    }
  } else if (canonical.size() == 10 && canonical.substr(0, 6) == "0x8007") {
    auto v = std::stoul(std::string(canonical.substr(6)), nullptr, 16);
    if (v != 0) out.push_back("win32:" + std::to_string(v));
  }
  return out;
}

CodeDictionary CodeDictionary::parse(std::string_view tsv, std::vector<std::string>* errors) {
  CodeDictionary dict;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos <= tsv.size()) {
    std::size_t nl = tsv.find('\n', pos);
    if (nl == std::string_view::npos) nl = tsv.size();
    std::string_view line = tsv.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    for (;;) {
      std::size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    auto fail = [&](const std::string& message) {
      if (errors) errors->push_back("line " + std::to_string(line_no) + ": " + message);
    };
    if (fields.size() != 4) {
      fail("expected 4 tab-separated fields (code, kind, symbol, meaning), got " +
           std::to_string(fields.size()));
      continue;
    }
    auto kind = canonical_code_kind(fields[0]);
    if (!kind) {
      fail("\"" + std::string(fields[0]) + "\" is not a canonical code");
      continue;
    }
    if (code_kind_name(*kind) != fields[1]) {
      fail("kind of \"" + std::string(fields[0]) + "\" is " + std::string(code_kind_name(*kind)) +
           ", not \"" + std::string(fields[1]) + "\"");
      continue;
    }
    if (!fields[2].empty() && canonical_code_kind(fields[2]) != CodeKind::kSymbol) {
      fail("\"" + std::string(fields[2]) + "\" is not a symbolic name");
      continue;
    }
    std::string code(fields[0]);
    if (dict.entries_.count(code)) {
      fail("\"" + code + "\" is listed twice");
      continue;
    }
    CodeInfo info{code, *kind, std::string(fields[2]), std::string(fields[3])};
    if (!info.symbol.empty()) dict.by_symbol_.emplace(info.symbol, code);
    dict.entries_.emplace(code, std::move(info));
    if (nl == tsv.size()) break;
  }
  return dict;
}

const CodeInfo* CodeDictionary::find(std::string_view canonical) const {
  auto it = entries_.find(std::string(canonical));
  return it == entries_.end() ? nullptr : &it->second;
}

std::vector<std::string> CodeDictionary::equivalents(std::string_view canonical) const {
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::vector<std::string> todo{std::string(canonical)};
  // A small closure over three relations: numeric form, symbol of a code, codes of a symbol.
  while (!todo.empty() && out.size() < 16) {
    std::string code = std::move(todo.back());
    todo.pop_back();
    if (!seen.insert(code).second) continue;
    out.push_back(code);
    for (auto& n : numeric_equivalents(code)) todo.push_back(n);
    if (const CodeInfo* info = find(code); info && !info->symbol.empty()) todo.push_back(info->symbol);
    auto [b, e] = by_symbol_.equal_range(code);
    for (auto it = b; it != e; ++it) todo.push_back(it->second);
  }
  // Keep the asked code first, the rest in a stable order.
  std::sort(out.begin() + (out.empty() ? 0 : 1), out.end());
  return out;
}

}  // namespace kb
