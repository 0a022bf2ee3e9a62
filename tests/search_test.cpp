// Tests of the searcher over the fixture knowledge base: ranking, codes, hostile pastes.
#include <catch2/catch.hpp>

#include <set>

#include "searcher.h"
#include "test_util.h"
#include "text.h"

namespace {

kb::Searcher& fixture_searcher() { return kb::test::shared_searcher(kb::test::fixture_kb()); }

kb::SearchResponse search(const std::string& q, std::size_t limit = 10) {
  kb::SearchRequest r;
  r.query = q;
  r.limit = limit;
  return fixture_searcher().search(r);
}

std::vector<std::string> ids(const kb::SearchResponse& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id);
  return out;
}

const char* const kIis401_3Page =
    "Server Error in Application \"DEFAULT WEB SITE\"\n"
    "Internet Information Services 7.5\n"
    "HTTP Error 401.3 - Unauthorized\n"
    "You do not have permission to view this directory or page because of the access control list (ACL) "
    "configuration or encryption settings for this resource on the Web server.\n"
    "Module IIS Web Core\nNotification AuthenticateRequest\nHandler StaticFile\nError Code 0x80070005\n"
    "Requested URL http://localhost:80/index.html\nPhysical Path C:\\inetpub\\wwwroot\\index.html\n"
    "Logon Method Anonymous\nLogon User Anonymous";

}  // namespace

TEST_CASE("a pasted IIS 401.3 error page ranks the 401.3 article first", "[search]") {
  auto r = search(kIis401_3Page);
  REQUIRE_FALSE(r.hits.empty());
  CHECK(r.hits[0].id == "iis-401-3-acl-on-resource");
  CHECK(r.hits[0].matched_phrase);
  CHECK(std::find(r.hits[0].matched_codes.begin(), r.hits[0].matched_codes.end(), "401.3") != r.hits[0].matched_codes.end());
}

TEST_CASE("why a result matched names the words as the user typed them, never index terms", "[search]") {
  // "hardening" and "copied" are in the 401.3 article's Symptoms section, which is searched as a
  // field of its own as well as in the body.
  auto r = search("After the hardening, copied files give Unauthorized");
  REQUIRE_FALSE(r.hits.empty());
  std::set<std::string> words;
  for (const auto& h : r.hits) {
    for (const auto& t : h.matched_terms) {
      CAPTURE(h.id, t);
      CHECK(t.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos);
      words.insert(t);
    }
  }
  CHECK(words.count("hardening") == 1);
}

TEST_CASE("the title of a 401.3 error ranks the 401.3 article first", "[search]") {
  CHECK(ids(search("HTTP Error 401.3 - Unauthorized")).front() == "iis-401-3-acl-on-resource");
}

TEST_CASE("0x80070005 finds every article that lists win32:5", "[search]") {
  std::vector<kb::Diagnostic> d;
  kb::Kb kb = kb::load_kb(kb::test::fixture_kb(), &d);
  std::set<std::string> expected;
  for (const auto& a : kb.articles) {
    if (std::find(a.codes.begin(), a.codes.end(), "win32:5") != a.codes.end()) expected.insert(a.id);
  }
  REQUIRE_FALSE(expected.empty());
  auto r = search("0x80070005");
  auto got = ids(r);
  for (const auto& id : expected) {
    CAPTURE(id);
    CHECK(std::find(got.begin(), got.end(), id) != got.end());
  }
  REQUIRE(r.codes.size() == 1);
  CHECK(r.codes[0].code == "0x80070005");
  CHECK(r.codes[0].kind == "hresult");
  CHECK(std::find(r.codes[0].equivalents.begin(), r.codes[0].equivalents.end(), "win32:5") != r.codes[0].equivalents.end());
}

TEST_CASE("every typed form of a code finds the same first article", "[search]") {
  const std::string first = ids(search("0x80070005")).front();
  for (const char* q : {"80070005", "-2147024891", "2147942405", "E_ACCESSDENIED", "HRESULT: 0x80070005"}) {
    CAPTURE(q);
    auto r = search(q);
    REQUIRE_FALSE(r.hits.empty());
    CHECK(r.hits[0].id == first);
  }
}

