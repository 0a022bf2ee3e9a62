// schema.h: the layout of the index, written by kb-indexer and read by kb-search and kb-server.
// Only this file spells a term prefix, a value slot or a metadata key, so the two sides cannot
// disagree. Changing a value changes the on-disk format: bump kVersion and reindex.
#pragma once

#include <string>
#include <string_view>

namespace kb {

inline constexpr int kVersion = 2;  // 2: summary and Symptoms fields, kSlotHtml, kMetaSynonyms; no positions

// File name of the live single-file database inside the --db directory. The indexer builds a new
// one beside it and rename()s it into place; readers notice the new inode and reopen.
inline constexpr std::string_view kLiveDbName = "kb.glass";
// Sharded (kb-indexer --shards N): the stub file listing the shards and the words database,
// and the name of the words database (spelling and synonym tables, no documents).
inline constexpr std::string_view kStubName = "kb.stub";
inline constexpr std::string_view kWordsDbName = "words.glass";

// Term prefixes (Xapian convention: capitals are prefixes, X... are our own).
inline constexpr std::string_view kIdPrefix = "Q";            // unique id, one per document
inline constexpr std::string_view kCodePrefix = "XCODE";      // every code the article lists
inline constexpr std::string_view kTitleCodePrefix = "XTCODE";// codes named in the title (primary)
inline constexpr std::string_view kFamilyCodePrefix = "XFCODE";// HTTP status of each listed code ("404" for 404.7)
inline constexpr std::string_view kCategoryPrefix = "XCAT";   // boolean filter by category
inline constexpr std::string_view kProductPrefix = "XPROD";   // boolean filter by product
inline constexpr std::string_view kPhrasePrefix = "XPH";      // word shingles of the phrases
inline constexpr std::string_view kLinkPrefix = "XLINK";      // ids this article links to
// Words of the summary and of the "## Symptoms" section as fields of their own (BM25F-style: a
// word there is evidence apart from how often the body repeats it). TermGenerator writes
// prefix+word and, for stemmed words, "Z"+prefix+stem; search builds the stemmed form with
// field_word_term().
inline constexpr std::string_view kSummaryWordPrefix = "XS";
inline constexpr std::string_view kSymptomsWordPrefix = "XY";

// Field weights, as within-document-frequency increments of unprefixed text terms: BM25 then
// weighs a title word above a phrase word above a summary word above a body word.
inline constexpr unsigned kTitleWdf = 6;
inline constexpr unsigned kPhraseWdf = 4;
inline constexpr unsigned kSummaryWdf = 3;
inline constexpr unsigned kBodyWdf = 1;

// Number of consecutive words in a phrase shingle.
inline constexpr std::size_t kShingleWords = 3;

// Static prior of an article about a cause, on top of log(1 + inbound links); hubs get 0.
inline constexpr double kCausePrior = 1.0;

// Value slots; never renumber.
enum Slot : unsigned {
  kSlotId = 0,
  kSlotTitle = 1,
  kSlotSummary = 2,
  kSlotCategory = 3,
  kSlotCodes = 4,     // canonical codes joined by '\n', in article order
  kSlotText = 5,      // plain body text, for snippets
  kSlotProducts = 6,  // products joined by '\n'
  kSlotPrior = 7,     // sortable_serialise(static prior): kCausePrior + log(1 + inbound links)
  kSlotKind = 8,      // "hub" for a code-family overview, empty for an article about a cause
  kSlotHtml = 9,      // rendered body (values are stored uncompressed: indexing it in the
                      // document data, which Xapian compresses, was half the time of a build)
};

// Metadata keys.
inline constexpr std::string_view kMetaVersion = "kb.version";
inline constexpr std::string_view kMetaCategories = "kb.categories";  // JSON array
inline constexpr std::string_view kMetaCodeDictionary = "kb.codes";   // codes.tsv text
inline constexpr std::string_view kMetaBuilt = "kb.built";           // ISO time of the build
// The synonym table again, as JSON {"word or phrase": ["synonym", ...]}: the remote backend
// (xapian-tcpsrv shards) does not serve Xapian's synonym table, metadata it does.
inline constexpr std::string_view kMetaSynonyms = "kb.synonyms";

// Stemming language of every text term.
inline constexpr std::string_view kStemLanguage = "english";

std::string id_term(std::string_view id);
// Term for a canonical code ("401.3", "win32:5"); the same function on both sides.
std::string code_term(std::string_view canonical_code);
std::string title_code_term(std::string_view canonical_code);
// Term for an HTTP status ("404") in every article that lists it or one of its sub-statuses.
std::string family_code_term(std::string_view status);
std::string category_term(std::string_view category);
std::string product_term(std::string_view product);
std::string link_term(std::string_view id);
// Term for one shingle of already-normalised words ("access is denied").
std::string phrase_term(std::string_view shingle);
// The stemmed term TermGenerator writes for `stem` in the field with `prefix` (kSummaryWordPrefix...).
std::string field_word_term(std::string_view prefix, std::string_view stem);

}  // namespace kb
