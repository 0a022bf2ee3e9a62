// log_articles.cpp: see log_articles.h.
#include "log_articles.h"

#include <algorithm>
#include <map>

#include "codes.h"
#include "text.h"

namespace kb {
namespace {

std::string_view reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 412: return "Precondition Failed";
    case 413: return "Request Entity Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return {};
  }
}

// The canonical code of a Win32 status as a log writes it ("5" -> "win32:5", "2148074254" ->
// "0x8009030e"), or empty.
std::string win32_code(std::int64_t win32) {
  if (win32 <= 0) return {};
  for (const auto& d : detect_codes("error " + std::to_string(win32))) return d.code;
  return {};
}

// Answers looked at for each group: the first one that explains all the group's codes wins.
constexpr std::size_t kArticleCandidates = 5;

// The canonical codes a group stands for: its HTTP status (or FTP reply) and its Win32 status.
std::vector<std::string> group_codes(const LogGroup& g) {
  std::vector<std::string> codes;
  if (g.httperr || g.other || g.status <= 0) return codes;
  if (g.ftp) {
    codes.push_back("ftp:" + std::to_string(g.status));
  } else {
    std::string typed = std::to_string(g.status);
    if (g.substatus > 0) typed += "." + std::to_string(g.substatus);
    if (auto code = normalize_code(typed)) codes.push_back(*code);
  }
  if (std::string w = win32_code(g.win32); !w.empty()) codes.push_back(w);
  return codes;
}

// The first hit whose matched codes include every code of the group, else the first that matches
// the first of them (the status), else the first hit; nullptr when there is none. A group is one
// exact code combination: the article that names all of it is the specific one (401.1 with
// 1326 is a bad password, not the generic 401.1 story).
const SearchHit* best_hit(const SearchResponse& response, const std::vector<std::string>& codes) {
  if (response.hits.empty()) return nullptr;
  auto matches = [](const SearchHit& h, const std::string& code) {
    return std::find(h.matched_codes.begin(), h.matched_codes.end(), code) != h.matched_codes.end();
  };
  if (!codes.empty()) {
    for (const auto& h : response.hits) {
      if (std::all_of(codes.begin(), codes.end(), [&](const std::string& c) { return matches(h, c); })) return &h;
    }
    for (const auto& h : response.hits) {
      if (matches(h, codes.front())) return &h;
    }
  }
  return &response.hits.front();
}

void decode_entities(std::string* s) {
  static const std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
  std::string out;
  out.reserve(s->size());
  for (std::size_t i = 0; i < s->size();) {
    bool replaced = false;
    if ((*s)[i] == '&') {
      for (const auto& [entity, c] : kEntities) {
        if (s->compare(i, entity.size(), entity) == 0) {
          out += c;
          i += entity.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += (*s)[i++];
  }
  *s = std::move(out);
}

}  // namespace

std::string log_group_query(const LogGroup& g, const std::string& win32_meaning) {
  std::string q;
  if (g.other) return q;
  if (g.httperr) {
    q = "HTTPERR s-reason " + g.reason;
    if (g.status > 0) q += " sc-status " + std::to_string(g.status);
    return q;
  }
  // A W3C record under its header: the search reads each number as the field it is.
  std::string fields = "#Fields:", values;
  if (g.ftp) {
    fields += " s-port";
    values += " 21";
  }
  fields += " sc-status";
  values += " " + std::to_string(g.status);
  if (g.substatus >= 0) {
    fields += " sc-substatus";
    values += " " + std::to_string(g.substatus);
  }
  if (g.win32 >= 0) {
    fields += " sc-win32-status";
    values += " " + std::to_string(g.win32);
  }
  q = fields + "\n" + values.substr(1) + "\n";
  if (!g.ftp) {
    q += "HTTP Error " + std::to_string(g.status);
    if (g.substatus > 0) q += "." + std::to_string(g.substatus);
    if (auto phrase = reason_phrase(g.status); !phrase.empty()) q += " - " + std::string(phrase);
    q += "\n";
  }
  if (!win32_meaning.empty()) q += win32_meaning + "\n";
  return q;
}

void attach_articles(Searcher& searcher, LogReport* report) {
  std::map<std::string, std::optional<LogArticle>> by_query;  // groups may share a query
  for (auto& g : report->groups) {
    std::string meaning;
    if (!g.httperr && !g.other) {
      if (std::string code = win32_code(g.win32); !code.empty()) {
        if (auto entry = searcher.code(code)) meaning = entry->meaning;
      }
    }
    const std::string query = log_group_query(g, meaning);
    if (query.empty()) continue;
    auto [it, fresh] = by_query.try_emplace(query);
    if (fresh) {
      SearchRequest request;
      request.query = query;
      request.limit = kArticleCandidates;
      SearchResponse response = searcher.search(request);
      if (const SearchHit* hit = best_hit(response, group_codes(g))) {
        LogArticle a{hit->id, hit->title, hit->summary, {}};
        if (auto view = searcher.article(hit->id)) a.fix = article_fix(view->html, g.httperr ? g.reason : "");
        it->second = std::move(a);
      }
    }
    g.article = it->second;
  }
}

std::string article_fix(const std::string& html, std::string_view hint) {
  std::size_t at = html.find("<h2>Fix");
  if (at == std::string::npos) return {};
  at = html.find("</h2>", at);
  if (at == std::string::npos) return {};
  const std::size_t section_end = std::min(html.size(), html.find("<h2", at));
  // Each step: a list item or paragraph, up to a nested block or its end.
  for (std::size_t pos = at; pos < section_end;) {
    const std::size_t li = html.find("<li>", pos), p = html.find("<p>", pos);
    std::size_t start = std::min(li, p);
    if (start >= section_end) break;
    start += start == li ? 4 : 3;
    std::size_t end = section_end;
    for (std::string_view stop : {"</li>", "</p>", "<pre", "<ul", "<ol", "<table"}) end = std::min(end, html.find(stop, start));
    pos = end;
    std::string text;
    bool in_tag = false;
    for (std::size_t i = start; i < end; ++i) {
      const char c = html[i];
      if (c == '<') in_tag = true;
      else if (c == '>') in_tag = false;
      else if (!in_tag) text += c == '\t' ? ' ' : c;
    }
    decode_entities(&text);
    if (!hint.empty()) {
      // A paragraph may hold several steps, one per line ("2. **Disabled**: ..." right after a
      // paragraph is not a list in Markdown): keep the line that names the hint.
      const std::size_t found = text.find(hint);
      if (found == std::string::npos) continue;
      const std::size_t line_start = text.rfind('\n', found);
      text = text.substr(line_start == std::string::npos ? 0 : line_start + 1);
      text = text.substr(0, text.find('\n'));
      std::size_t digits = 0;
      while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
      if (digits > 0 && text.compare(digits, 2, ". ") == 0) text.erase(0, digits + 2);
    }
    std::replace(text.begin(), text.end(), '\n', ' ');
    while (!text.empty() && text.back() == ' ') text.pop_back();
    if (text.empty()) continue;
    constexpr std::size_t kMax = 300;
    if (text.size() > kMax) {
      std::size_t cut = text.rfind(' ', kMax);
      text = text.substr(0, cut == std::string::npos ? kMax : cut) + "...";
    }
    return sanitize_utf8(text);
  }
  return {};
}

}  // namespace kb
