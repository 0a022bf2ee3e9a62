// searcher.cpp: query construction and ranking over the index (see searcher.h).
#include "searcher.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "schema.h"
#include "stemmer.h"
#include "text.h"

namespace kb {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// How much each kind of evidence counts, as factors on BM25 weights.
constexpr double kExplicitCodeWeight = 6.0;
constexpr double kGuessedCodeWeight = 3.0;
constexpr double kParentCodeWeight = 1.0;
constexpr double kPhraseWeight = 1.5;
constexpr double kTextWeight = 1.0;
constexpr double kSummaryFieldWeight = 0.2;
constexpr double kSymptomsFieldWeight = 0.7;
// Weight of the static prior (log of inbound links) added to every matching article.
constexpr double kPriorWeight = 2.5;
// Added to an article labelled with a product the paste names (a tie-breaker: a strong match
// outweighs it; 1 to 4 rank the public cases the same).
constexpr double kProductWeight = 2.0;
// A paste with more candidate words than this drops those found in more than kCommonTermShare
// of all articles.
constexpr std::size_t kMinTermsForCommonCut = 6;
constexpr double kCommonTermShare = 1.0;
// A dotted number (an address, a version) counts as a word if at most this many articles name it.
constexpr Xapian::doccount kMaxRareNumberFreq = 3;
// Results reranked after the match, and the factor on a hub's score.
constexpr std::size_t kRerankDepth = 30;
constexpr double kHubFactor = 0.7;
// Categories about IIS itself (iis-401, iis-app-pool...), and the factor on their articles'
// scores when the paste shows no web server: "4625 Sub Status 0xC0000072" is first about the
// disabled Windows account, then about the IIS 401.1 it causes.
constexpr std::string_view kWebServerCategoryPrefix = "iis-";
constexpr double kWebServerFactor = 0.8;
// Weight of words that only a synonym brought in.
constexpr double kSynonymWeight = 0.3;
// Synonyms are looked up in the first this-many words of a paste.
constexpr std::size_t kMaxSynonymWords = 4000;
// Spelling suggestions are offered for short typed queries only (they are slow on long pastes).
constexpr std::size_t kMaxWordsForSpelling = 8;
constexpr std::size_t kSnippetLength = 240;
// Term frequencies a Searcher remembers (about 100 bytes each) before it starts afresh.
constexpr std::size_t kMaxRememberedTerms = 100000;

// The entries of a value slot that holds one entry per line; none for an empty value.
std::vector<std::string> value_lines(const std::string& value) {
  std::vector<std::string> out;
  if (value.empty()) return out;
  for (std::string_view line : split_lines(value)) out.emplace_back(line);
  return out;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool all_letters(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// Sort key that orders codes by kind, then numerically: 401 < 401.1 < 401.2 < 401.10.
std::pair<int, std::string> code_order(const std::string& code, CodeKind kind) {
  std::string key;
  std::string digits;
  for (char c : code + '\x01') {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
      continue;
    }
    if (!digits.empty()) {
      key += std::string(12 - std::min<std::size_t>(12, digits.size()), '0') + digits;
      digits.clear();
    }
    key += c;
  }
  return {static_cast<int>(kind), key};
}

std::vector<ArticleRef> refs_from(const json& j) {
  std::vector<ArticleRef> out;
  if (!j.is_array()) return out;
  for (const auto& r : j) out.push_back({r.value("id", ""), r.value("title", "")});
  return out;
}

// Adds the products of one '\n'-joined list to `counts`, `n` times each.
void add_products(std::string_view list, std::size_t n, std::map<std::string, std::size_t, std::less<>>* counts) {
  for (std::size_t start = 0; start < list.size();) {
    std::size_t nl = list.find('\n', start);
    if (nl == std::string_view::npos) nl = list.size();
    if (nl > start) {
      std::string_view line = list.substr(start, nl - start);
      auto at = counts->find(line);
      if (at == counts->end()) at = counts->emplace(std::string(line), 0).first;
      at->second += n;
    }
    start = nl + 1;
  }
}

// Stores facet counts (by value) in the response, most frequent first.
void store_facets(const std::map<std::string, std::size_t, std::less<>>& categories,
                  const std::map<std::string, std::size_t, std::less<>>& products, SearchResponse* response) {
  response->category_counts.assign(categories.begin(), categories.end());
  response->product_counts.assign(products.begin(), products.end());
  for (auto* counts : {&response->category_counts, &response->product_counts}) {
    std::stable_sort(counts->begin(), counts->end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  }
}

// Facet counts of the documents the spies saw. Products are a multi-valued slot (joined by
// '\n'): the spy counts each distinct list, and each list adds its count to every product in it.
// (Xapian's own ValueCountMatchSpy, unlike a spy of ours, also works over remote shards.)
void collect_facets(const Xapian::ValueCountMatchSpy& categories, const Xapian::ValueCountMatchSpy& products,
                    SearchResponse* response) {
  std::map<std::string, std::size_t, std::less<>> category_counts, product_counts;
  for (auto it = categories.values_begin(); it != categories.values_end(); ++it) {
    category_counts.emplace(*it, it.get_termfreq());
  }
  for (auto it = products.values_begin(); it != products.values_end(); ++it) {
    add_products(*it, it.get_termfreq(), &product_counts);
  }
  store_facets(category_counts, product_counts, response);
}

// Facet counts over the documents of `top`, read slot by slot in docid order.
void count_facets(const Xapian::MSet& top, SearchResponse* response) {
  std::vector<Xapian::Document> docs;
  for (auto it = top.begin(); it != top.end(); ++it) docs.push_back(it.get_document());
  std::sort(docs.begin(), docs.end(), [](const auto& a, const auto& b) { return a.get_docid() < b.get_docid(); });
  std::map<std::string, std::size_t, std::less<>> category_counts, product_counts;
  for (const auto& doc : docs) category_counts[doc.get_value(kSlotCategory)] += 1;
  for (const auto& doc : docs) add_products(doc.get_value(kSlotProducts), 1, &product_counts);
  store_facets(category_counts, product_counts, response);
}

// True if Xapian checked every match, so the count (and what spies saw) is exact.
bool is_exact(const Xapian::MSet& m) { return m.get_matches_lower_bound() == m.get_matches_upper_bound(); }

// True if `path` is a stub database file that lists a remote shard ("remote HOST:PORT").
bool lists_remote_shards(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  for (int n = 0; n < 10000 && std::getline(in, line); ++n) {
    if (line.rfind("remote ", 0) == 0) return true;
    if (line.find('\0') != std::string::npos) return false;  // a database file, not a stub
  }
  return false;
}

// For each document of a page of results, the terms of the query it contains, in the order
// Enquire::get_matching_terms() gives them (query order, each term once). That call reads and
// inflates each document's whole termlist; walking the query terms' posting lists to the page's
// documents reads much less.
std::vector<std::vector<std::string>> matching_terms(const Xapian::Database& db, const Xapian::Query& query,
                                                     const std::vector<Xapian::docid>& docids, bool remote) {
  std::vector<std::string> terms;  // each once, in query order
  for (auto t = query.get_terms_begin(); t != query.get_terms_end(); ++t) {
    if (std::find(terms.begin(), terms.end(), *t) == terms.end()) terms.push_back(*t);
  }
  std::vector<std::vector<std::string>> out(docids.size());
  if (remote) {
    // A remote shard sends a whole posting list in answer to postlist_begin() but a document's
    // termlist in one round trip: look the query terms up in each document's termlist.
    std::vector<std::string> sorted = terms;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < docids.size(); ++i) {
      std::vector<std::string> found;
      Xapian::TermIterator t = db.termlist_begin(docids[i]);
      for (const auto& term : sorted) {
        t.skip_to(term);
        if (t == db.termlist_end(docids[i])) break;
        if (*t == term) found.push_back(term);
      }
      for (const auto& term : terms) {
        if (std::binary_search(found.begin(), found.end(), term)) out[i].push_back(term);
      }
    }
    return out;
  }
  std::vector<std::size_t> by_docid(docids.size());
  for (std::size_t i = 0; i < by_docid.size(); ++i) by_docid[i] = i;
  std::sort(by_docid.begin(), by_docid.end(), [&](std::size_t a, std::size_t b) { return docids[a] < docids[b]; });
  for (const auto& term : terms) {
    Xapian::PostingIterator p = db.postlist_begin(term);
    const Xapian::PostingIterator end = db.postlist_end(term);
    for (std::size_t i : by_docid) {
      p.skip_to(docids[i]);
      if (p == end) break;
      if (*p == docids[i]) out[i].push_back(term);
    }
  }
  return out;
}

}  // namespace

Searcher::Searcher(std::string db_path) : db_path_(std::move(db_path)), stem_(make_stemmer()) { open(); }

std::string Searcher::database_file() const {
  std::error_code ec;
  if (!fs::is_directory(db_path_, ec)) return db_path_;
  for (std::string_view name : {kLiveDbName, kStubName}) {
    fs::path file = fs::path(db_path_) / name;
    if (fs::exists(file, ec)) return file.string();
  }
  return db_path_;
}

void Searcher::open() {
  std::string path = database_file();
  struct stat st {};
  const bool stat_ok = ::stat(path.c_str(), &st) == 0;
  // Nothing changes unless the new database opens: a broken file swapped in fails every request
  // (each retries it) until a good one replaces it.
  Xapian::Database db(path);
  db_ = std::move(db);
  remote_ = lists_remote_shards(path);
  open_path_ = std::move(path);
  dev_ = stat_ok ? st.st_dev : 0;
  ino_ = stat_ok ? st.st_ino : 0;
  load_tables();
}

void Searcher::load_tables() {
  termfreqs_.clear();
  std::vector<std::string> errors;
  dictionary_ = CodeDictionary::parse(db_.get_metadata(std::string(kMetaCodeDictionary)), &errors);
  synonyms_.clear();
  synonym_prefixes_.clear();
  longest_synonym_ = 0;
  // The synonyms as metadata (kVersion 2), which remote shards serve too; older databases only
  // have Xapian's synonym table.
  const json table = json::parse(db_.get_metadata(std::string(kMetaSynonyms)), nullptr, false);
  if (table.is_object()) {
    for (const auto& [key, list] : table.items()) {
      if (list.is_array()) synonyms_[key] = list.get<std::vector<std::string>>();
    }
  } else {
    for (auto k = db_.synonym_keys_begin(); k != db_.synonym_keys_end(); ++k) {
      const std::string key = *k;
      auto& list = synonyms_[key];
      for (auto s = db_.synonyms_begin(key); s != db_.synonyms_end(key); ++s) list.push_back(*s);
    }
  }
  for (const auto& [key, list] : synonyms_) {
    longest_synonym_ = std::max<std::size_t>(longest_synonym_, 1 + std::count(key.begin(), key.end(), ' '));
    for (std::size_t space = key.find(' '); space != std::string::npos; space = key.find(' ', space + 1)) {
      synonym_prefixes_.insert(key.substr(0, space));
    }
    synonym_prefixes_.insert(key);
  }
}

std::string Searcher::synonym_expansions(const std::string& text) const {
  if (synonyms_.empty()) return {};
  auto words = normalized_words(text);
  if (words.size() > kMaxSynonymWords) words.resize(kMaxSynonymWords);
  std::set<std::string> added;
  std::string out;
  std::string key;
  for (std::size_t i = 0; i < words.size(); ++i) {
    key.clear();
    for (std::size_t n = 0; n < longest_synonym_ && i + n < words.size(); ++n) {
      if (n) key += ' ';
      key += words[i + n];
      // No key starts with these words: a longer run cannot be one either.
      if (!synonym_prefixes_.count(key)) break;
      auto it = synonyms_.find(key);
      if (it == synonyms_.end()) continue;
      for (const auto& s : it->second) {
        if (added.insert(s).second) out += s + "\n";
      }
    }
  }
  return out;
}

bool Searcher::refresh() {
  const std::string path = database_file();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  if (path != open_path_ || st.st_dev != dev_ || st.st_ino != ino_) {
    open();
    return true;
  }
  // kb-indexer never changes a live kb.glass or the shards of its stub in place (it renames a
  // new file over them). Any other database (a folder, a stub of remote shards updated by
  // xapian-replicate) may have new revisions: look at most once a second, as for a remote shard
  // that is a round trip.
  const std::string name = fs::path(path).filename().string();
  if (name == kLiveDbName || name == kStubName) return false;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_reopen_ < std::chrono::seconds(1)) return false;
  last_reopen_ = now;
  if (!db_.reopen()) return false;
  load_tables();
  return true;
}

