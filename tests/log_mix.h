// log_mix.h: one generated IIS log with a known failure mix (a W3C part, then an HTTPERR part
// under its own #Fields), and what its analysis must find: shared by the CLI, API and page tests.
#pragma once

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "log_generator.h"

namespace kb::test {

struct ExpectedGroup {
  std::string label;  // as log_group_label writes it
  int status;
  int substatus;      // -1: none (HTTPERR)
  long long win32;    // -1: none (HTTPERR)
  std::string reason;
  std::uint64_t count;
  std::string first, last;
  std::string article;  // the article about the cause, on the real kb
};

struct KnownMixLog {
  std::string text;
  std::uint64_t lines = 0, requests = 0, failures = 0;
  std::vector<ExpectedGroup> groups;  // in the generator's order, not by count
};

inline const KnownMixLog& known_mix_log() {
  static const KnownMixLog log = [] {
    KnownMixLog out;
    struct Entry {
      LogMixEntry mix;
      const char* label;
      const char* article;
    };
    const std::vector<Entry> w3c = {
        {{401, 3, 5, "", 0.03}, "401.3", "iis-401-3-acl-on-resource"},
        {{401, 1, 1326, "", 0.02}, "401.1", "iis-401-1-bad-credentials"},
        {{401, 2, 5, "", 0.015}, "401.2", "iis-401-2-auth-method-mismatch"},
        {{500, 19, 5, "", 0.01}, "500.19", "iis-500-19-config-access-denied"},
        {{403, 14, 0, "", 0.005}, "403.14", "iis-403-14-directory-listing"},
        {{401, 5, 0, "", 0.003}, "401.5", "iis-401-5-isapi-cgi-denied"},
    };
    const std::vector<Entry> httperr = {
        {{503, 0, 0, "QueueFull", 0.2}, "503 QueueFull", "iis-503-httperr-reason-codes"},
        {{503, 0, 0, "AppOffline", 0.1}, "503 AppOffline", "iis-503-httperr-reason-codes"},
        {{0, 0, 0, "Timer_ConnectionIdle", 0.7}, "Timer_ConnectionIdle", "iis-503-httperr-reason-codes"},
    };
    for (const auto* part : {&w3c, &httperr}) {
      LogGeneratorOptions o;
      o.httperr = part == &httperr;
      o.lines = o.httperr ? 400 : 20000;
      o.seed = o.httperr ? 11 : 5;
      o.start = o.httperr ? "2026-11-20 10:00:00" : "2026-11-20 08:00:00";
      for (const auto& e : *part) o.mix.push_back(e.mix);
      LogGeneratorResult r = generate_log(o, [&](std::string_view chunk) { out.text.append(chunk); });
      out.lines += r.lines;
      out.requests += r.records;
      for (std::size_t k = 0; k < part->size(); ++k) {
        const LogMixEntry& m = (*part)[k].mix;
        out.groups.push_back({(*part)[k].label, m.status, o.httperr ? -1 : m.substatus, o.httperr ? -1 : m.win32,
                              m.reason, r.counts[k], r.first[k], r.last[k], (*part)[k].article});
        out.failures += r.counts[k];
      }
    }
    return out;
  }();
  return log;
}

// Checks a JSON log analysis (CONTRACT.md) of known_mix_log(): exactly its groups, counts and
// times, each with the article about its cause, most failures first.
inline void check_known_mix_json(const nlohmann::json& j) {
  const KnownMixLog& log = known_mix_log();
  CHECK(j["lines"] == log.lines);
  CHECK(j["requests"] == log.requests);
  CHECK(j["failures"] == log.failures);
  CHECK(j["malformed"] == 0);
  REQUIRE(j["groups"].size() == log.groups.size());
  for (std::size_t i = 1; i < j["groups"].size(); ++i) CHECK(j["groups"][i - 1]["count"] >= j["groups"][i]["count"]);
  for (const auto& e : log.groups) {
    CAPTURE(e.label);
    const nlohmann::json* found = nullptr;
    for (const auto& g : j["groups"]) {
      if (g["label"] == e.label) found = &g;
    }
    REQUIRE(found);
    const nlohmann::json& g = *found;
    CHECK(g["count"] == e.count);
    CHECK(g["first"] == e.first);
    CHECK(g["last"] == e.last);
    if (e.status > 0) CHECK(g["status"] == e.status);
    else CHECK(g["status"].is_null());
    if (e.substatus >= 0) CHECK(g["substatus"] == e.substatus);
    else CHECK(g["substatus"].is_null());
    if (e.win32 >= 0) CHECK(g["win32"] == e.win32);
    else CHECK(g["win32"].is_null());
    if (!e.reason.empty()) CHECK(g["reason"] == e.reason);
    else CHECK_FALSE(g.contains("reason"));
    REQUIRE(g["article"].is_object());
    CHECK(g["article"]["id"] == e.article);
    CHECK(g["article"]["url"] == "/articles/" + e.article);
    CHECK_FALSE(g["article"]["title"].get<std::string>().empty());
    CHECK(g["example"].get<std::string>().find(e.first.substr(11)) != std::string::npos);
  }
}

}  // namespace kb::test
