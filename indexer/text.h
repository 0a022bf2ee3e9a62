// text.h: text helpers shared by the indexer and search, so both read text the same way.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kb {

// True if `s` is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);

// Length of the longest well-formed UTF-8 prefix of `s` (s.size() if all of it is).
std::size_t valid_utf8_prefix(std::string_view s);

// `s` with every ill-formed UTF-8 sequence replaced by U+FFFD and NUL and other C0 control
// characters except tab, newline and carriage return replaced by a space.
std::string sanitize_utf8(std::string_view s);

// Lower-cased words of `s` for phrase matching: runs of ASCII letters and digits, where '.'
// between digits stays inside the word ("401.3"). Other bytes separate words.
std::vector<std::string> normalized_words(std::string_view s);

// The parts of each CamelCase identifier in `text`, as words separated by spaces
// ("RegistryKey.SetValue" gives "Registry Key Set Value", "HttpListenerException" gives "Http
// Listener Exception"); each identifier once; identifiers without a case change add nothing.
std::string camel_case_parts(std::string_view text);

// Shingles of `n` consecutive words joined by single spaces ("access is denied").
std::vector<std::string> shingles(const std::vector<std::string>& words, std::size_t n);

// Number of words (runs of non-space characters that contain a letter or digit).
std::size_t count_words(std::string_view s);

// The distinct runs of non-space characters of `text`, one per line, in first-seen order. A
// tokeniser that never joins words across whitespace (Xapian's) finds the same terms in it as
// in `text`, with a fraction of the work when `text` repeats itself (a pasted log).
std::string distinct_words(std::string_view text);

// The lines of `text`, split at '\n' (a '\r' before it stays); "" gives one empty line.
std::vector<std::string_view> split_lines(std::string_view text);

}  // namespace kb