TEST_CASE("a log line's status triple is read as sub-status and Win32 status", "[search]") {
  auto r = search("2026-11-20 08:00:01 10.0.0.5 GET /app/ - 80 - 10.1.2.3 Mozilla/5.0 - 401 3 5 15");
  REQUIRE(r.codes.size() >= 2);
  CHECK(r.codes[0].code == "401.3");
  CHECK(r.codes[0].from == "401 3 5");
  CHECK(r.codes[1].code == "win32:5");
  CHECK(ids(r).front() == "iis-401-3-acl-on-resource");
}

TEST_CASE("a bare status counts for every article of its family, not only those that list it", "[search]") {
  // No fixture article lists a bare 401; browsers and clients show one for every 401.x.
  std::vector<kb::Diagnostic> d;
  kb::Kb kb = kb::load_kb(kb::test::fixture_kb(), &d);
  std::set<std::string> family;
  for (const auto& a : kb.articles) {
    for (const auto& c : a.codes) {
      if (c.rfind("401.", 0) == 0) family.insert(a.id);
    }
  }
  REQUIRE(family.size() >= 2);
  auto r = search("401");
  std::set<std::string> found;
  for (const auto& h : r.hits) {
    CAPTURE(h.id);
    found.insert(h.id);
    CHECK(std::find(h.matched_codes.begin(), h.matched_codes.end(), "401") != h.matched_codes.end());
  }
  CHECK(found == family);
  REQUIRE(r.codes.size() == 1);
  CHECK(r.codes[0].code == "401");
}

TEST_CASE("a bare number the index does not know is not reported as a code", "[search]") {
  auto r = search("port 8443 timeout");
  CHECK(r.codes.empty());
}

TEST_CASE("pasted text never acts as query syntax", "[search]") {
  const char* const pastes[] = {
      "Access Denied OR", "AND x", "HTTP/1.1 404 NOT FOUND", "HRESULT -2147024891", "\"unbalanced quote",
      "title:foo category:bar", "((( ))) [[ ]] {{ }}", "NOT NOT NOT", "* ? ~ ^ + -", "XCODE401.3 Qiis-401-3-acl-on-resource",
  };
  for (const char* q : pastes) {
    CAPTURE(q);
    CHECK_NOTHROW(search(q));
  }
  // Operators are words, not syntax: "NOT" does not exclude anything.
  CHECK(search("access NOT denied").total >= search("access").total);
}

TEST_CASE("binary, invalid UTF-8 and 64 KB pastes give answers, never errors", "[search]") {
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary += static_cast<char>(i % 256);
  CHECK_NOTHROW(search(binary));
  auto r = search("Access is denied \xff\xfe\xc3 401.3");
  CHECK(kb::is_valid_utf8(r.query));
  CHECK(ids(r).front() == "iis-401-3-acl-on-resource");

  std::string log;
  while (log.size() < 64 * 1024) {
    log += "2026-11-20 08:00:01 10.0.0.5 GET /app/page" + std::to_string(log.size()) +
           ".aspx - 80 - 10.1.2.3 Mozilla/5.0 - 401 3 5 15\n";
  }
  auto big = search(log);
  REQUIRE_FALSE(big.hits.empty());
  CHECK(big.hits[0].id == "iis-401-3-acl-on-resource");
}

TEST_CASE("a misspelt short query gets a did-you-mean and still finds answers", "[search]") {
  auto r = search("anonymus acess");
  REQUIRE(r.suggestion.has_value());
  CHECK(*r.suggestion == "anonymous access");
  CHECK_FALSE(r.hits.empty());
  // Codes are never "corrected".
  CHECK_FALSE(search("401.4").suggestion.has_value());
}

TEST_CASE("category facets count the whole result set and filters narrow it", "[search]") {
  auto all = search("access denied anonymous");
  std::size_t sum = 0;
  for (const auto& [id, count] : all.category_counts) sum += count;
  CHECK(sum == all.total);
  kb::SearchRequest r;
  r.query = "access denied anonymous";
  r.category = "identity";
  auto only = fixture_searcher().search(r);
  REQUIRE_FALSE(only.hits.empty());
  for (const auto& h : only.hits) CHECK(h.category == "identity");
  CHECK(only.category_counts == all.category_counts);
}

