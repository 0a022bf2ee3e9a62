// query_analysis.h: what a paste contains, before it meets the index. Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "codes.h"

namespace kb {

// Longest paste we read; the rest is ignored (the server refuses larger bodies anyway).
inline constexpr std::size_t kMaxQueryBytes = 64 * 1024;
// At most this many distinct shingles and words of a paste are looked up in the index.
inline constexpr std::size_t kMaxShingles = 600;
inline constexpr std::size_t kMaxTextTerms = 32;

struct QueryAnalysis {
  std::string text;                   // the paste, valid UTF-8, at most kMaxQueryBytes
  std::vector<DetectedCode> codes;    // every code found, guessed ones included
  std::vector<std::string> shingles;  // distinct word shingles for known-message matching
  std::string words_text;             // the paste with detected codes removed, for word terms
  std::size_t word_count = 0;
};

// Reads a paste: sanitises it, finds codes, builds shingles. Never throws on any input.
QueryAnalysis analyze_query(std::string_view paste);

// True for common English words that carry no meaning in a query ("the", "is", "my").
bool is_stopword(std::string_view word);

}  // namespace kb
