// views.h: the server-rendered HTML pages, from plain search results to a complete document.
#pragma once

#include <string>
#include <vector>

#include "log_analysis.h"
#include "searcher.h"

namespace kb {

struct SearchPageInput {
  SearchRequest request;
  SearchResponse response;
  std::vector<CategoryView> categories;
};

std::string home_page(const std::vector<CategoryView>& categories, std::size_t articles);
std::string search_page(const SearchPageInput& input);
std::string article_page(const ArticleView& article, const std::vector<CategoryView>& categories);
std::string codes_page(const std::vector<CodeEntry>& codes);
std::string code_page(const CodeEntry& code);
std::string categories_page(const std::vector<CategoryView>& categories);
std::string category_page(const CategoryView& category, const std::vector<ArticleRef>& articles);
// /logs: the form to upload or paste a log (bodies up to `max_log_bytes`), and below it the
// analysis of the log sent, when there is one: totals, malformed lines, a timeline (SVG drawn
// here) and the failure groups with their articles.
std::string logs_page(const LogReport* report, std::size_t max_log_bytes);

// The failures of every group over time as stacked bars (inline SVG, colours from the stylesheet;
// all text escaped), or empty when no failure had a date and time.
std::string timeline_svg(const LogReport& report);

// The 404 page offers a search for what was asked.
std::string not_found_page(const std::string& path);
std::string error_page(int status, const std::string& message);

// The family a code is shown under on /codes: "401.x", "403.x", "404.x", "5xx", "HRESULT",
// "Win32", "NTSTATUS", "Events", "FTP", "Names".
std::string code_family(const CodeEntry& code);

}  // namespace kb
