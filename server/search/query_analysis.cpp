// query_analysis.cpp: see query_analysis.h.
#include "query_analysis.h"

#include <algorithm>
#include <array>
#include <set>
#include <unordered_set>

#include "schema.h"
#include "text.h"
#include "w3c_log.h"

namespace kb {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_spaces(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

const std::string* field(const Fields& fields, std::string_view name) {
  for (const auto& [k, v] : fields) {
    if (k == name) return &v;
  }
  return nullptr;
}

bool is_number(std::string_view s) {
  return !s.empty() && s.size() <= 10 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Codes of one W3C record: sc-status with sc-substatus, and sc-win32-status. FTP logs (port 21,
// or FTP commands such as "[137]USER" in cs-method) carry FTP replies in sc-status.
void add_record_codes(const Fields& record, std::vector<DetectedCode>* codes) {
  const std::string* status = field(record, "sc-status");
  if (!status || !is_number(*status) || status->size() != 3) return;
  const std::string* sub = field(record, "sc-substatus");
  const std::string* win32 = field(record, "sc-win32-status");
  const std::string* port = field(record, "s-port");
  const std::string* method = field(record, "cs-method");
  const bool ftp = (port && *port == "21") || (method && !method->empty() && method->front() == '[');
  std::string typed = *status;
  if (!ftp && sub && is_number(*sub) && *sub != "0") typed += "." + *sub;
  std::string from = *status + (sub ? " " + *sub : "") + (win32 ? " " + *win32 : "");
  if (ftp) {
    codes->push_back({"ftp:" + *status, CodeKind::kFtp, from, false});
  } else if (auto code = normalize_code(typed)) {
    codes->push_back({*code, CodeKind::kHttp, from, false});
  }
  if (win32 && is_number(*win32) && *win32 != "0") {
    for (const auto& d : detect_codes("error " + *win32)) codes->push_back({d.code, d.kind, from, false});
  }
}

}  // namespace

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

std::vector<Fields> read_w3c_records(std::string_view text, std::size_t max_records,
                                     std::unordered_set<const char*>* record_lines) {
  std::vector<Fields> records;
  std::vector<std::string> names;
  std::string_view values[kMaxLogFields];
  for (std::string_view whole : split_lines(text)) {
    std::string_view line = trim(whole);
    if (auto directive = parse_fields_directive(line)) {
      names = std::move(*directive);
      continue;
    }
    if (line.empty() || line.front() == '#' || names.empty()) continue;
    if (split_log_fields(line, values, kMaxLogFields) != names.size()) continue;
    Fields record;
    for (std::size_t i = 0; i < names.size(); ++i) record.emplace_back(names[i], std::string(values[i]));
    records.push_back(std::move(record));
    if (record_lines) record_lines->insert(whole.data());
    if (records.size() >= max_records) break;
  }
  return records;
}

Fields read_event_fields(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kKeys = {
      "Event ID", "EventID", "Source", "Status", "Sub Status", "Failure Reason", "Reason",
      "Logon Type", "Logon Process", "Authentication Package", "Source Network Address", "Error Code"};
  Fields out;
  for (std::string_view line : split_lines(text)) {
    // Several "Key: value" pairs may share a line when an entry was pasted flattened.
    std::size_t pos = 0;
    while (pos < line.size()) {
      std::size_t best = std::string_view::npos;
      std::string_view best_key;
      for (std::string_view key : kKeys) {
        for (std::size_t at = line.find(key, pos); at != std::string_view::npos; at = line.find(key, at + 1)) {
          const std::size_t after = at + key.size();
          const bool starts_word = at == 0 || !std::isalnum(static_cast<unsigned char>(line[at - 1]));
          if (starts_word && after < line.size() && line[after] == ':') {
            // Prefer the longest key at the same place ("Sub Status" over "Status").
            if (at < best || (at == best && key.size() > best_key.size())) {
              best = at;
              best_key = key;
            }
            break;
          }
        }
      }
      if (best == std::string_view::npos) break;
      std::size_t vstart = best + best_key.size() + 1;
      auto rest = trim(line.substr(vstart));
      auto value = split_spaces(rest);
      if (!value.empty()) {
        // The value runs to the next known key or the end of the line; keep codes and short texts.
        std::string v(value.front());
        if (best_key == "Failure Reason" || best_key == "Reason") v = std::string(trim(rest.substr(0, std::min<std::size_t>(rest.size(), 120))));
        out.emplace_back(std::string(best_key), v);
      }
      pos = vstart;
    }
  }
  return out;
}

std::vector<std::string> mentioned_products(const std::vector<std::string>& words) {
  auto at = [&](std::size_t i) { return i < words.size() ? std::string_view(words[i]) : std::string_view(); };
  auto any_of = [](std::string_view w, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), w) != list.end();
  };
  std::set<std::string> found;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string_view a = at(i), b = at(i + 1), c = at(i + 2);
    if (a == "iis6" || (a == "iis" && any_of(b, {"6", "6.0"}))) found.insert("IIS 6.0");
    if (a == "iis5" || (a == "iis" && any_of(b, {"5", "5.0", "5.1"}))) found.insert("IIS 5.x");
    if (any_of(a, {"iis7", "iis8", "iis10"}) ||
        (a == "iis" && any_of(b, {"7", "7.0", "7.5", "8", "8.0", "8.5", "10", "10.0"}))) {
      found.insert("IIS 7+");
    }
    if (a == "iis" && b == "express") found.insert("IIS Express");
    if ((any_of(a, {"server", "windows", "win"}) && b == "2003") || (a == "2003" && b == "server")) {
      found.insert("Windows Server 2003");
    }
    if (any_of(a, {"server", "windows"}) && any_of(b, {"2008", "2012", "2016", "2019", "2022", "2025"})) {
      found.insert("Windows Server 2008+");
    }
    if (a == "windows" && b == "xp") found.insert("Windows XP");
    if (a == "asp" && b == "net" && c == "core") found.insert("ASP.NET Core");
    if (a == "sharepoint") found.insert("SharePoint");
    if (a == "sql" && b == "server") found.insert("SQL Server");
    if (a == "active" && b == "directory") found.insert("Active Directory");
  }
  return {found.begin(), found.end()};
}

