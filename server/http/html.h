// html.h: HTML building blocks for the server-rendered pages: escaping, URLs, the page frame.
#pragma once

#include <string>
#include <string_view>

namespace kb {

// Escapes & < > " ' so any text is shown as text, in element content and in attribute values.
std::string html_escape(std::string_view text);

// Percent-encodes everything but unreserved characters, for query values and path segments.
std::string url_encode(std::string_view text);

struct Page {
  std::string title;         // <title>, escaped by render_page
  std::string body;          // HTML of <main>, already escaped where needed
  std::string query;         // shown in the header search box
  bool home = false;         // the home page has its own large search box
  std::string description;   // meta description
};

// The whole document: head, header with search, main, footer. Assets are served by kb-server
// itself (/static/...): no external fonts, scripts or styles.
std::string render_page(const Page& page);

// The embedded stylesheet and script, served at /static/app.css and /static/app.js.
std::string_view stylesheet();
std::string_view script();
std::string_view icon();  // /static/icon.svg

}  // namespace kb
