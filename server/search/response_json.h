// response_json.h: the JSON shapes of CONTRACT.md for search results, articles and codes,
// shared by kb-search --json and kb-server's API.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "searcher.h"

namespace kb {

nlohmann::json to_json(const SearchResponse& response);
nlohmann::json to_json(const ArticleView& article);
nlohmann::json to_json(const CodeEntry& code);
nlohmann::json to_json(const CategoryView& category);

// Serialises without ever throwing on invalid UTF-8 (bad bytes become U+FFFD).
std::string dump_json(const nlohmann::json& j, int indent = -1);

}  // namespace kb
