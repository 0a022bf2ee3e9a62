// query_analysis.h: what a paste contains, before it meets the index. Pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "codes.h"

namespace kb {

// Longest paste we read; the rest is ignored (the server refuses larger bodies anyway).
inline constexpr std::size_t kMaxQueryBytes = 64 * 1024;
// At most this many distinct shingles and words of a paste are looked up in the index.
inline constexpr std::size_t kMaxShingles = 600;
inline constexpr std::size_t kMaxTextTerms = 32;
// At most this many W3C log records are read from one paste.
inline constexpr std::size_t kMaxLogRecords = 200;

using Fields = std::vector<std::pair<std::string, std::string>>;

struct QueryAnalysis {
  std::string text;                   // the paste, valid UTF-8, at most kMaxQueryBytes
  std::vector<DetectedCode> codes;    // every code found, guessed ones included
  // How much each code counts relative to the others (1 unless the paste says more: the Sub
  // Status of a failed logon counts more than its generic Status).
  std::map<std::string, double> code_weight;
  Fields log_fields;    // the first W3C log record read, by field name
  Fields event_fields;  // "Key: value" fields of an event log entry (Status, Sub Status...)
  std::vector<std::string> shingles;  // distinct word shingles for known-message matching
  std::string words_text;             // the paste without codes and log headers, for word terms
  // The words of each guessed symbolic name ("IUSR_WEB01" -> "IUSR WEB01"), words only if the
  // index does not know the name as a code.
  std::map<std::string, std::string> symbol_words;
  std::size_t word_count = 0;
  std::vector<std::string> products;  // products the paste names, as kb articles label them
  // The paste shows a web server at work: an HTTP status, an IIS log record, or words such as
  // IIS, site, browser, URL, app pool. Without it, a Windows logon or file error is more likely
  // about Windows itself than about IIS.
  bool web_server = false;
};

// Reads a paste: sanitises it, finds codes, log records and event fields, builds shingles.
// Never throws on any input.
QueryAnalysis analyze_query(std::string_view paste);

// The W3C log records of `text`: lines read by the field names of the `#Fields:` line above
// them. Each record is a list of (field, value). Lines without a header are not read here
// (detect_codes reads their status triple by position).
// `record_lines`, if given, receives the start of each line read as a record.
std::vector<Fields> read_w3c_records(std::string_view text, std::size_t max_records,
                                     std::unordered_set<const char*>* record_lines = nullptr);

// "Key: value" pairs of an event log entry, for the keys that identify a failure.
Fields read_event_fields(std::string_view text);

// The products named in a paste's words (normalized_words()): "IIS 6.0" for "IIS 6" or "iis6",
// "IIS 7+" for IIS 7 to 10, "Windows Server 2003", "ASP.NET Core"... each once, by name, under
// the labels kb articles use in `products`. A cause that belongs to one product line (IIS 6's
// IIS_WPG group, IIS 7's pool identities) is more likely when the user names that product.
std::vector<std::string> mentioned_products(const std::vector<std::string>& words);

// True if `words` (normalized_words()) name a web server or its parts: IIS, w3wp, a site, a
// browser, a URL, an application pool...
bool mentions_web_server(const std::vector<std::string>& words);

// True for common English words that carry no meaning in a query ("the", "is", "my").
bool is_stopword(std::string_view word);

}  // namespace kb
