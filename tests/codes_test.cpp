// Tests of codes.h: reading every typed form of a code and the code dictionary.
#include <catch2/catch.hpp>

#include "codes.h"

using kb::CodeKind;

TEST_CASE("normalize_code reads every typed form", "[codes]") {
  struct Row {
    const char* typed;
    const char* canonical;
  };
  const Row rows[] = {
      {"401.3", "401.3"},
      {"HTTP Error 401.3", "401.3"},
      {"HTTP 401.3", "401.3"},
      {"401-3", "401.3"},
      {"401 3", "401.3"},
      {"401.3 Unauthorized", "401.3"},
      {"500.19", "500.19"},
      {"403", "403"},
      {"0x80070005", "0x80070005"},
      {"0X80070005", "0x80070005"},
      {"80070005", "0x80070005"},
      {"HRESULT: 0x80070005", "0x80070005"},
      {"-2147024891", "0x80070005"},
      {"2147942405", "0x80070005"},
      {"8000401a", "0x8000401a"},
      {"0xC000006D", "0xc000006d"},
      {"Status: 0xC000006D", "0xc000006d"},
      {"win32:5", "win32:5"},
      {"Win32 error 1326", "win32:1326"},
      {"error 1326", "win32:1326"},
      {"System error 5 has occurred.", "win32:5"},
      {"PermissionError: [WinError 5] Access is denied", "win32:5"},
      {"The remote server returned an error: (403) Forbidden.", "403"},
      {"Server Error\n404 - File or directory not found.", "404"},
      {"users get Error 403 Forbidden", "403"},
      {"the log shows error 404 2 1260", "404.2"},
      {"GetLastError() = 1326", "win32:1326"},
      {"Event ID 4625", "event:4625"},
      {"EventID: 10016", "event:10016"},
      {"event:4625", "event:4625"},
      {"ftp:530", "ftp:530"},
      {"ERROR_ACCESS_DENIED", "ERROR_ACCESS_DENIED"},
      {"error_logon_failure", "ERROR_LOGON_FAILURE"},
      {"E_ACCESSDENIED", "E_ACCESSDENIED"},
      {"rsAccessDenied", "rsAccessDenied"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.typed);
    auto got = kb::normalize_code(row.typed);
    REQUIRE(got.has_value());
    CHECK(*got == row.canonical);
  }
}

TEST_CASE("normalize_code refuses text that is not a code", "[codes]") {
  for (const char* typed : {"", "hello", "5", "0x0", "401.x", "12", "<script>"}) {
    CAPTURE(typed);
    CHECK_FALSE(kb::normalize_code(typed).has_value());
  }
}

TEST_CASE("canonical_code_kind accepts only canonical forms", "[codes]") {
  struct Row {
    const char* code;
    std::optional<CodeKind> kind;
  };
  const Row rows[] = {
      {"401", CodeKind::kHttp},          {"401.3", CodeKind::kHttp},       {"404.503", CodeKind::kHttp},
      {"0x80070005", CodeKind::kHresult}, {"0xc000006d", CodeKind::kNtstatus}, {"win32:5", CodeKind::kWin32},
      {"event:4625", CodeKind::kEvent},  {"ftp:530", CodeKind::kFtp},       {"E_ACCESSDENIED", CodeKind::kSymbol},
      {"rsAccessDenied", CodeKind::kSymbol},
      {"HTTP 401.3", std::nullopt},      {"401.x", std::nullopt},          {"0x80070005 ", std::nullopt},
      {"0X80070005", std::nullopt},      {"0xC000006D", std::nullopt},     {"win32:05", std::nullopt},
      {"win32:2147942405", std::nullopt}, {"601", std::nullopt},           {"401.03", std::nullopt},
      {"event:x", std::nullopt},         {"access", std::nullopt},
  };
  for (const auto& row : rows) {
    CAPTURE(row.code);
    CHECK(kb::canonical_code_kind(row.code) == row.kind);
  }
}

TEST_CASE("numeric_equivalents pairs Win32 errors with their HRESULTs", "[codes]") {
  CHECK(kb::numeric_equivalents("win32:5") == std::vector<std::string>{"win32:5", "0x80070005"});
  CHECK(kb::numeric_equivalents("0x8007052e") == std::vector<std::string>{"0x8007052e", "win32:1326"});
  CHECK(kb::numeric_equivalents("0xc000006d") == std::vector<std::string>{"0xc000006d"});
  CHECK(kb::numeric_equivalents("401.3") == std::vector<std::string>{"401.3"});
}

namespace {
std::vector<std::string> codes_in(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& d : kb::detect_codes(text)) out.push_back(d.code);
  return out;
}
}  // namespace

TEST_CASE("detect_codes reads a W3C log line's status fields", "[codes]") {
  auto found = kb::detect_codes(
      "2026-11-20 08:00:01 10.0.0.5 GET /app/ - 80 - 10.1.2.3 Mozilla/5.0 - 401 2 5 15");
  REQUIRE(found.size() >= 2);
  CHECK(found[0].code == "401.2");
  CHECK(found[0].from == "401 2 5");
  CHECK_FALSE(found[0].guessed);
  CHECK(found[1].code == "win32:5");
}