TEST_CASE("beyond the exact-match limit the total is an estimate, facets count the top results, ranks stay",
          "[search]") {
  // The real kb: a long paste matches most of its 157 articles.
  kb::Searcher& exact = kb::test::shared_searcher(kb::test::real_kb());
  kb::test::TempDir dir;
  kb::test::build_db(kb::test::real_kb(), dir.path());
  kb::Searcher bounded(dir.path());
  bounded.set_exact_match_limit(20);
  for (const std::string& category : {std::string(), std::string("iis-401")}) {
    CAPTURE(category);
    kb::SearchRequest r;
    r.query = "access is denied to the folder for the application pool identity and the anonymous user";
    r.category = category;
    const auto a = exact.search(r), b = bounded.search(r);
    CHECK(a.total_exact);
    CHECK(a.facet_top == 0);
    if (category.empty()) {
      REQUIRE(a.total > 30);
      CHECK_FALSE(b.total_exact);
    }
    // Facets are over the results before the filter: more than 20 matches, so the top 30.
    CHECK(b.facet_top == 30);
    std::size_t sum = 0;
    for (const auto& [id, count] : b.category_counts) sum += count;
    CHECK(sum == 30);
    REQUIRE(b.hits.size() == a.hits.size());
    for (std::size_t i = 0; i < a.hits.size(); ++i) {
      CHECK(b.hits[i].id == a.hits[i].id);
      CHECK(b.hits[i].score == a.hits[i].score);
    }
  }
}

TEST_CASE("limit and offset page through the results", "[search]") {
  auto all = search("access", 10);
  REQUIRE(all.hits.size() >= 3);
  kb::SearchRequest r;
  r.query = "access";
  r.limit = 2;
  r.offset = 1;
  auto page = fixture_searcher().search(r);
  REQUIRE(page.hits.size() == 2);
  CHECK(page.hits[0].id == all.hits[1].id);
  CHECK(page.hits[1].id == all.hits[2].id);
}

TEST_CASE("snippets are escaped HTML with the matched words marked", "[search]") {
  auto r = search("IUSR read permission <script>");
  REQUIRE_FALSE(r.hits.empty());
  CHECK(r.hits[0].snippet.find("<mark>") != std::string::npos);
  CHECK(r.hits[0].snippet.find("<script>") == std::string::npos);
}

TEST_CASE("codes() lists every code with its articles and code() reads any form", "[search]") {
  auto& s = fixture_searcher();
  auto all = s.codes();
  auto it = std::find_if(all.begin(), all.end(), [](const kb::CodeEntry& c) { return c.code == "401.3"; });
  REQUIRE(it != all.end());
  CHECK(it->kind == "http");
  CHECK_FALSE(it->articles.empty());

  auto c = s.code("-2147024891");
  REQUIRE(c.has_value());
  CHECK(c->code == "0x80070005");
  CHECK(c->symbol == "E_ACCESSDENIED");
  CHECK(std::find(c->equivalents.begin(), c->equivalents.end(), "ERROR_ACCESS_DENIED") != c->equivalents.end());
  CHECK_FALSE(c->articles.empty());
  CHECK_FALSE(s.code("hello").has_value());
}

TEST_CASE("article() returns the rendered article with related and backlinks", "[search]") {
  auto a = fixture_searcher().article("iis-401-3-acl-on-resource");
  REQUIRE(a.has_value());
  CHECK(a->title.find("401.3") != std::string::npos);
  CHECK(a->html.find("<h2>Fix</h2>") != std::string::npos);
  CHECK_FALSE(a->related.empty());
  CHECK_FALSE(a->backlinks.empty());
  CHECK_FALSE(fixture_searcher().article("../../etc/passwd").has_value());
  CHECK_FALSE(fixture_searcher().article("no-such-article").has_value());
}

TEST_CASE("products the paste names are reported when articles are labelled with them", "[search]") {
  auto r = search("IIS 6.0 site: access denied, and SharePoint too");
  CHECK(r.products == std::vector<std::string>{"IIS 6.0"});  // no fixture article is about SharePoint
  CHECK_FALSE(r.hits.empty());
  // A named product only reorders what matched: it never adds a match of its own.
  auto named = search("iis 6 access denied"), plain = search("iis access denied");
  CHECK(named.products == std::vector<std::string>{"IIS 6.0"});
  CHECK(plain.products.empty());
  CHECK(named.total == plain.total);
  CHECK(search("iis 10 zzzqqq").products == std::vector<std::string>{"IIS 7+"});
}
