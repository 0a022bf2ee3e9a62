// kb.h: read a whole knowledge-base folder (kb/**/*.md, kb/categories.yaml, kb/codes.tsv) and
// check what needs all articles at once: unique ids, links and related ids that resolve,
// categories that exist and are used.
#pragma once

#include <string>
#include <vector>

#include "article.h"
#include "codes.h"

namespace kb {

struct Category {
  std::string id;
  std::string title;
  std::string description;
  int line = 1;
};

struct Kb {
  std::vector<Article> articles;  // sorted by id
  std::vector<Category> categories;
  std::string code_dictionary_text;  // kb/codes.tsv as read
  CodeDictionary code_dictionary;
  // kb/synonyms.yaml: groups of words or phrases that mean the same, each normalised with
  // normalized_words() and joined by single spaces.
  std::vector<std::vector<std::string>> synonyms;
};

// Parses kb/categories.yaml text; problems are added to `diagnostics` under `path`.
std::vector<Category> parse_categories(const std::string& path, std::string_view text,
                                       std::vector<Diagnostic>* diagnostics);

// Parses kb/synonyms.yaml text (a list of lists of words or phrases).
std::vector<std::vector<std::string>> parse_synonyms(const std::string& path, std::string_view text,
                                                     std::vector<Diagnostic>* diagnostics);

// Reads and validates the knowledge base in `dir`. Every problem found is added to
// `diagnostics` (sorted by path and line); the result is only fit to index if none were added.
Kb load_kb(const std::string& dir, std::vector<Diagnostic>* diagnostics);

}  // namespace kb
