// Tests of text.h: UTF-8 hygiene, words and shingles shared by indexer and search.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <string>
#include <vector>

#include "text.h"

TEST_CASE("is_valid_utf8 accepts UTF-8 and refuses ill-formed bytes", "[text]") {
  CHECK(kb::is_valid_utf8("plain"));
  CHECK(kb::is_valid_utf8("caf\xC3\xA9 \xE2\x80\x9C\xF0\x9F\x98\x80"));
  CHECK_FALSE(kb::is_valid_utf8("\xFF"));
  CHECK_FALSE(kb::is_valid_utf8("\xC3"));              // truncated
  CHECK_FALSE(kb::is_valid_utf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(kb::is_valid_utf8("\xC0\xAF"));          // overlong
  CHECK(kb::valid_utf8_prefix("ab\xFF" "cd") == 2);
}

TEST_CASE("sanitize_utf8 replaces bad bytes and control characters", "[text]") {
  CHECK(kb::sanitize_utf8(std::string("a\xFF" "b\x00" "c\td\n", 8)) == "a\xEF\xBF\xBD" "b c\td\n");
  CHECK(kb::is_valid_utf8(kb::sanitize_utf8("\xC3\x28\xE2\x82")));
}

TEST_CASE("normalized_words keeps dotted numbers and lower-cases", "[text]") {
  CHECK(kb::normalized_words("HTTP Error 401.3 - Unauthorized.") ==
        std::vector<std::string>{"http", "error", "401.3", "unauthorized"});
  CHECK(kb::normalized_words("C:\\inetpub\\wwwroot") == std::vector<std::string>{"c", "inetpub", "wwwroot"});
  CHECK(kb::normalized_words("...").empty());
}

TEST_CASE("shingles joins consecutive words", "[text]") {
  CHECK(kb::shingles({"access", "is", "denied", "now"}, 3) ==
        std::vector<std::string>{"access is denied", "is denied now"});
  CHECK(kb::shingles({"too", "short"}, 3).empty());
}

TEST_CASE("count_words counts runs that hold a letter or digit", "[text]") {
  CHECK(kb::count_words("one two  three\n- four") == 4);
  CHECK(kb::count_words("") == 0);
}

TEST_CASE("split_lines splits at newlines and keeps empty lines", "[text]") {
  using V = std::vector<std::string_view>;
  CHECK(kb::split_lines("") == V{""});
  CHECK(kb::split_lines("a\nb") == V{"a", "b"});
  CHECK(kb::split_lines("a\r\n\nb\n") == V{"a\r", "", "b", ""});
}

TEST_CASE("distinct_words keeps each run of non-space characters once, in order", "[text]") {
  CHECK(kb::distinct_words("") == "");
  CHECK(kb::distinct_words(" \t\n ") == "");
  CHECK(kb::distinct_words("access is denied\naccess  is\tdenied") == "access\nis\ndenied\n");
  CHECK(kb::distinct_words("a.b a-b a.b (c) c") == "a.b\na-b\n(c)\nc\n");
}

TEST_CASE("distinct_words gives Xapian's tokeniser the same terms as the whole text", "[text]") {
  const std::string line = "2026-11-20 10:01:02 W3SVC1 GET /app/default.aspx - 80 - 10.0.0.7 Mozilla/5.0 "
                           "401 3 5 15 Access is denied. caf\xC3\xA9 AT&T e.g. user_name \xC2\xA0nbsp\n";
  std::string text;
  for (int i = 0; i < 50; ++i) text += line;
  auto terms = [](const std::string& s) {
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text_without_positions(s);
    std::vector<std::string> out(doc.termlist_begin(), doc.termlist_end());
    return out;
  };
  const std::string distinct = kb::distinct_words(text);
  CHECK(distinct.size() < line.size() + 20);
  CHECK(terms(distinct) == terms(text));
}

TEST_CASE("camel_case_parts splits identifiers at case changes and skips the rest", "[text]") {
  CHECK(kb::camel_case_parts("at Microsoft.Win32.RegistryKey.SetValue(String name)") ==
        "Registry Key\nSet Value\n");
  CHECK(kb::camel_case_parts("HttpListenerException HTTPListener") == "Http Listener Exception\nHTTP Listener\n");
  CHECK(kb::camel_case_parts("UseDefaultCredentials -UseBasicParsing") ==
        "Use Default Credentials\nUse Basic Parsing\n");
  CHECK(kb::camel_case_parts("plain words, IUSR, w3wp.exe, 0x80070005, ACCESS_DENIED") == "");
  CHECK(kb::camel_case_parts("") == "");
  CHECK(kb::camel_case_parts("SetValue SetValue, SetValue") == "Set Value\n");
  CHECK(kb::camel_case_parts(std::string(100, 'a') + "Bc") == "");  // too long to be an identifier
}
