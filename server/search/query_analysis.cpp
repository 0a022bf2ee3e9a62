// query_analysis.cpp: see query_analysis.h.
#include "query_analysis.h"

#include <algorithm>
#include <array>
#include <set>

#include "schema.h"
#include "text.h"

namespace kb {

bool is_stopword(std::string_view word) {
  static constexpr std::array<std::string_view, 64> kWords = {
      "a",     "about", "after", "all",  "also", "an",   "and",   "any",   "are",   "as",  "at",
      "be",    "been",  "but",   "by",   "can",  "could", "did",  "do",    "does",  "for", "from",
      "get",   "gets",  "got",   "had",  "has",  "have", "how",   "i",     "if",    "in",  "into",
      "is",    "it",    "its",   "just", "me",   "my",   "no",    "not",   "of",    "on",  "or",
      "our",   "so",    "some",  "than", "that", "the",  "their", "then",  "there", "this", "to",
      "was",   "we",    "were",  "what", "when", "which", "why",  "with",  "you"};
  return std::find(kWords.begin(), kWords.end(), word) != kWords.end();
}

QueryAnalysis analyze_query(std::string_view paste) {
  QueryAnalysis q;
  std::string_view capped = paste.substr(0, std::min(paste.size(), kMaxQueryBytes));
  q.text = sanitize_utf8(capped);
  q.codes = detect_codes(q.text);

  const auto words = normalized_words(q.text);
  q.word_count = words.size();
  std::set<std::string> seen;
  for (auto& s : shingles(words, kShingleWords)) {
    if (q.shingles.size() >= kMaxShingles) break;
    if (seen.insert(s).second) q.shingles.push_back(std::move(s));
  }

  // Word terms come from the paste without the codes: a code is matched as a code, and its
  // digits would only add noise as words.
  q.words_text = q.text;
  for (const auto& c : q.codes) {
    if (c.from.empty() || (c.guessed && c.kind == CodeKind::kSymbol)) continue;
    for (std::size_t pos = q.words_text.find(c.from); pos != std::string::npos;
         pos = q.words_text.find(c.from, pos + 1)) {
      q.words_text.replace(pos, c.from.size(), std::string(c.from.size(), ' '));
    }
  }
  return q;
}

}  // namespace kb
