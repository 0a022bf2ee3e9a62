// article.h: read one knowledge-base article (YAML front matter + Markdown body) and check what
// can be checked without the other articles. Cross-article checks live in kb.h.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

// One problem in an input file, printed as "path:line: message".
struct Diagnostic {
  std::string path;
  int line = 1;
  std::string message;

  std::string str() const;
};

// Body sections every article has, in this order.
inline constexpr const char* kSections[] = {"Symptoms", "Cause", "Diagnose", "Fix", "See also"};
inline constexpr std::size_t kMinWords = 250;
inline constexpr std::size_t kMaxWords = 700;
inline constexpr std::size_t kMinPhrases = 2;
inline constexpr std::size_t kMaxPhrases = 6;
inline constexpr std::size_t kMaxArticleBytes = 1 << 20;

// A value from the front matter with the line it was written on.
struct Located {
  std::string value;
  int line = 1;
};

// A link in the Markdown body.
struct BodyLink {
  std::string target;
  int line = 1;
};

struct Article {
  std::string path;
  std::string id;
  std::string title;
  std::string summary;
  std::string category;
  std::vector<std::string> codes;
  std::vector<std::string> products;
  std::vector<std::string> phrases;
  std::vector<Located> related;
  // "hub" for an overview that lists every member of a code family and links to each; such
  // pages are navigation, not a cause, and rank after the article for the cause.
  bool hub = false;
  std::map<std::string, int> key_lines;  // front-matter key -> line
  std::string body;                      // Markdown
  int body_line = 1;                     // line of the body's first line

  // Derived from the body by md4c.
  std::string html;  // rendered, raw HTML off, article links pointing at /articles/ID
  std::string text;  // plain text, for snippets and word counts
  std::string symptoms;  // plain text of "## Symptoms": what users see, in their terms
  std::vector<BodyLink> links;
  std::size_t words = 0;

  int line_of(const std::string& key) const;
  // Ids of other articles this one links to (related, then body links), each once.
  std::vector<std::string> linked_ids() const;
};

// Parses an article. `path` is used for messages and the id check (its stem must be the id).
// Returns nullopt and adds diagnostics if the article cannot be read; a returned article may
// still have added diagnostics (all problems are reported, not only the first).
std::optional<Article> parse_article(std::string_view path, std::string_view text,
                                     std::vector<Diagnostic>* diagnostics);

// True if `target` names an article ("iis-401-3-acl-on-resource"), as opposed to a URL.
bool is_article_link(std::string_view target);

// True if `id` is a valid article id: [a-z0-9-]+, at most 100 characters.
bool is_valid_id(std::string_view id);

// Rewrites links to article ids in rendered HTML to /articles/ID.
std::string rewrite_article_links(std::string_view html, const std::vector<BodyLink>& links);

}  // namespace kb
