// schema.cpp: term spellings of the index layout declared in schema.h.
#include "schema.h"

#include <algorithm>
#include <cctype>

namespace kb {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string join(std::string_view prefix, std::string_view rest) {
  std::string out;
  out.reserve(prefix.size() + rest.size());
  out.append(prefix);
  out.append(rest);
  return out;
}

}  // namespace

std::string id_term(std::string_view id) { return join(kIdPrefix, id); }
std::string code_term(std::string_view code) { return join(kCodePrefix, code); }
std::string title_code_term(std::string_view code) {
  return join(kTitleCodePrefix, code);
}
std::string family_code_term(std::string_view status) { return join(kFamilyCodePrefix, status); }
std::string category_term(std::string_view category) { return join(kCategoryPrefix, category); }
std::string product_term(std::string_view product) {
  return join(kProductPrefix, lower(product));
}
std::string link_term(std::string_view id) { return join(kLinkPrefix, id); }
std::string phrase_term(std::string_view shingle) { return join(kPhrasePrefix, shingle); }
std::string field_word_term(std::string_view prefix, std::string_view stem) {
  return "Z" + join(prefix, stem);
}

}  // namespace kb