Xapian::doccount Searcher::termfreq(const std::string& term) {
  if (auto it = termfreqs_.find(term); it != termfreqs_.end()) return it->second;
  if (termfreqs_.size() >= kMaxRememberedTerms) termfreqs_.clear();
  const Xapian::doccount freq = db_.get_termfreq(term);
  termfreqs_.emplace(term, freq);
  return freq;
}

QueryCode Searcher::describe(const DetectedCode& d) {
  QueryCode c{d.code, std::string(code_kind_name(d.kind)), d.from, {}, {}};
  for (const auto& e : dictionary_.equivalents(d.code)) {
    if (const CodeInfo* info = dictionary_.find(e); info && c.meaning.empty()) c.meaning = info->meaning;
    if (e != d.code) c.equivalents.push_back(e);
  }
  return c;
}

Xapian::Query Searcher::build_query(const QueryAnalysis& q, std::vector<QueryCode>* codes,
                                    std::optional<std::string>* suggestion, std::map<std::string, std::string>* words) {
  std::vector<Xapian::Query> parts;

  // Codes: the strongest evidence. Every form of the same error counts as the code itself.
  std::set<std::string> covered;
  std::string words_text = q.words_text;  // and the words of symbolic names the index does not know
  for (const auto& d : q.codes) {
    std::vector<Xapian::Query> terms;
    bool seen_before = false;
    for (const auto& e : dictionary_.equivalents(d.code)) {
      if (!termfreq(code_term(e))) continue;
      terms.emplace_back(code_term(e));
      seen_before = seen_before || !covered.insert(e).second;
    }
    // A bare status ("404") is what browsers and clients show for every 404.x: it is evidence
    // for each article of the family alike, not most for the few that list the bare status.
    const bool bare_status = d.kind == CodeKind::kHttp && d.code.size() == 3 && termfreq(family_code_term(d.code));
    if (bare_status) {
      terms.clear();
      terms.emplace_back(family_code_term(d.code));
    }
    if (terms.empty() && d.kind == CodeKind::kSymbol) {
      if (auto w = q.symbol_words.find(d.code); w != q.symbol_words.end()) words_text += '\n' + w->second;
    }
    if (terms.empty() && d.guessed) continue;  // a bare number the index does not know
    codes->push_back(describe(d));
    // "0x80070005 (E_ACCESSDENIED)" names one error twice: it counts once.
    if (terms.empty() || seen_before) continue;
    // Symbolic names are marked guessed because any identifier looks like one; one the index
    // knows is as explicit as a number.
    const bool guessed = d.guessed && d.kind != CodeKind::kSymbol;
    auto boost = q.code_weight.find(d.code);
    const double weight = (guessed ? kGuessedCodeWeight : kExplicitCodeWeight) *
                          (boost == q.code_weight.end() ? 1.0 : boost->second);
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                       weight);
    // An article whose title names the code is about it. A symbolic name (E_ACCESSDENIED) is
    // another spelling of its number, which is what titles name.
    std::string title_term;
    if (!bare_status) {
      const std::vector<std::string> spellings =
          d.kind == CodeKind::kSymbol ? dictionary_.equivalents(d.code) : std::vector<std::string>{d.code};
      for (const auto& e : spellings) {
        if (termfreq(title_code_term(e))) {
          title_term = title_code_term(e);
          break;
        }
      }
    }
    if (!title_term.empty()) {
      parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(title_term), weight);
    }
    // 401.3 is also a 401: articles about the family come after the exact ones.
    if (d.kind == CodeKind::kHttp && d.code.size() > 3) {
      std::string parent = d.code.substr(0, 3);
      if (termfreq(code_term(parent))) {
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(code_term(parent)), kParentCodeWeight);
      }
    }
  }

  // Known messages: shingles of the paste that also occur in an article's phrases.
  std::vector<Xapian::Query> phrase_terms;
  for (const auto& s : q.shingles) {
    std::string term = phrase_term(s);
    if (term.size() <= 240 && termfreq(term)) phrase_terms.emplace_back(term);
  }
  if (!phrase_terms.empty()) {
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_OR, phrase_terms.begin(), phrase_terms.end()),
                       kPhraseWeight);
  }

  // Words, tokenised and stemmed exactly as the indexer did; the rarest ones are kept.
  Xapian::TermGenerator tg;
  tg.set_stemmer(stem_);
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  Xapian::Document scratch;
  tg.set_document(scratch);
  // Each distinct word once: a pasted log repeats most of its words, and tokenising every copy
  // was a third of the time of a 64 KB paste.
  tg.index_text_without_positions(distinct_words(lower_ascii(words_text)));
  struct Candidate {
    std::string term;
    Xapian::doccount freq;
  };
  std::vector<Candidate> candidates;
  std::vector<std::string> unknown;
  for (auto t = scratch.termlist_begin(); t != scratch.termlist_end(); ++t) {
    const std::string word = *t;
    if (word.empty() || word[0] == 'Z' || is_stopword(word)) continue;
    if (!all_letters(word)) {
      // Numbers are codes, ports, times and addresses: only a rare one the articles name (such
      // as 127.0.0.1) is evidence.
      if (word.find('.') != std::string::npos && word.find_first_not_of("0123456789.") == std::string::npos) {
        Xapian::doccount freq = termfreq(word);
        if (freq > 0 && freq <= kMaxRareNumberFreq) candidates.push_back({word, freq});
      }
      continue;
    }
    std::string term = "Z" + stem_(word);
    Xapian::doccount freq = termfreq(term);
    if (freq == 0) freq = termfreq(term = word);
    if (freq > 0) {
      candidates.push_back({term, freq});
      words->emplace(term, word);
    }
    else unknown.push_back(word);
  }
  if (!unknown.empty() && q.word_count <= kMaxWordsForSpelling) {
    std::string corrected = lower_ascii(q.text);
    bool changed = false;
    for (const auto& word : unknown) {
      std::string fix = db_.get_spelling_suggestion(word, 2);
      if (fix.empty()) continue;
      std::string term = "Z" + stem_(fix);
      if (Xapian::doccount freq = termfreq(term)) {
        candidates.push_back({term, freq});
        words->emplace(term, fix);
      }
      for (std::size_t pos = corrected.find(word); pos != std::string::npos; pos = corrected.find(word, pos + fix.size())) {
        corrected.replace(pos, word.size(), fix);
        changed = true;
      }
    }
    if (changed) *suggestion = corrected;
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return a.freq != b.freq ? a.freq < b.freq : a.term < b.term; });
  candidates.erase(std::unique(candidates.begin(), candidates.end(),
                               [](const Candidate& a, const Candidate& b) { return a.term == b.term; }),
                   candidates.end());
  if (candidates.size() > kMaxTextTerms) candidates.resize(kMaxTextTerms);
  // In a longer paste, words that most articles contain say nothing about the cause.
  if (candidates.size() > kMinTermsForCommonCut) {
    const double limit = kCommonTermShare * db_.get_doccount();
    candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                    [&](const Candidate& c) { return c.freq > limit; }),
                     candidates.end());
  }
  // Synonyms of the paste's words and phrases, weaker than what the user wrote.
  std::vector<Xapian::Query> synonym_terms;
  {
    Xapian::Document expansions;
    tg.set_document(expansions);
    tg.index_text(synonym_expansions(words_text));
    for (auto t = expansions.termlist_begin(); t != expansions.termlist_end(); ++t) {
      const std::string word = *t;
      if (word.empty() || word[0] == 'Z' || !all_letters(word) || is_stopword(word)) continue;
      const std::string term = "Z" + stem_(word);
      auto same = [&](const Candidate& c) { return c.term == term; };
      if (std::none_of(candidates.begin(), candidates.end(), same) && termfreq(term)) {
        synonym_terms.emplace_back(term);
        words->emplace(term, word);
      }
    }
  }
  if (!synonym_terms.empty()) {
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_OR, synonym_terms.begin(), synonym_terms.end()), kSynonymWeight);
  }
  if (!candidates.empty()) {
    std::vector<Xapian::Query> terms;
    for (const auto& c : candidates) terms.emplace_back(c.term);
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                       kTextWeight);
    // The same words in the summary and in the Symptoms section, each a field of its own: users
    // describe what they see, and these two say it in their terms.
    for (auto [prefix, weight] : {std::pair{kSummaryWordPrefix, kSummaryFieldWeight},
                                  std::pair{kSymptomsWordPrefix, kSymptomsFieldWeight}}) {
      std::vector<Xapian::Query> field_terms;
      for (const auto& c : candidates) {
        if (c.term.size() < 2 || c.term[0] != 'Z') continue;
        std::string term = field_word_term(prefix, std::string_view(c.term).substr(1));
        if (!termfreq(term)) continue;
        field_terms.emplace_back(term);
        if (auto w = words->find(c.term); w != words->end()) words->emplace(term, w->second);
      }
      if (!field_terms.empty()) {
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                           Xapian::Query(Xapian::Query::OP_OR, field_terms.begin(), field_terms.end()), weight);
      }
    }
  }

  if (parts.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

SearchResponse Searcher::search(const SearchRequest& request) {
  SearchResponse response;
  QueryAnalysis q = analyze_query(request.query);
  response.query = q.text;
  response.log_fields = q.log_fields;
  response.event_fields = q.event_fields;
  std::map<std::string, std::string> query_words;
  Xapian::Query query = build_query(q, &response.codes, &response.suggestion, &query_words);
  if (query.empty()) return response;

  Xapian::Enquire enquire(db_);
  const Xapian::BM25Weight weighting(1.2, 0, 1, 0.5, 0.5);
  enquire.set_weighting_scheme(weighting);
  const Xapian::doccount all = db_.get_doccount();

  // The prior only reorders articles that matched; it never adds matches.
  Xapian::ValueWeightPostingSource prior(kSlotPrior);
  query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(&prior), kPriorWeight));
  // A product the paste names (IIS 6.0, Windows Server 2003...) adds a fixed weight to the
  // articles labelled with it: it breaks near ties between causes of different product lines,
  // and like the prior it never adds matches.
  std::vector<Xapian::Query> named_products;
  for (const auto& p : q.products) {
    const std::string term = product_term(p);
    if (!termfreq(term)) continue;
    response.products.push_back(p);
    named_products.emplace_back(Xapian::Query::OP_FILTER,
                                Xapian::Query((new Xapian::FixedWeightPostingSource(kProductWeight))->release()),
                                Xapian::Query(term));
  }
  if (!named_products.empty()) {
    query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                          Xapian::Query(Xapian::Query::OP_OR, named_products.begin(), named_products.end()));
  }
  Xapian::Query filtered = query;
  if (!request.category.empty()) {
    filtered = Xapian::Query(Xapian::Query::OP_FILTER, filtered, Xapian::Query(category_term(request.category)));
  }
  if (!request.product.empty()) {
    filtered = Xapian::Query(Xapian::Query::OP_FILTER, filtered, Xapian::Query(product_term(request.product)));
  }

  // Facet counts over the whole result set, before the filters the user picked. Xapian checks
  // every match, so total and counts are exact, up to exact_match_limit_ matches; beyond that the
  // total is Xapian's estimate and the facets count the top results (the ranked window): a full
  // pass over the 50,000 matches of a large kb took most of the time of a search. Without a
  // filter the ranked match sees the same documents as the facets, so it counts them in the
  // same pass.
  const Xapian::doccount check = std::min(all, exact_match_limit_);
  Xapian::ValueCountMatchSpy categories(kSlotCategory);
  Xapian::ValueCountMatchSpy products(kSlotProducts);
  const bool has_filter = !request.category.empty() || !request.product.empty();
  std::optional<Xapian::MSet> facet_top;  // when the counts are not exact
  const std::size_t limit = std::min(request.limit, kMaxLimit);
  // Rerank the top of the list: a hub (a code family's overview) lists every cause, so it comes
  // after an article about one cause unless it clearly matches better.
  const std::size_t window = std::max(request.offset + limit, kRerankDepth);
  if (has_filter) {
    Xapian::Enquire facets(db_);
    facets.set_weighting_scheme(weighting);
    facets.set_query(query);
    facets.add_matchspy(&categories);
    facets.add_matchspy(&products);
    Xapian::MSet top = facets.get_mset(0, static_cast<Xapian::doccount>(window), check);
    if (!is_exact(top)) facet_top = top;
  } else {
    enquire.add_matchspy(&categories);
    enquire.add_matchspy(&products);
  }
  enquire.set_query(filtered);
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(window), check);
  enquire.clear_matchspies();
  // Ask for every document of the window at once (one round trip to each remote shard instead
  // of one per document below).
  mset.fetch();
  response.total_exact = is_exact(mset);
  if (!has_filter && !response.total_exact) facet_top = mset;
  if (facet_top) {
    response.facet_top = facet_top->size();
    count_facets(*facet_top, &response);
  } else {
    collect_facets(categories, products, &response);
  }
  response.total = mset.get_matches_estimated();
  std::vector<std::pair<double, Xapian::doccount>> order;
  for (Xapian::doccount i = 0; i < mset.size(); ++i) {
    double score = mset[i].get_weight();
    const Xapian::Document doc = mset[i].get_document();
    if (doc.get_value(kSlotKind) == "hub") score *= kHubFactor;
    if (!q.web_server && doc.get_value(kSlotCategory).rfind(kWebServerCategoryPrefix, 0) == 0) {
      score *= kWebServerFactor;
    }
    order.emplace_back(score, i);
  }
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first > b.first; });

  // The page of results. Values are read slot by slot in docid order: Xapian keeps the last
  // block it read, so this reads each block once instead of switching blocks for every value.
  const std::size_t page_end = std::min(order.size(), request.offset + limit);
  std::vector<Xapian::MSetIterator> page;
  std::vector<Xapian::Document> docs;
  for (std::size_t rank = request.offset; rank < page_end; ++rank) {
    page.push_back(mset[order[rank].second]);
    docs.push_back(page.back().get_document());
    response.hits.emplace_back().score = order[rank].first;
  }
  std::vector<std::size_t> by_docid(page.size());
  for (std::size_t i = 0; i < by_docid.size(); ++i) by_docid[i] = i;
  std::sort(by_docid.begin(), by_docid.end(), [&](std::size_t a, std::size_t b) { return *page[a] < *page[b]; });
  std::vector<std::string> texts(page.size());
  for (Xapian::valueno slot : {kSlotId, kSlotTitle, kSlotSummary, kSlotCategory, kSlotCodes, kSlotText}) {
    for (std::size_t i : by_docid) {
      SearchHit& hit = response.hits[i];
      std::string value = docs[i].get_value(slot);
      switch (slot) {
        case kSlotId: hit.id = std::move(value); break;
        case kSlotTitle: hit.title = std::move(value); break;
        case kSlotSummary: hit.summary = std::move(value); break;
        case kSlotCategory: hit.category = std::move(value); break;
        case kSlotCodes: hit.codes = value_lines(value); break;
        default: texts[i] = std::move(value);
      }
    }
  }

  std::vector<Xapian::docid> page_docids;
  for (const auto& it : page) page_docids.push_back(*it);
  const auto matched = matching_terms(db_, filtered, page_docids, remote_);
  for (std::size_t i = 0; i < page.size(); ++i) {
    SearchHit& hit = response.hits[i];
    hit.snippet = mset.snippet(texts[i], kSnippetLength, stem_, 0, "<mark>", "</mark>",
                               "…");
    std::set<std::string> words;
    auto add_code = [&hit](std::string code) {
      auto& codes = hit.matched_codes;
      if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(std::move(code));
    };
    for (const std::string& term : matched[i]) {
      if (term.rfind(kCodePrefix, 0) == 0) {
        add_code(term.substr(kCodePrefix.size()));
      } else if (term.rfind(kFamilyCodePrefix, 0) == 0) {
        add_code(term.substr(kFamilyCodePrefix.size()));
      } else if (term.rfind(kTitleCodePrefix, 0) == 0 || term.rfind(kProductPrefix, 0) == 0) {
        continue;  // the title's code is also a code term; products are in `detected`
      } else if (term.rfind(kPhrasePrefix, 0) == 0) {
        hit.matched_phrase = true;
      } else {
        auto w = query_words.find(term);
        words.insert(w != query_words.end() ? w->second : term);
      }
    }
    hit.matched_terms.assign(words.begin(), words.end());
  }
  return response;
}

