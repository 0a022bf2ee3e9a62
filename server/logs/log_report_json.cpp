// log_report_json.cpp: see log_report_json.h.
#include "log_report_json.h"

namespace kb {
using nlohmann::json;

namespace {

json counted(const std::vector<std::pair<std::string, std::uint64_t>>& list) {
  json out = json::array();
  for (const auto& [value, count] : list) out.push_back(json::array({value, count}));
  return out;
}

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

}  // namespace

std::string log_group_label(const LogGroup& g) {
  if (g.other) return "other";
  std::string label = g.ftp ? "FTP " : "";
  if (g.status > 0) label += std::to_string(g.status);
  if (g.substatus > 0 && !g.httperr && !g.ftp) label += "." + std::to_string(g.substatus);
  if (g.httperr) label += (g.status > 0 ? " " : "") + g.reason;
  return label;
}

json to_json(const LogReport& r) {
  json malformed = json::array();
  for (const auto& m : r.malformed_lines) {
    json line = {{"line", m.line}, {"error", m.error}};
    if (!m.input.empty()) line["input"] = m.input;
    malformed.push_back(line);
  }
  json groups = json::array();
  for (const auto& g : r.groups) {
    json j = {{"status", g.status > 0 ? json(g.status) : json(nullptr)},
              {"substatus", g.substatus >= 0 ? json(g.substatus) : json(nullptr)},
              {"win32", g.win32 >= 0 ? json(g.win32) : json(nullptr)}};
    if (g.httperr) j["reason"] = g.reason;
    if (g.ftp) j["ftp"] = true;
    if (g.other) j["other"] = true;
    j["label"] = log_group_label(g);
    j["count"] = g.count;
    j["first"] = text_or_null(g.first);
    j["last"] = text_or_null(g.last);
    j["example"] = g.example;
    j["top_urls"] = counted(g.top_urls);
    j["top_users"] = counted(g.top_users);
    j["top_clients"] = counted(g.top_clients);
    if (!g.approximate.empty()) j["approximate"] = g.approximate;
    j["timeline"] = g.timeline;
    if (g.article) {
      j["article"] = {{"id", g.article->id},
                      {"title", g.article->title},
                      {"summary", g.article->summary},
                      {"fix", g.article->fix},
                      {"url", "/articles/" + g.article->id}};
    } else {
      j["article"] = nullptr;
    }
    groups.push_back(std::move(j));
  }
  json timeline = nullptr;
  if (r.timeline.buckets > 0) {
    timeline = {{"start", r.timeline.start}, {"bucket_minutes", r.timeline.bucket_minutes}, {"buckets", r.timeline.buckets}};
  }
  return {{"lines", r.lines},         {"requests", r.requests}, {"failures", r.failures},
          {"malformed", r.malformed}, {"malformed_lines", malformed}, {"timeline", timeline},
          {"groups", groups}};
}

}  // namespace kb
