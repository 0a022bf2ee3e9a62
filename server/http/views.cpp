// views.cpp: the HTML pages (see views.h). Every piece of article or user text goes through
// html_escape; the only HTML taken as is comes from md4c (raw HTML off) and Xapian snippets
// (already escaped).
#include "views.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>

#include "html.h"
#include "log_report_json.h"

namespace kb {
namespace {

std::string category_title(const std::vector<CategoryView>& categories, const std::string& id) {
  for (const auto& c : categories) {
    if (c.id == id) return c.title;
  }
  return id;
}

std::string code_link(const std::string& code, bool hit = false) {
  return "<a class=\"badge" + std::string(hit ? " hit" : "") + "\" href=\"/codes/" + url_encode(code) + "\">" +
         html_escape(code) + "</a>";
}

std::string article_link(const ArticleRef& a) {
  return "<a href=\"/articles/" + url_encode(a.id) + "\">" + html_escape(a.title) + "</a>";
}

std::string search_url(const std::string& q, const std::string& category = {}, const std::string& product = {}) {
  std::string url = "/search?q=" + url_encode(q);
  if (!category.empty()) url += "&category=" + url_encode(category);
  if (!product.empty()) url += "&product=" + url_encode(product);
  return url;
}

// One facet list: "All" and each value with its count; the current value is marked.
std::string facet_list(const std::string& heading, const std::vector<std::pair<std::string, std::size_t>>& counts,
                       const std::string& current, const std::function<std::string(const std::string&)>& url_for,
                       const std::function<std::string(const std::string&)>& label_for) {
  if (counts.empty()) return {};
  std::string b = "<h2>" + html_escape(heading) + "</h2><ul>";
  b += "<li><a href=\"" + html_escape(url_for({})) + "\"" + (current.empty() ? " aria-current=\"true\"" : "") + ">All</a></li>";
  for (const auto& [value, count] : counts) {
    b += "<li><a href=\"" + html_escape(url_for(value)) + "\"" + (value == current ? " aria-current=\"true\"" : "") + ">" +
         html_escape(label_for(value)) + "</a> <span class=\"muted\">" + std::to_string(count) + "</span></li>";
  }
  return b + "</ul>";
}

std::string ref_list(const std::vector<ArticleRef>& refs) {
  std::string h = "<ul>";
  for (const auto& r : refs) h += "<li>" + article_link(r) + "</li>";
  return h + "</ul>";
}

const char* const kExamples[] = {
    "HTTP Error 401.3 - Unauthorized",
    "2026-11-20 08:00:01 10.0.0.5 GET /app/ - 80 - 10.1.2.3 Mozilla/5.0 - 401 2 5 15",
    "HTTP Error 500.19 - Internal Server Error\nError Code 0x80070005\nCannot read configuration file due to insufficient permissions",
    "System.UnauthorizedAccessException: Access to the path 'C:\\inetpub\\wwwroot\\App_Data\\log.txt' is denied.",
    "An account failed to log on. Status: 0xC000006D Sub Status: 0xC000006A",
    "0x80070005",
};

// Series of the timeline: the groups with the most failures get a colour each, the rest share one.
constexpr std::size_t kSeries = 8;
std::string series_class(std::size_t group_index) { return "s" + std::to_string(std::min(group_index, kSeries)); }

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string with_commas(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Links to the code pages of a group's codes (HTTPERR reasons are shown as text).
std::string group_codes_html(const LogGroup& g) {
  if (g.other) return "<span class=\"muted\">other failures</span>";
  std::string h;
  if (g.ftp) {
    h += code_link("ftp:" + std::to_string(g.status));
  } else if (g.status > 0) {
    std::string http = std::to_string(g.status);
    if (g.substatus > 0 && !g.httperr) http += "." + std::to_string(g.substatus);
    h += code_link(http);
  }
  if (g.httperr) h += "<strong>" + html_escape(g.reason) + "</strong> <span class=\"muted\">(HTTPERR)</span>";
  if (!g.httperr && g.win32 > 0) {
    if (g.win32 <= 0xffff) {
      h += code_link("win32:" + std::to_string(g.win32));
    } else {
      char hex[24];
      std::snprintf(hex, sizeof hex, "0x%08llx", static_cast<unsigned long long>(g.win32));
      h += code_link(hex);
    }
  }
  return h;
}

std::string counted_list(const std::vector<std::pair<std::string, std::uint64_t>>& list) {
  if (list.empty()) return "<span class=\"muted\">-</span>";
  std::string h = "<ul class=\"counts\">";
  for (const auto& [value, count] : list) {
    h += "<li><code>" + html_escape(value) + "</code> <span class=\"muted\">" + with_commas(count) + "</span></li>";
  }
  return h + "</ul>";
}

// A group's failures over time as small bars.
std::string sparkline(const LogGroup& g, std::size_t index, const LogTimeline& axis) {
  if (g.timeline.empty()) return {};
  const double width = 120, height = 24;
  std::uint64_t max = 1;
  for (auto c : g.timeline) max = std::max(max, c);
  const double bar = width / static_cast<double>(g.timeline.size());
  std::string h = "<svg class=\"spark\" viewBox=\"0 0 120 24\" width=\"120\" height=\"24\" role=\"img\" aria-label=\"" +
                  html_escape("failures per " + std::to_string(axis.bucket_minutes) + " minutes from " + axis.start) +
                  "\"><line class=\"axis\" x1=\"0\" y1=\"23.5\" x2=\"120\" y2=\"23.5\"/>";
  for (std::size_t b = 0; b < g.timeline.size(); ++b) {
    if (g.timeline[b] == 0) continue;
    const double hgt = std::max(1.0, static_cast<double>(g.timeline[b]) / static_cast<double>(max) * (height - 1));
    h += "<rect class=\"" + series_class(index) + "\" x=\"" + number(static_cast<double>(b) * bar) + "\" y=\"" +
         number(height - 1 - hgt) + "\" width=\"" + number(std::max(bar - 0.5, 0.5)) + "\" height=\"" + number(hgt) + "\"/>";
  }
  return h + "</svg>";
}

std::string log_form(std::size_t max_log_bytes) {
  std::string b = "<form class=\"paste\" action=\"/logs\" method=\"post\" enctype=\"multipart/form-data\">\n";
  b += "<label for=\"log-file\">An IIS log file: W3C (<code>u_ex*.log</code>) or HTTPERR, plain or <code>.gz</code></label>\n";
  b += "<input id=\"log-file\" name=\"file\" type=\"file\" accept=\".log,.txt,.gz,text/plain,application/gzip\">\n";
  b += "<label for=\"log-text\">or paste log lines (with their <code>#Fields:</code> line if you have it)</label>\n";
  b += "<textarea id=\"log-text\" name=\"text\" rows=\"8\" spellcheck=\"false\" placeholder=\"#Fields: date time s-ip cs-method "
       "cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status "
       "time-taken&#10;2026-11-20 08:05:12 10.0.0.5 GET /app/ - 443 - 10.1.2.4 Mozilla/5.0 - 401 3 5 3\"></textarea>\n";
  b += "<div><button type=\"submit\">Analyse</button> <span class=\"hint\">Up to " +
       with_commas(max_log_bytes / (1024 * 1024)) + " MiB; the log is read on this server and not kept.</span></div>\n</form>\n";
  return b;
}

}  // namespace

std::string timeline_svg(const LogReport& r) {
  const std::size_t n = r.timeline.buckets;
  if (n == 0 || r.groups.empty()) return {};
  const std::size_t series = std::min(r.groups.size(), kSeries + 1);
  std::vector<std::vector<std::uint64_t>> stack(series, std::vector<std::uint64_t>(n, 0));
  for (std::size_t i = 0; i < r.groups.size(); ++i) {
    const auto& t = r.groups[i].timeline;
    for (std::size_t b = 0; b < n && b < t.size(); ++b) stack[std::min(i, kSeries)][b] += t[b];
  }
  std::uint64_t max = 1;
  for (std::size_t b = 0; b < n; ++b) {
    std::uint64_t total = 0;
    for (const auto& s : stack) total += s[b];
    max = std::max(max, total);
  }
  const double left = 48, top = 8, plot_w = 664, plot_h = 150;
  const double bar = plot_w / static_cast<double>(n);
  const std::string end = format_log_minute(r.timeline.start_minute + static_cast<std::int64_t>(n) * r.timeline.bucket_minutes);
  const std::string what = "Failures per " + std::to_string(r.timeline.bucket_minutes) + " minutes from " + r.timeline.start +
                           " to " + end;
  std::string h = "<svg class=\"chart\" viewBox=\"0 0 720 190\" role=\"img\" aria-labelledby=\"timeline-title\">";
  h += "<title id=\"timeline-title\">" + html_escape(what) + "</title>";
  h += "<line class=\"axis\" x1=\"48\" y1=\"158.5\" x2=\"712\" y2=\"158.5\"/>";
  h += "<line class=\"axis\" x1=\"47.5\" y1=\"8\" x2=\"47.5\" y2=\"158\"/>";
  h += "<text class=\"label\" x=\"42\" y=\"16\" text-anchor=\"end\">" + with_commas(max) + "</text>";
  h += "<text class=\"label\" x=\"42\" y=\"158\" text-anchor=\"end\">0</text>";
  h += "<text class=\"label\" x=\"48\" y=\"176\">" + html_escape(r.timeline.start) + "</text>";
  h += "<text class=\"label\" x=\"712\" y=\"176\" text-anchor=\"end\">" + html_escape(end) + "</text>";
  for (std::size_t b = 0; b < n; ++b) {
    double y = top + plot_h;
    const std::string when = format_log_minute(r.timeline.start_minute + static_cast<std::int64_t>(b) * r.timeline.bucket_minutes);
    for (std::size_t k = 0; k < series; ++k) {
      const std::uint64_t c = stack[k][b];
      if (c == 0) continue;
      const double hgt = std::max(0.5, static_cast<double>(c) / static_cast<double>(max) * plot_h);
      y -= hgt;
      const std::string label = k < kSeries ? log_group_label(r.groups[k]) : "other groups";
      h += "<rect class=\"" + series_class(k) + "\" x=\"" + number(left + static_cast<double>(b) * bar) + "\" y=\"" + number(y) +
           "\" width=\"" + number(std::max(bar - 1, 0.5)) + "\" height=\"" + number(hgt) + "\"><title>" +
           html_escape(when + " · " + label + ": " + std::to_string(c)) + "</title></rect>";
    }
  }
  h += "</svg>";
  // Legend: one swatch per series.
  h += "<ul class=\"legend\">";
  for (std::size_t k = 0; k < series; ++k) {
    const std::string label = k < kSeries ? log_group_label(r.groups[k]) : "other groups";
    h += "<li><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect class=\"" + series_class(k) +
         "\" width=\"12\" height=\"12\"/></svg> " + html_escape(label) + "</li>";
  }
  return h + "</ul>";
}

std::string logs_page(const LogReport* report, std::size_t max_log_bytes) {
  std::string b = "<h1>Log analysis</h1>\n";
  if (!report) {
    b += "<p class=\"summary\">Send a whole IIS log: its failures are grouped by status, sub-status and Win32 status "
         "(or HTTPERR reason), counted, placed in time, and each group is linked to the article that explains it.</p>\n";
    b += log_form(max_log_bytes);
    b += "<p class=\"hint\">Scripts can POST the log to <code>/api/logs</code> (JSON), and <code>kb-search --log FILE</code> "
         "reads logs on the command line.</p>\n";
    return render_page({"Log analysis", b, "", false, "Find why IIS denied the requests of a whole log."});
  }
  const LogReport& r = *report;
  b += "<dl class=\"meta\"><dt>Lines</dt><dd>" + with_commas(r.lines) + "</dd><dt>Requests</dt><dd>" + with_commas(r.requests) +
       "</dd><dt>Failures</dt><dd>" + with_commas(r.failures) + "</dd><dt>Malformed lines</dt><dd>" + with_commas(r.malformed) +
       "</dd></dl>\n";
  if (!r.malformed_lines.empty()) {
    b += "<details class=\"malformed\"><summary>Malformed lines" +
         std::string(r.malformed_lines.size() < r.malformed ? " (the first " + std::to_string(r.malformed_lines.size()) + ")" : "") +
         "</summary><ul>";
    for (const auto& m : r.malformed_lines) {
      b += "<li><code>" + html_escape((m.input.empty() ? "line " : m.input + ":") + std::to_string(m.line)) + "</code> " +
           html_escape(m.error) + "</li>";
    }
    b += "</ul></details>\n";
  }
  if (r.groups.empty()) {
    b += "<p>No failures: no request with a status of 400 or more, and no HTTPERR entry with a reason.</p>\n";
  } else {
    if (std::string svg = timeline_svg(r); !svg.empty()) {
      b += "<h2>Failures over time</h2>\n<figure class=\"timeline\">" + svg + "</figure>\n";
    }
    b += "<h2>Failures by cause</h2>\n<ol class=\"log-groups\">\n";
    for (std::size_t i = 0; i < r.groups.size(); ++i) {
      const LogGroup& g = r.groups[i];
      b += "<li><div class=\"group-head\"><span class=\"group-codes\">" + group_codes_html(g) + "</span>";
      b += "<span class=\"group-count\">" + with_commas(g.count) + (g.count == 1 ? " failure" : " failures") + "</span>";
      b += sparkline(g, i, r.timeline);
      b += "<span class=\"when\">" + html_escape(g.first.empty() ? "-" : g.first) + " – " +
           html_escape(g.last.empty() ? "-" : g.last) + "</span></div>\n";
      b += "<div class=\"group-answer\">";
      if (g.article) {
        b += "<a class=\"article\" href=\"/articles/" + url_encode(g.article->id) + "\">" + html_escape(g.article->title) + "</a>";
        b += "<p class=\"summary\">" + html_escape(g.article->summary) + "</p>";
        if (!g.article->fix.empty()) b += "<p class=\"fix\"><strong>Fix:</strong> " + html_escape(g.article->fix) + "</p>";
      } else {
        b += "<p class=\"muted\">No article matches these codes.</p>";
      }
      auto heading = [&](const char* title, const char* key) {
        const bool estimate = std::find(g.approximate.begin(), g.approximate.end(), key) != g.approximate.end();
        return "<h3>" + std::string(title) + (estimate ? " <span title=\"too many distinct values to count each: counts are upper bounds\">(about)</span>" : "") + "</h3>";
      };
      b += "</div>\n<div class=\"group-tops\"><div>" + heading("URLs", "urls") + counted_list(g.top_urls) + "</div><div>" +
           heading("Users", "users") + counted_list(g.top_users) + "</div><div>" + heading("Clients", "clients") +
           counted_list(g.top_clients) + "</div></div>\n";
      if (!g.example.empty()) {
        b += "<details><summary>Example line</summary><code class=\"example\">" + html_escape(g.example) + "</code></details>";
      }
      b += "</li>\n";
    }
    b += "</ol>\n";
  }
  b += "<h2>Analyse another log</h2>\n" + log_form(max_log_bytes);
  return render_page({"Log analysis", b, "", false, ""});
}

std::string code_family(const CodeEntry& c) {
  if (c.kind == "http") {
    if (c.code[0] == '5') return "5xx";
    return c.code.substr(0, 3) + ".x";
  }
  if (c.kind == "hresult") return "HRESULT";
  if (c.kind == "win32") return "Win32";
  if (c.kind == "ntstatus") return "NTSTATUS";
  if (c.kind == "event") return "Events";
  if (c.kind == "ftp") return "FTP";
  return "Names";
}

std::string home_page(const std::vector<CategoryView>& categories, std::size_t articles) {
  std::string b;
  b += "<h1>Why does it say “Access Denied”?</h1>\n";
  b += "<p class=\"summary\">Paste what you see: an error page, an IIS log line, an Event Log entry, an exception or "
       "just a code. " + std::to_string(articles) + " articles explain the cause, how to confirm it and the fix.</p>\n";
  b += "<form class=\"paste\" role=\"search\" action=\"/search\" method=\"get\">\n";
  b += "<label for=\"q\">What does the error say?</label>\n";
  b += "<textarea id=\"q\" name=\"q\" rows=\"8\" autofocus spellcheck=\"false\" "
       "placeholder=\"HTTP Error 401.3 - Unauthorized&#10;or: ... GET /app/ - 80 - 10.1.2.3 Mozilla/5.0 - 401 3 5 15\"></textarea>\n";
  b += "<div><button type=\"submit\">Find the cause</button> <span class=\"hint\">Ctrl+Enter searches; "
       "<kbd>/</kbd> jumps here.</span></div>\n</form>\n";
  b += "<h2>Examples</h2>\n<ul class=\"examples\">\n";
  for (const char* e : kExamples) {
    b += "<li><a href=\"" + html_escape(search_url(e)) + "\"><code>" + html_escape(e) + "</code></a></li>\n";
  }
  b += "</ul>\n<h2>Browse by category</h2>\n<ul class=\"grid\">\n";
  for (const auto& c : categories) {
    b += "<li><a href=\"/categories/" + url_encode(c.id) + "\"><strong>" + html_escape(c.title) + "</strong></a><br><span class=\"muted\">" +
         std::to_string(c.count) + " articles</span></li>\n";
  }
  b += "</ul>\n<p><a href=\"/codes\">Browse every code</a>: HTTP sub-statuses, HRESULTs, Win32 errors, NTSTATUS values, "
       "event IDs and FTP replies.</p>\n";
  b += "<p>Have a whole IIS log? <a href=\"/logs\">Analyse it</a>: every failure grouped by cause, with its article.</p>\n";
  return render_page({"Search", b, "", true, "Find why Windows or IIS says Access Denied."});
}

std::string search_page(const SearchPageInput& in) {
  const auto& r = in.response;
  const auto& q = in.request.query;
  std::string b;
  b += "<h1 class=\"visually-hidden\">Search results</h1>\n";
  if (!r.codes.empty() || !r.products.empty()) {
    b += "<div class=\"detected\" aria-label=\"What we read\"><strong>We read:</strong> ";
    bool first = true;
    for (const auto& c : r.codes) {
      if (!first) b += "; ";
      first = false;
      b += code_link(c.code);
      if (!c.meaning.empty()) b += " " + html_escape(c.meaning);
      if (!c.from.empty() && c.from != c.code) b += " <span class=\"muted\">(from “" + html_escape(c.from) + "”)</span>";
    }
    for (const auto& p : r.products) {
      if (!first) b += "; ";
      first = false;
      b += "product " + html_escape(p);
    }
    b += "</div>\n";
  }
  if (r.suggestion) {
    b += "<p>Did you mean <a href=\"" + html_escape(search_url(*r.suggestion)) + "\">" + html_escape(*r.suggestion) + "</a>?</p>\n";
  }
  const std::string& cat = in.request.category;
  const std::string& prod = in.request.product;
  b += "<div class=\"layout\">\n<aside class=\"facets\" aria-label=\"Filters\">";
  if (r.facet_top && !r.category_counts.empty()) {
    b += "<p class=\"muted\">Counts over the top " + std::to_string(r.facet_top) + " results</p>";
  }
  b += facet_list(
      "Category", r.category_counts, cat, [&](const std::string& v) { return search_url(q, v, prod); },
      [&](const std::string& v) { return category_title(in.categories, v); });
  b += facet_list(
      "Product", r.product_counts, prod, [&](const std::string& v) { return search_url(q, cat, v); },
      [](const std::string& v) { return v; });
  b += "</aside>\n<section aria-label=\"Results\">\n";
  if (r.hits.empty()) {
    b += "<p>No article matches this text. Try the error code alone (for example <code>401.3</code> or "
         "<code>0x80070005</code>), or <a href=\"/codes\">browse the codes</a>.</p>\n";
  } else {
    b += "<p class=\"muted\">" + std::string(r.total_exact ? "" : "About ") + std::to_string(r.total) +
         (r.total == 1 ? " matching article" : " matching articles") + "</p>\n<ol class=\"results\">\n";
    for (const auto& h : r.hits) {
      b += "<li><h2><a href=\"/articles/" + url_encode(h.id) + "\">" + html_escape(h.title) + "</a></h2>";
      b += "<div class=\"cat\">" + html_escape(category_title(in.categories, h.category)) + "</div>";
      b += "<div>";
      for (const auto& c : h.codes) {
        bool hit = std::find(h.matched_codes.begin(), h.matched_codes.end(), c) != h.matched_codes.end();
        b += code_link(c, hit);
      }
      b += "</div>";
      b += "<p class=\"snippet\">" + (h.snippet.empty() ? html_escape(h.summary) : h.snippet) + "</p>";
      std::string why;
      if (!h.matched_codes.empty()) {
        why += "code ";
        for (std::size_t i = 0; i < h.matched_codes.size(); ++i) why += (i ? ", " : "") + html_escape(h.matched_codes[i]);
      }
      if (h.matched_phrase) why += std::string(why.empty() ? "" : " · ") + "known message";
      if (!h.matched_terms.empty()) {
        why += std::string(why.empty() ? "" : " · ") + "words: ";
        for (std::size_t i = 0; i < h.matched_terms.size() && i < 8; ++i) why += (i ? ", " : "") + html_escape(h.matched_terms[i]);
      }
      if (!why.empty()) b += "<div class=\"why\">Matched: " + why + "</div>";
      b += "</li>\n";
    }
    b += "</ol>\n";
  }
  b += "</section>\n</div>\n";
  return render_page({q.substr(0, 80), b, q, false, ""});
}

std::string article_page(const ArticleView& a, const std::vector<CategoryView>& categories) {
  std::string b;
  b += "<nav class=\"breadcrumb\" aria-label=\"Breadcrumb\"><a href=\"/\">Home</a> › <a href=\"/categories/" +
       url_encode(a.category) + "\">" + html_escape(category_title(categories, a.category)) + "</a></nav>\n";
  b += "<article>\n<h1>" + html_escape(a.title) + "</h1>\n<p class=\"summary\">" + html_escape(a.summary) + "</p>\n";
  b += "<dl class=\"meta\"><dt>Codes</dt><dd>";
  for (const auto& c : a.codes) b += code_link(c);
  b += "</dd>";
  if (!a.products.empty()) {
    b += "<dt>Applies to</dt><dd>";
    for (std::size_t i = 0; i < a.products.size(); ++i) b += (i ? ", " : "") + html_escape(a.products[i]);
    b += "</dd>";
  }
  b += "</dl>\n";
  if (!a.phrases.empty()) {
    b += "<details><summary>Messages this article explains</summary><ul>";
    for (const auto& p : a.phrases) b += "<li><code>" + html_escape(p) + "</code></li>";
    b += "</ul></details>\n";
  }
  b += a.html;
  b += "</article>\n";
  if (!a.related.empty()) b += "<h2>Related articles</h2>\n" + ref_list(a.related);
  if (!a.backlinks.empty()) b += "<h2>Linked from</h2>\n" + ref_list(a.backlinks);
  return render_page({a.title, b, "", false, a.summary});
}

std::string codes_page(const std::vector<CodeEntry>& codes) {
  static const std::vector<std::string> kOrder = {"401.x", "403.x", "404.x", "405.x", "413.x", "5xx", "HRESULT",
                                                  "Win32", "NTSTATUS", "Events", "FTP", "Names"};
  std::map<std::string, std::vector<const CodeEntry*>> groups;
  for (const auto& c : codes) groups[code_family(c)].push_back(&c);
  std::vector<std::string> order = kOrder;
  for (const auto& [family, list] : groups) {
    if (std::find(order.begin(), order.end(), family) == order.end()) order.insert(order.begin(), family);
  }
  std::string b = "<h1>Codes</h1>\n<p class=\"summary\">Every code an article explains, by family. Any form works in the "
                  "address: <a href=\"/codes/-2147024891\">/codes/-2147024891</a> shows 0x80070005.</p>\n<nav aria-label=\"Families\"><p>";
  for (const auto& f : order) {
    if (groups.count(f)) b += "<a href=\"#" + url_encode(f) + "\">" + html_escape(f) + "</a> ";
  }
  b += "</p></nav>\n";
  for (const auto& f : order) {
    auto it = groups.find(f);
    if (it == groups.end()) continue;
    b += "<h2 id=\"" + url_encode(f) + "\">" + html_escape(f) + "</h2>\n<table class=\"code-table\"><thead><tr><th>Code</th><th>Meaning</th><th>Articles</th></tr></thead><tbody>\n";
    for (const CodeEntry* c : it->second) {
      b += "<tr><td>" + code_link(c->code) + "</td><td>" + html_escape(c->meaning) + "</td><td>";
      for (std::size_t i = 0; i < c->articles.size(); ++i) b += (i ? "<br>" : "") + article_link(c->articles[i]);
      b += "</td></tr>\n";
    }
    b += "</tbody></table>\n";
  }
  return render_page({"Codes", b, "", false, "Every code the knowledge base explains."});
}

std::string code_page(const CodeEntry& c) {
  std::string b = "<nav class=\"breadcrumb\" aria-label=\"Breadcrumb\"><a href=\"/\">Home</a> › <a href=\"/codes\">Codes</a></nav>\n";
  b += "<h1><code>" + html_escape(c.code) + "</code></h1>\n";
  b += "<dl class=\"meta\"><dt>Kind</dt><dd>" + html_escape(c.kind) + "</dd>";
  if (!c.meaning.empty()) b += "<dt>Meaning</dt><dd>" + html_escape(c.meaning) + "</dd>";
  if (!c.equivalents.empty()) {
    b += "<dt>Same error as</dt><dd>";
    for (const auto& e : c.equivalents) b += code_link(e);
    b += "</dd>";
  }
  b += "</dl>\n";
  if (c.articles.empty()) {
    b += "<p>No article lists this code yet. <a href=\"" + html_escape(search_url(c.code)) + "\">Search for it</a>.</p>\n";
  } else {
    b += "<h2>Articles</h2>\n" + ref_list(c.articles);
  }
  return render_page({c.code, b, c.code, false, c.meaning});
}

std::string categories_page(const std::vector<CategoryView>& categories) {
  std::string b = "<h1>Categories</h1>\n<ul class=\"grid\">\n";
  for (const auto& c : categories) {
    b += "<li><a href=\"/categories/" + url_encode(c.id) + "\"><strong>" + html_escape(c.title) + "</strong></a><p class=\"muted\">" +
         html_escape(c.description) + "</p><span class=\"muted\">" + std::to_string(c.count) + " articles</span></li>\n";
  }
  b += "</ul>\n";
  return render_page({"Categories", b, "", false, ""});
}

std::string category_page(const CategoryView& c, const std::vector<ArticleRef>& articles) {
  std::string b = "<nav class=\"breadcrumb\" aria-label=\"Breadcrumb\"><a href=\"/\">Home</a> › <a href=\"/categories\">Categories</a></nav>\n";
  b += "<h1>" + html_escape(c.title) + "</h1>\n<p class=\"summary\">" + html_escape(c.description) + "</p>\n";
  b += ref_list(articles);
  return render_page({c.title, b, "", false, c.description});
}

std::string not_found_page(const std::string& path) {
  std::string b = "<h1>Page not found</h1>\n<p>Nothing lives at <code>" + html_escape(path) + "</code>.</p>\n";
  b += "<form class=\"paste\" role=\"search\" action=\"/search\" method=\"get\"><label for=\"q\">Search the knowledge base instead</label>"
       "<textarea id=\"q\" name=\"q\" rows=\"4\"></textarea><div><button type=\"submit\">Search</button></div></form>\n";
  return render_page({"Not found", b, "", true, ""});
}

std::string error_page(int status, const std::string& message) {
  std::string b = "<h1>Error " + std::to_string(status) + "</h1>\n<p>" + html_escape(message) + "</p>\n<p><a href=\"/\">Back to search</a></p>\n";
  return render_page({"Error", b, "", false, ""});
}

}  // namespace kb