std::optional<Xapian::docid> Searcher::find_doc(const std::string& id) {
  if (!is_valid_utf8(id)) return std::nullopt;
  Xapian::PostingIterator p = db_.postlist_begin(id_term(id));
  if (p == db_.postlist_end(id_term(id))) return std::nullopt;
  return *p;
}

std::optional<ArticleView> Searcher::article(const std::string& id) {
  auto docid = find_doc(id);
  if (!docid) return std::nullopt;
  const Xapian::Document doc = db_.get_document(*docid);
  json j = json::parse(doc.get_data());
  ArticleView a;
  a.id = j.value("id", "");
  a.title = j.value("title", "");
  a.summary = j.value("summary", "");
  a.category = j.value("category", "");
  a.html = doc.get_value(kSlotHtml);
  if (a.html.empty()) a.html = j.value("html", "");  // a database built before kVersion 2
  a.codes = j.value("codes", std::vector<std::string>{});
  a.products = j.value("products", std::vector<std::string>{});
  a.phrases = j.value("phrases", std::vector<std::string>{});
  a.related = refs_from(j["related"]);
  a.backlinks = refs_from(j["backlinks"]);
  return a;
}

std::vector<CategoryView> Searcher::categories() {
  std::vector<CategoryView> out;
  json j = json::parse(db_.get_metadata(std::string(kMetaCategories)), nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& c : j) {
    out.push_back({c.value("id", ""), c.value("title", ""), c.value("description", ""), c.value("count", std::size_t{0})});
  }
  return out;
}

