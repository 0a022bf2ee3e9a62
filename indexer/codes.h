// codes.h: find and normalise the codes users paste (401.3, 0x80070005, Event ID 4625...).
// Pure functions of their arguments: no files, no globals.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

enum class CodeKind { kHttp, kHresult, kWin32, kNtstatus, kEvent, kFtp, kSymbol };

// "http", "hresult", "win32", "ntstatus", "event", "ftp", "symbol".
std::string_view code_kind_name(CodeKind kind);

// Kind of a code written in canonical form (see CONTRACT.md), or nullopt if `code` is not
// canonical: "401.3" -> http, "0x80070005" -> hresult, "HTTP 401.3" -> nullopt.
std::optional<CodeKind> canonical_code_kind(std::string_view code);

// Canonical form of one typed code ("HTTP Error 401.3" -> "401.3", "-2147024891" ->
// "0x80070005", "Event ID 4625" -> "event:4625"), or nullopt if no code is recognised.
std::optional<std::string> normalize_code(std::string_view typed);

// The codes that name the same error by number, the code itself first:
// "win32:5" -> {"win32:5", "0x80070005"}; "0x8007052e" -> {"0x8007052e", "win32:1326"}.
std::vector<std::string> numeric_equivalents(std::string_view canonical);

// One code found in pasted text.
struct DetectedCode {
  std::string code;  // canonical form
  CodeKind kind;
  std::string from;  // the text it was read from ("401 3 5", "HRESULT: 0x80070005")
  // True when read from a bare number by its range alone ("4625" may be an event or a Win32
  // error): callers keep such codes only if the index knows them.
  bool guessed = false;
};

// Every code in `text`, in order of first appearance, each once. Reads explicit forms
// (401.3, 401-3, 0x80070005, 80070005, -2147024891, 2147942405, win32:5, Win32 error 1326,
// System error 5, Event ID 4625, ERROR_ACCESS_DENIED), W3C status triples ("401 3 5") and bare
// numbers by range and identifiers that look like symbolic names (both marked guessed).
std::vector<DetectedCode> detect_codes(std::string_view text);

// What one code means, from the code dictionary (kb/codes.tsv).
struct CodeInfo {
  std::string code;
  CodeKind kind = CodeKind::kSymbol;
  std::string symbol;   // an equivalent symbolic name, or empty
  std::string meaning;  // one line
};

// The code dictionary: meanings and symbolic names of codes, so that a search for one form finds
// the others (0x80070005 = win32:5 = E_ACCESSDENIED = ERROR_ACCESS_DENIED). Immutable after parse;
// safe to share between threads.
class CodeDictionary {
 public:
  // Parses tab-separated lines "code\tkind\tsymbol\tmeaning"; '#' lines are comments. Each bad
  // line adds "line N: message" to `errors` and is skipped.
  static CodeDictionary parse(std::string_view tsv, std::vector<std::string>* errors);

  const CodeInfo* find(std::string_view canonical) const;
  // Every form of the same error: numeric equivalents and symbolic names, both ways, the code
  // itself first. Codes outside the dictionary still get their numeric equivalents.
  std::vector<std::string> equivalents(std::string_view canonical) const;
  const std::map<std::string, CodeInfo>& entries() const { return entries_; }

 private:
  std::map<std::string, CodeInfo> entries_;
  std::multimap<std::string, std::string> by_symbol_;  // symbol -> codes that carry it
};

}  // namespace kb
