// text.cpp: shared text helpers (see text.h).
#include "text.h"

#include <cctype>
#include <unordered_set>

namespace kb {
namespace {

// Length of the well-formed UTF-8 sequence at s[i], or 0 if it is ill-formed.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n;
  unsigned char lo = 0x80, hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    if (c == 0xe0) lo = 0xa0;
    if (c == 0xed) hi = 0x9f;  // no surrogates
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    if (c == 0xf0) lo = 0x90;
    if (c == 0xf4) hi = 0x8f;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) return 0;
  }
  return n;
}

// ASCII only, without the locale lookups of <cctype> (these run on every byte of a paste).
bool ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool ascii_alnum(char c) { return ascii_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }
bool ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

}  // namespace

std::size_t valid_utf8_prefix(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) break;
    i += n;
  }
  return i;
}

bool is_valid_utf8(std::string_view s) { return valid_utf8_prefix(s) == s.size(); }

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (n == 1 && (c < 0x20 || c == 0x7f) && c != '\t' && c != '\n' && c != '\r') {
      out += ' ';
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::vector<std::string> normalized_words(std::string_view s) {
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (ascii_alnum(c)) {
      word += ascii_lower(c);
    } else if (c == '.' && !word.empty() && ascii_digit(word.back()) && i + 1 < s.size() &&
               ascii_digit(s[i + 1])) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string camel_case_parts(std::string_view text) {
  constexpr std::size_t kMaxIdentifier = 64;
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  std::string out;
  std::unordered_set<std::string_view> seen;  // a log repeats its identifiers: each once
  std::size_t i = 0;
  while (i < text.size()) {
    if (!ascii_alnum(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && ascii_alnum(text[end])) ++end;
    std::string_view run = text.substr(i, end - i);
    i = end;
    if (run.size() > kMaxIdentifier || !seen.insert(run).second) continue;
    std::string parts;
    bool split = false;
    for (std::size_t k = 0; k < run.size(); ++k) {
      // A part starts at an upper-case letter after a lower-case one ("Registry|Key"), or at the
      // last capital of an acronym before a lower-case letter ("HTTP|Listener").
      const bool starts = k > 0 && upper(run[k]) &&
                          (lower(run[k - 1]) || (upper(run[k - 1]) && k + 1 < run.size() && lower(run[k + 1])));
      if (starts) {
        parts += ' ';
        split = true;
      }
      parts += run[k];
    }
    if (split) {
      out += parts;
      out += '\n';
    }
  }
  return out;
}

std::vector<std::string> shingles(const std::vector<std::string>& words, std::size_t n) {
  std::vector<std::string> out;
  if (n == 0 || words.size() < n) return out;
  out.reserve(words.size() - n + 1);
  for (std::size_t i = 0; i + n <= words.size(); ++i) {
    std::string s = words[i];
    for (std::size_t k = 1; k < n; ++k) {
      s += ' ';
      s += words[i + k];
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::size_t count_words(std::string_view s) {
  std::size_t count = 0;
  bool in_word = false, has_alnum = false;
  for (char c : s) {
    if (ascii_space(c)) {
      if (in_word && has_alnum) ++count;
      in_word = has_alnum = false;
    } else {
      in_word = true;
      if (ascii_alnum(c)) has_alnum = true;
    }
  }
  if (in_word && has_alnum) ++count;
  return count;
}

std::string distinct_words(std::string_view text) {
  std::unordered_set<std::string_view> seen;
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start && seen.insert(text.substr(start, i - start)).second) {
      out.append(text.substr(start, i - start));
      out.push_back('\n');
    }
  }
  return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

}  // namespace kb