std::vector<ArticleRef> Searcher::articles_in_category(const std::string& id) {
  std::vector<ArticleRef> out;
  const std::string term = category_term(id);
  for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) {
    Xapian::Document doc = db_.get_document(*p);
    out.push_back({doc.get_value(kSlotId), doc.get_value(kSlotTitle)});
  }
  std::sort(out.begin(), out.end(), [](const ArticleRef& a, const ArticleRef& b) { return a.title < b.title; });
  return out;
}

std::vector<ArticleRef> Searcher::articles_with_code(const std::string& code) {
  std::vector<ArticleRef> out;
  const std::string term = code_term(code);
  for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) {
    Xapian::Document doc = db_.get_document(*p);
    out.push_back({doc.get_value(kSlotId), doc.get_value(kSlotTitle)});
  }
  return out;
}

std::vector<CodeEntry> Searcher::codes() {
  std::vector<std::pair<std::pair<int, std::string>, CodeEntry>> keyed;
  const std::string prefix(kCodePrefix);
  for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
    std::string code = (*t).substr(prefix.size());
    auto kind = canonical_code_kind(code);
    if (!kind) continue;
    CodeEntry e;
    e.code = code;
    e.kind = std::string(code_kind_name(*kind));
    if (const CodeInfo* info = dictionary_.find(code)) {
      e.symbol = info->symbol;
      e.meaning = info->meaning;
    }
    for (const auto& eq : dictionary_.equivalents(code)) {
      if (eq != code) e.equivalents.push_back(eq);
    }
    e.articles = articles_with_code(code);
    keyed.emplace_back(code_order(code, *kind), std::move(e));
  }
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<CodeEntry> out;
  for (auto& [key, e] : keyed) out.push_back(std::move(e));
  return out;
}