TEST_CASE("detect_codes reads no status in the fields after a line's status triple", "[codes]") {
  // sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken, without a header.
  auto found = kb::detect_codes(
      "2005-08-26 18:33:30 GET /images - 80 - 10.0.0.20 301 0 0 399 432\n"
      "2005-08-26 18:33:31 GET /images/ - 80 - 10.0.0.20 403 14 5 412 433 15\n");
  std::vector<std::string> codes;
  for (const auto& d : found) codes.push_back(d.code);
  CHECK(codes == std::vector<std::string>{"301", "403.14", "win32:5"});
  // Lines pasted without their line breaks: each triple is still read.
  found = kb::detect_codes("GET /a - 80 - 10.0.0.1 401 2 5 120 15 GET /a - 80 CONTOSO\\bob 10.0.0.1 200 0 0 5120 31");
  codes.clear();
  for (const auto& d : found) codes.push_back(d.code);
  CHECK(codes == std::vector<std::string>{"401.2", "win32:5", "200"});
}

TEST_CASE("detect_codes turns a decimal sc-win32-status into its HRESULT", "[codes]") {
  CHECK(codes_in("GET / - 80 - 10.0.0.1 - 401 1 2148074254 0") ==
        std::vector<std::string>{"401.1", "0x8009030e"});
}

TEST_CASE("detect_codes finds every code of an error page once, in order", "[codes]") {
  CHECK(codes_in("HTTP Error 500.19 - Internal Server Error\nError Code 0x80070005\nError Code 0x80070005") ==
        std::vector<std::string>{"500.19", "0x80070005"});
  CHECK(codes_in("Exception from HRESULT: 0x80070005 (E_ACCESSDENIED)") ==
        std::vector<std::string>{"0x80070005", "E_ACCESSDENIED"});
  CHECK(codes_in("Status: 0xc000006d Sub Status: 0xc000006a Sub Status: 0x0") ==
        std::vector<std::string>{"0xc000006d", "0xc000006a"});
}

TEST_CASE("detect_codes marks bare numbers as guesses", "[codes]") {
  auto found = kb::detect_codes("4625 sub status 0xc0000072");
  REQUIRE(found.size() == 3);
  CHECK(found[0].code == "event:4625");
  CHECK(found[0].guessed);
  CHECK(found[1].code == "win32:4625");
  CHECK(found[1].guessed);
  CHECK(found[2].code == "0xc0000072");
  CHECK_FALSE(found[2].guessed);
}

TEST_CASE("detect_codes ignores addresses, times and dates", "[codes]") {
  CHECK(codes_in("2021-03-02 14:11:07 10.0.5.21 192.168.0.101 1.4.22").empty());
}

TEST_CASE("detect_codes survives hostile input", "[codes]") {
  std::string big(70000, '4');
  CHECK(kb::detect_codes(big).empty());
  std::string binary("\x00\xff\xfe 401.3 \x80", 10);
  CHECK(codes_in(binary) == std::vector<std::string>{"401.3"});
  CHECK(codes_in("-").empty());
  CHECK(codes_in("0x").empty());
  CHECK(codes_in("win32:99999999999999999999").empty());
}

TEST_CASE("CodeDictionary links numbers and symbolic names both ways", "[codes]") {
  std::vector<std::string> errors;
  auto dict = kb::CodeDictionary::parse(
      "# comment\n"
      "win32:5\twin32\tERROR_ACCESS_DENIED\tAccess is denied.\n"
      "0x80070005\thresult\tE_ACCESSDENIED\tGeneral access denied error\n",
      &errors);
  CHECK(errors.empty());
  REQUIRE(dict.find("win32:5") != nullptr);
  CHECK(dict.find("win32:5")->meaning == "Access is denied.");
  CHECK(dict.equivalents("E_ACCESSDENIED") ==
        std::vector<std::string>{"E_ACCESSDENIED", "0x80070005", "ERROR_ACCESS_DENIED", "win32:5"});
  CHECK(dict.equivalents("win32:1326") == std::vector<std::string>{"win32:1326", "0x8007052e"});
}

TEST_CASE("CodeDictionary reports bad lines with their numbers", "[codes]") {
  std::vector<std::string> errors;
  kb::CodeDictionary::parse(
      "401.3\thttp\t\tok\n"
      "401.x\thttp\t\tbad code\n"
      "0x80070005\twin32\t\twrong kind\n"
      "only two\tfields\n"
      "401.3\thttp\t\ttwice\n",
      &errors);
  CHECK(errors == std::vector<std::string>{
                      "line 2: \"401.x\" is not a canonical code",
                      "line 3: kind of \"0x80070005\" is hresult, not \"win32\"",
                      "line 4: expected 4 tab-separated fields (code, kind, symbol, meaning), got 2",
                      "line 5: \"401.3\" is listed twice",
                  });
}

TEST_CASE("detect_codes keeps one entry per code in a long paste, made explicit when seen so", "[codes]") {
  // A guessed bare 1326 first, then "Win32 error 1326" later in the paste, among hundreds of
  // other numbers: one win32:1326, explicit, still in the place where it was first seen.
  std::string text = "1326\n";
  for (int i = 1000; i < 1400; ++i) text += "took " + std::to_string(i) + " ms\n";
  text += "Win32 error 1326\n";
  const auto found = kb::detect_codes(text);
  std::size_t n = 0;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i].code != "win32:1326") continue;
    ++n;
    CHECK(i == 1);  // after event:1326, its other reading
    CHECK_FALSE(found[i].guessed);
    CHECK(found[i].from == "Win32 error 1326");
  }
  CHECK(n == 1);
  CHECK(found.size() == 2 * 400);  // event:N and win32:N for each of 1000..1399 (1326 among them)
}
