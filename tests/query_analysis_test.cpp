// Tests of query_analysis.h: what a paste contains before it meets the index.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "query_analysis.h"
#include "text.h"

namespace {

std::vector<std::string> products_in(const std::string& text) {
  return kb::mentioned_products(kb::normalized_words(text));
}

const std::string* field(const kb::Fields& fields, const std::string& key) {
  for (const auto& [k, v] : fields) {
    if (k == key) return &v;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("mentioned_products names products under the kb's labels, each once", "[analysis]") {
  using V = std::vector<std::string>;
  CHECK(products_in("Browsing any site in our IIS 6.0 app pools gives Service Unavailable") == V{"IIS 6.0"});
  CHECK(products_in("iis6 on win 2003, and IIS 6 again") == V{"IIS 6.0", "Windows Server 2003"});
  CHECK(products_in("Internet Information Services 7.5 on IIS 7.5, moved to IIS 10") == V{"IIS 7+"});
  CHECK(products_in("IIS 5.1 on Windows XP") == V{"IIS 5.x", "Windows XP"});
  CHECK(products_in("ASP.NET Core app under IIS Express, SQL Server login fails") ==
        V{"ASP.NET Core", "IIS Express", "SQL Server"});
  CHECK(products_in("Windows Server 2019 joined to Active Directory") == V{"Active Directory", "Windows Server 2008+"});
  CHECK(products_in("SharePoint 2010 Central Admin") == V{"SharePoint"});
}

TEST_CASE("mentioned_products ignores numbers that only look like versions", "[analysis]") {
  CHECK(products_in("").empty());
  CHECK(products_in("HTTP Error 401.3 - Unauthorized, port 6, 2003 requests, asp net").empty());
  CHECK(products_in("IIS answered 401 2 5 in 7 ms").empty());
}

TEST_CASE("analyze_query reads codes, event fields, products and shingles of a paste", "[analysis]") {
  const auto q = kb::analyze_query(
      "IIS 6 site, Security log:\nEvent ID: 4625\nStatus: 0xC000006D\nSub Status: 0xC0000072\n"
      "An account failed to log on.");
  CHECK(q.products == std::vector<std::string>{"IIS 6.0"});
  auto has = [&](const std::string& code) {
    return std::any_of(q.codes.begin(), q.codes.end(), [&](const kb::DetectedCode& c) { return c.code == code; });
  };
  CHECK(has("event:4625"));
  CHECK(has("0xc000006d"));
  CHECK(has("0xc0000072"));
  REQUIRE(field(q.event_fields, "Sub Status"));
  CHECK(*field(q.event_fields, "Sub Status") == "0xC0000072");
  // The Sub Status names the cause: it counts more than the generic Status.
  CHECK(q.code_weight.at("0xc0000072") > q.code_weight.at("0xc000006d"));
  CHECK(std::find(q.shingles.begin(), q.shingles.end(), "failed to log") != q.shingles.end());
  // Codes are matched as codes, not as words.
  CHECK(q.words_text.find("0xC0000072") == std::string::npos);
}

TEST_CASE("analyze_query gives the words of an exception's identifiers", "[analysis]") {
  const auto q = kb::analyze_query(
      "System.UnauthorizedAccessException: Attempted to perform an unauthorized operation.\n"
      "   at Microsoft.Win32.RegistryKey.SetValue(String name, Object value)");
  const auto words = kb::normalized_words(q.words_text);
  for (const char* w : {"unauthorizedaccessexception", "unauthorized", "access", "registry", "key", "set", "value"}) {
    CAPTURE(w);
    CHECK(std::find(words.begin(), words.end(), w) != words.end());
  }
}

TEST_CASE("analyze_query sees a web server in HTTP statuses, log records and web words only", "[analysis]") {
  for (const char* paste : {"HTTP Error 401.1 - Unauthorized", "GET /app/ - 80 - 10.1.2.3 - 401 1 1326 15",
                            "the site shows a blank page", "our app pool account keeps locking",
                            "w3wp.exe CreateFile ACCESS DENIED"}) {
    CAPTURE(paste);
    CHECK(kb::analyze_query(paste).web_server);
  }
  for (const char* paste : {"4625 Sub Status 0xC0000072", "net use \\\\fs01\\share System error 5 has occurred.",
                            "Event 10016 DCOM local activation", "cannot delete folder, access denied", ""}) {
    CAPTURE(paste);
    CHECK_FALSE(kb::analyze_query(paste).web_server);
  }
}

TEST_CASE("analyze_query reads a log line with a header by its fields only, not by position", "[analysis]") {
  const auto q = kb::analyze_query(
      "#Fields: date time cs-method cs-uri-stem sc-status sc-substatus sc-win32-status sc-bytes cs-bytes\n"
      "2005-08-26 18:33:30 GET /images/ 403 14 5 412 433\n"
      "why is the folder forbidden?");
  std::vector<std::string> codes;
  for (const auto& c : q.codes) codes.push_back(c.code);
  // sc-bytes and cs-bytes are not a status pair.
  CHECK(codes == std::vector<std::string>{"403.14", "win32:5"});
}

TEST_CASE("analyze_query keeps the words of a symbolic name aside, for when it is no code", "[analysis]") {
  const auto q = kb::analyze_query("Logon failure for IUSR_WEB01, E_ACCESSDENIED");
  CHECK(q.words_text.find("IUSR") == std::string::npos);
  CHECK(q.words_text.find("ACCESSDENIED") == std::string::npos);
  REQUIRE(q.symbol_words.count("IUSR_WEB01") == 1);
  CHECK(kb::normalized_words(q.symbol_words.at("IUSR_WEB01")) == std::vector<std::string>{"iusr", "web01"});
}

TEST_CASE("analyze_query never fails on hostile input and caps what it reads", "[analysis]") {
  std::string big(200 * 1024, 'a');
  for (std::size_t i = 0; i < big.size(); i += 7) big[i] = ' ';
  const auto q = kb::analyze_query(big);
  CHECK(q.text.size() <= kb::kMaxQueryBytes);
  CHECK(q.shingles.size() <= kb::kMaxShingles);
  const auto bad = kb::analyze_query(std::string("\xff\xfe\0\x01 IIS 6 \"(AND NOT)\"", 20));
  CHECK(kb::is_valid_utf8(bad.text));
  CHECK(bad.products == std::vector<std::string>{"IIS 6.0"});
}