std::optional<CodeEntry> Searcher::code(const std::string& typed) {
  std::string clean = sanitize_utf8(std::string_view(typed).substr(0, 256));
  std::optional<std::string> canonical;
  if (canonical_code_kind(clean)) {
    canonical = clean;
  } else {
    // Prefer a reading the index knows ("4625" is an event ID here, not a Win32 error).
    auto found = detect_codes(clean);
    for (const auto& d : found) {
      if (db_.term_exists(code_term(d.code))) {
        canonical = d.code;
        break;
      }
    }
    if (!canonical) canonical = normalize_code(clean);
  }
  if (!canonical) return std::nullopt;
  auto kind = canonical_code_kind(*canonical);
  CodeEntry e;
  e.code = *canonical;
  e.kind = kind ? std::string(code_kind_name(*kind)) : "symbol";
  std::set<std::string> seen;
  for (const auto& eq : dictionary_.equivalents(e.code)) {
    if (const CodeInfo* info = dictionary_.find(eq)) {
      if (e.meaning.empty()) e.meaning = info->meaning;
      if (e.symbol.empty() && !info->symbol.empty()) e.symbol = info->symbol;
    }
    if (eq != e.code) e.equivalents.push_back(eq);
    for (auto& a : articles_with_code(eq)) {
      if (seen.insert(a.id).second) e.articles.push_back(std::move(a));
    }
  }
  return e;
}

}  // namespace kb
