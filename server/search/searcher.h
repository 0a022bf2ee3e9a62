// searcher.h: answers from the index: ranked search, articles, codes and categories.
// Plain structs in and out; no HTTP, no JSON.
#pragma once

#include <sys/types.h>
#include <xapian.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "codes.h"
#include "query_analysis.h"

namespace kb {

struct SearchRequest {
  std::string query;
  std::size_t limit = 10;
  std::size_t offset = 0;
  std::string category;  // empty: all
  std::string product;   // empty: all
};

inline constexpr std::size_t kMaxLimit = 100;
// Up to this many matches a search counts them (total, facets) exactly; beyond, the total is
// Xapian's estimate and the facets count the top results. Checking every one of 50,000 matches
// of a large kb took most of the time of a search.
inline constexpr std::size_t kExactMatches = 1000;

// A code read from the query and kept (known to the index or explicit).
struct QueryCode {
  std::string code;
  std::string kind;
  std::string from;
  std::string meaning;                   // from the code dictionary, or empty
  std::vector<std::string> equivalents;  // other forms of the same error
};

struct SearchHit {
  std::string id;
  std::string title;
  std::string summary;
  std::string category;
  std::vector<std::string> codes;
  double score = 0;
  std::string snippet;  // HTML: escaped text with <mark> around matched words
  // Why it matched.
  std::vector<std::string> matched_codes;
  bool matched_phrase = false;  // the paste contains one of the article's known messages
  std::vector<std::string> matched_terms;
};

struct SearchResponse {
  std::string query;
  std::vector<QueryCode> codes;
  Fields log_fields;    // the first W3C log record read from the paste
  Fields event_fields;  // Status, Sub Status, Logon Type... of a pasted event
  std::vector<std::string> products;  // products the paste names that articles are labelled with
  std::size_t total = 0;
  bool total_exact = true;  // false: a large result set, `total` is Xapian's estimate
  std::vector<SearchHit> hits;
  std::optional<std::string> suggestion;
  // Facets, by count: over all matching articles, or, when facet_top > 0 (more matches than
  // are counted exactly), over the top facet_top results.
  std::vector<std::pair<std::string, std::size_t>> category_counts;
  std::vector<std::pair<std::string, std::size_t>> product_counts;
  std::size_t facet_top = 0;
};

struct ArticleRef {
  std::string id;
  std::string title;
};

struct ArticleView {
  std::string id, title, summary, category, html;
  std::vector<std::string> codes, products, phrases;
  std::vector<ArticleRef> related, backlinks;
};

struct CategoryView {
  std::string id, title, description;
  std::size_t count = 0;
};

struct CodeEntry {
  std::string code;
  std::string kind;
  std::string symbol;
  std::string meaning;
  std::vector<std::string> equivalents;
  std::vector<ArticleRef> articles;
};

// One reader of the database. Not thread-safe: use one Searcher per thread (Xapian database
// handles are not shared between threads). Throws Xapian::Error if the database cannot be opened.
class Searcher {
 public:
  // `db_path`: a folder holding kb.glass or kb.stub (as kb-indexer writes them; kb.glass first),
  // or any Xapian database path (a glass folder, or a stub file listing local or remote shards).
  explicit Searcher(std::string db_path);

  // Reopens the database if kb-indexer has swapped in a new one since the last call.
  // Returns true if it reopened.
  bool refresh();

  SearchResponse search(const SearchRequest& request);
  std::optional<ArticleView> article(const std::string& id);
  std::vector<CategoryView> categories();
  // Every code listed by an article, with its articles, ordered by kind and value.
  std::vector<CodeEntry> codes();
  // One code in any typed form; nullopt if it is not a code. A recognised code that no
  // article lists still gets its equivalents and meaning, with no articles.
  std::optional<CodeEntry> code(const std::string& typed);
  std::vector<ArticleRef> articles_in_category(const std::string& id);
  std::size_t article_count() const { return db_.get_doccount(); }
  // Sets how many matches are counted exactly (default kExactMatches).
  void set_exact_match_limit(std::size_t n) { exact_match_limit_ = static_cast<Xapian::doccount>(n); }

 private:
  void open();
  // The file to open for db_path_ (its kb.glass or kb.stub if it is a kb-indexer folder).
  std::string database_file() const;
  // The code dictionary and synonym table of the open database.
  void load_tables();
  std::optional<Xapian::docid> find_doc(const std::string& id);
  std::vector<ArticleRef> articles_with_code(const std::string& code);
  QueryCode describe(const DetectedCode& d);
  // The number of articles with `term`, remembered until the database changes: a query looks up
  // dozens of terms, each a B-tree descent (a pread per block) that the same words repeat.
  Xapian::doccount termfreq(const std::string& term);
  // Synonyms (from the index's table) of the words and phrases in `text`, one per line.
  std::string synonym_expansions(const std::string& text) const;
  // `words` receives, for each word term of the query, the word as the user wrote it.
  Xapian::Query build_query(const QueryAnalysis& q, std::vector<QueryCode>* codes,
                            std::optional<std::string>* suggestion, std::map<std::string, std::string>* words);

  std::string db_path_;  // as given
  std::string open_path_;  // what Xapian opened
  dev_t dev_ = 0;
  ino_t ino_ = 0;
  std::chrono::steady_clock::time_point last_reopen_{};
  Xapian::doccount exact_match_limit_ = kExactMatches;
  bool remote_ = false;  // some shards are remote (xapian-tcpsrv): fewer round trips matter
  Xapian::Database db_;
  Xapian::Stem stem_;
  CodeDictionary dictionary_;
  // The index's synonym table: normalised word or phrase -> its synonyms.
  std::unordered_map<std::string, std::vector<std::string>> synonyms_;
  std::unordered_set<std::string> synonym_prefixes_;  // every key and its leading words
  std::size_t longest_synonym_ = 0;  // in words
  std::unordered_map<std::string, Xapian::doccount> termfreqs_;  // see termfreq()
};

}  // namespace kb
