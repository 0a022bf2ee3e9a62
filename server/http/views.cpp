// views.cpp: the HTML pages (see views.h). Every piece of article or user text goes through
// html_escape; the only HTML taken as is comes from md4c (raw HTML off) and Xapian snippets
// (already escaped).
#include "views.h"

#include <algorithm>
#include <functional>
#include <map>

#include "html.h"

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

}  // namespace

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
  return render_page({"Search", b, "", true, "Find why Windows or IIS says Access Denied."});
}

std::string search_page(const SearchPageInput& in) {
  const auto& r = in.response;
  const auto& q = in.request.query;
  std::string b;
  b += "<h1 class=\"visually-hidden\">Search results</h1>\n";
  if (!r.codes.empty()) {
    b += "<div class=\"detected\" aria-label=\"What we read\"><strong>We read:</strong> ";
    bool first = true;
    for (const auto& c : r.codes) {
      if (!first) b += "; ";
      first = false;
      b += code_link(c.code);
      if (!c.meaning.empty()) b += " " + html_escape(c.meaning);
      if (!c.from.empty() && c.from != c.code) b += " <span class=\"muted\">(from “" + html_escape(c.from) + "”)</span>";
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