bool mentions_web_server(const std::vector<std::string>& words) {
  static constexpr std::array<std::string_view, 26> kWords = {
      "iis",     "inetmgr", "inetpub", "wwwroot", "w3wp",   "w3svc",    "website",   "websites", "site",
      "sites",   "web",     "webapi",  "http",    "https",  "browser",  "browsers",  "url",      "urls",
      "page",    "pages",   "asp",     "aspx",    "apppool", "sharepoint", "owa",    "iisexpress"};
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (std::find(kWords.begin(), kWords.end(), words[i]) != kWords.end()) return true;
    if (words[i] == "app" && i + 1 < words.size() && words[i + 1] == "pool") return true;
  }
  return false;
}

QueryAnalysis analyze_query(std::string_view paste) {
  QueryAnalysis q;
  std::string_view capped = paste.substr(0, std::min(paste.size(), kMaxQueryBytes));
  q.text = sanitize_utf8(capped);

  // W3C records read by their header come first: their fields say exactly what each number is.
  std::vector<DetectedCode> codes;
  std::unordered_set<const char*> record_lines;
  auto records = read_w3c_records(q.text, kMaxLogRecords, &record_lines);
  for (const auto& r : records) add_record_codes(r, &codes);
  if (!records.empty()) q.log_fields = records.front();

  // The rest of the text, without log directives (#Fields:, #Software...), which describe the
  // log and not the failure. Codes are looked for by position only in lines not read by their
  // header: in "403 14 5 412 433" the header says 412 and 433 are byte counts.
  std::string body, unread;
  body.reserve(q.text.size());
  for (std::string_view line : split_lines(q.text)) {
    if (!trim(line).empty() && trim(line).front() == '#') continue;
    body.append(line);
    body += '\n';
    if (record_lines.count(line.data())) continue;
    unread.append(line);
    unread += '\n';
  }
  for (auto& d : detect_codes(unread)) {
    auto same = std::find_if(codes.begin(), codes.end(), [&](const DetectedCode& c) { return c.code == d.code; });
    if (same == codes.end()) codes.push_back(std::move(d));
  }
  q.codes = std::move(codes);

  // A failed logon's Sub Status names the cause; its Status is the generic family.
  q.event_fields = read_event_fields(q.text);
  const std::string* sub = field(q.event_fields, "Sub Status");
  const std::string* status = field(q.event_fields, "Status");
  if (sub) {
    if (auto c = normalize_code(*sub); c && c->rfind("0x", 0) == 0) {
      q.code_weight[*c] = 1.5;
      if (status) {
        if (auto s = normalize_code(*status); s && *s != *c) q.code_weight[*s] = 0.5;
      }
    }
  }

  const auto words = normalized_words(body);
  q.word_count = words.size();
  q.products = mentioned_products(words);
  q.web_server = !records.empty() || mentions_web_server(words) ||
                 std::any_of(q.codes.begin(), q.codes.end(),
                             [](const DetectedCode& c) { return c.kind == CodeKind::kHttp && !c.guessed; });
  // The first kMaxShingles distinct shingles, built one at a time (a long paste has thousands).
  std::set<std::string> seen;
  std::string s;
  for (std::size_t i = 0; i + kShingleWords <= words.size() && q.shingles.size() < kMaxShingles; ++i) {
    s = words[i];
    for (std::size_t k = 1; k < kShingleWords; ++k) {
      s += ' ';
      s += words[i + k];
    }
    if (seen.insert(s).second) q.shingles.push_back(s);
  }

  // Word terms come from the text without the codes: a code is matched as a code, and its
  // digits would only add noise as words. A symbolic name is only a guess (IUSR_WEB01 looks like
  // one): its words are kept aside, for the searcher to use when the index does not know it.
  q.words_text = body;
  for (const auto& c : q.codes) {
    if (c.from.empty()) continue;
    if (c.guessed && c.kind == CodeKind::kSymbol) {
      std::string words = c.from;
      std::replace(words.begin(), words.end(), '_', ' ');
      q.symbol_words[c.code] = words + '\n' + camel_case_parts(words);
    }
    for (std::size_t pos = q.words_text.find(c.from); pos != std::string::npos;
         pos = q.words_text.find(c.from, pos + 1)) {
      q.words_text.replace(pos, c.from.size(), std::string(c.from.size(), ' '));
    }
  }
  std::replace(q.words_text.begin(), q.words_text.end(), '_', ' ');
  // Exceptions name what failed in identifiers (RegistryKey.SetValue, EventLog.CreateEventSource):
  // their parts are words the articles use.
  q.words_text += '\n';
  q.words_text += camel_case_parts(q.words_text);
  return q;
}

}  // namespace kb
