// response_json.cpp: see response_json.h.
#include "response_json.h"

namespace kb {
using nlohmann::json;

namespace {

json refs(const std::vector<ArticleRef>& list) {
  json out = json::array();
  for (const auto& r : list) out.push_back({{"id", r.id}, {"title", r.title}, {"url", "/articles/" + r.id}});
  return out;
}

}  // namespace

json to_json(const SearchResponse& r) {
  json codes = json::array();
  for (const auto& c : r.codes) {
    codes.push_back({{"code", c.code}, {"kind", c.kind}, {"from", c.from}, {"meaning", c.meaning},
                     {"equivalents", c.equivalents}});
  }
  json results = json::array();
  for (const auto& h : r.hits) {
    results.push_back({{"id", h.id},
                       {"title", h.title},
                       {"summary", h.summary},
                       {"category", h.category},
                       {"codes", h.codes},
                       {"score", h.score},
                       {"snippet", h.snippet},
                       {"url", "/articles/" + h.id},
                       {"why", {{"codes", h.matched_codes}, {"phrase", h.matched_phrase}, {"terms", h.matched_terms}}}});
  }
  json facets = json::array();
  for (const auto& [id, count] : r.category_counts) facets.push_back({{"category", id}, {"count", count}});
  json products = json::array();
  for (const auto& [name, count] : r.product_counts) products.push_back({{"product", name}, {"count", count}});
  auto fields = [](const Fields& f) {
    json out = json::object();
    for (const auto& [k, v] : f) {
      if (!out.contains(k)) out[k] = v;
    }
    return out;
  };
  return {{"query", r.query},
          {"detected",
           {{"codes", codes}, {"log", fields(r.log_fields)}, {"event", fields(r.event_fields)}, {"products", r.products}}},
          {"total", r.total},
          {"total_exact", r.total_exact},
          {"results", results},
          {"facets", {{"categories", facets}, {"products", products},
                      {"top", r.facet_top ? json(r.facet_top) : json(nullptr)}}},
          {"suggestion", r.suggestion ? json(*r.suggestion) : json(nullptr)}};
}

json to_json(const ArticleView& a) {
  return {{"id", a.id},          {"title", a.title},         {"summary", a.summary},
          {"category", a.category}, {"codes", a.codes},       {"products", a.products},
          {"phrases", a.phrases},   {"html", a.html},         {"related", refs(a.related)},
          {"backlinks", refs(a.backlinks)}, {"url", "/articles/" + a.id}};
}

json to_json(const CodeEntry& c) {
  return {{"code", c.code},       {"kind", c.kind},
          {"symbol", c.symbol.empty() ? json(nullptr) : json(c.symbol)},
          {"meaning", c.meaning}, {"equivalents", c.equivalents},
          {"articles", refs(c.articles)}};
}

json to_json(const CategoryView& c) {
  return {{"id", c.id}, {"title", c.title}, {"description", c.description}, {"count", c.count},
          {"url", "/categories/" + c.id}};
}

std::string dump_json(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace kb
