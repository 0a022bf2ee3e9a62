// Tests over the real kb/: it validates, every article is linked both ways, hubs list their
// families.
#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <set>

#include "kb.h"
#include "test_util.h"

namespace {

const kb::Kb& real_kb() {
  static std::vector<kb::Diagnostic> diagnostics;
  static kb::Kb kb = kb::load_kb(kb::test::real_kb(), &diagnostics);
  for (const auto& d : diagnostics) UNSCOPED_INFO(d.str());
  REQUIRE(diagnostics.empty());
  return kb;
}

}  // namespace

TEST_CASE("the real knowledge base passes the indexer's validation", "[kb-content]") {
  CHECK(real_kb().articles.size() >= 12);
}

TEST_CASE("every article links to at least two others and is linked from one", "[kb-content]") {
  std::map<std::string, int> inbound;
  for (const auto& a : real_kb().articles) {
    CAPTURE(a.id);
    CHECK(a.linked_ids().size() >= 2);
    for (const auto& id : a.linked_ids()) inbound[id] += 1;
  }
  for (const auto& a : real_kb().articles) {
    CAPTURE(a.id);
    CHECK(inbound[a.id] >= 1);
  }
}

TEST_CASE("every category has articles and every article's codes are canonical", "[kb-content]") {
  std::set<std::string> used;
  for (const auto& a : real_kb().articles) used.insert(a.category);
  for (const auto& c : real_kb().categories) {
    CAPTURE(c.id);
    CHECK(used.count(c.id) == 1);
  }
  for (const auto& a : real_kb().articles) {
    for (const auto& code : a.codes) {
      CAPTURE(a.id, code);
      CHECK(kb::canonical_code_kind(code).has_value());
    }
  }
}

TEST_CASE("each code family hub lists every member code with a link to its article", "[kb-content]") {
  // hub id -> predicate for the family's codes
  const std::map<std::string, std::function<bool(const std::string&)>> hubs = {
      {"guide-401-diagnosis", [](const std::string& c) { return c.rfind("401.", 0) == 0; }},
      {"iis-403-substatus-codes", [](const std::string& c) { return c.rfind("403.", 0) == 0; }},
      {"iis-404-substatus-codes", [](const std::string& c) { return c.rfind("404.", 0) == 0; }},
      {"win-event-4625-status-codes", [](const std::string& c) { return c.rfind("0xc", 0) == 0; }},
      {"iis-500-19-error-codes", [](const std::string& c) { return c.rfind("500.", 0) == 0; }},
      {"iis-503-diagnosis",
       [](const std::string& c) {
         return c.rfind("503", 0) == 0 || c == "event:5002" || c == "event:5009" || c == "event:5021" ||
                c == "event:5057" || c == "event:5059";
       }},
      {"guide-decode-error-codes",
       [](const std::string& c) { return c.rfind("win32:", 0) == 0 || c.rfind("0x8007", 0) == 0; }},
  };
  std::map<std::string, const kb::Article*> by_id;
  for (const auto& a : real_kb().articles) {
    by_id[a.id] = &a;
    // Every article marked as a hub is one of the family hubs checked here.
    if (a.hub) {
      CAPTURE(a.id);
      CHECK(hubs.count(a.id) == 1);
    }
  }
  for (const auto& [hub, in_family] : hubs) {
    CAPTURE(hub);
    REQUIRE(by_id.count(hub) == 1);
    const kb::Article& h = *by_id[hub];
    std::set<std::string> hub_codes(h.codes.begin(), h.codes.end());
    // Every member code listed by any article of the kb or the dictionary is in the hub.
    for (const auto& [code, info] : real_kb().code_dictionary.entries()) {
      if (!in_family(code)) continue;
      CAPTURE(code);
      CHECK(hub_codes.count(code) == 1);
      CHECK(h.body.find(code) != std::string::npos);
    }
  }
}
