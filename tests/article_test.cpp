// Tests of article.h: front matter, body sections, links and the exact error messages.
#include <catch2/catch.hpp>

#include "article.h"

namespace {

std::string words(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += (i % 12 == 11) ? "word.\n" : "word ";
  return s;
}

struct Parts {
  std::string front = "id: sample-article\n"
                      "title: \"HTTP 401.3: access denied by an ACL\"\n"
                      "summary: \"One sentence.\"\n"
                      "category: iis-401\n"
                      "codes: [\"401.3\", \"0x80070005\"]\n"
                      "products: [\"IIS 7+\"]\n"
                      "phrases:\n"
                      "  - \"HTTP Error 401.3 - Unauthorized\"\n"
                      "  - \"Access is denied.\"\n"
                      "related: [other-article]\n";
  std::string body = "## Symptoms\n" + words(60) + "\n## Cause\n" + words(60) + "\n## Diagnose\n" + words(60) +
                     "\n## Fix\n```cmd\nicacls \"C:\\site\" /grant \"IUSR:(OI)(CI)RX\"\n```\n" + words(60) +
                     "\n## See also\n- [Other](other-article)\n";
  std::string text() const { return "---\n" + front + "---\n" + body; }
};

const std::string kPath = "kb/iis-401/sample-article.md";

std::vector<std::string> errors_of(const std::string& text, const std::string& path = kPath) {
  std::vector<kb::Diagnostic> d;
  kb::parse_article(path, text, &d);
  std::vector<std::string> out;
  for (const auto& x : d) out.push_back(x.str());
  return out;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto pos = s.find(from);
  REQUIRE(pos != std::string::npos);
  return s.replace(pos, from.size(), to);
}

}  // namespace

TEST_CASE("parse_article reads a good article", "[article]") {
  std::vector<kb::Diagnostic> d;
  auto a = kb::parse_article(kPath, Parts{}.text(), &d);
  REQUIRE(d.empty());
  REQUIRE(a.has_value());
  CHECK(a->id == "sample-article");
  CHECK(a->title == "HTTP 401.3: access denied by an ACL");
  CHECK(a->codes == std::vector<std::string>{"401.3", "0x80070005"});
  CHECK(a->phrases.size() == 2);
  REQUIRE(a->related.size() == 1);
  CHECK(a->related[0].value == "other-article");
  CHECK(a->related[0].line == 11);
  CHECK(a->body_line == 13);
  REQUIRE(a->links.size() == 1);
  CHECK(a->links[0].target == "other-article");
  CHECK(a->linked_ids() == std::vector<std::string>{"other-article"});
  CHECK(a->words >= 250);
  // The Symptoms section's own text, for its search field: nothing from the sections after it.
  CHECK(a->symptoms.find("word") != std::string::npos);
  CHECK(a->symptoms.find("icacls") == std::string::npos);
  // Article links point into the site; code blocks are rendered; no raw HTML passes.
  CHECK(a->html.find("<a href=\"/articles/other-article\">Other</a>") != std::string::npos);
  CHECK(a->html.find("<pre><code class=\"language-cmd\">icacls") != std::string::npos);
}

TEST_CASE("parse_article never passes raw HTML through", "[article]") {
  Parts p;
  p.body = replace(p.body, "## Cause\n", "## Cause\n<script>alert(1)</script> <img src=x onerror=alert(2)>\n");
  std::vector<kb::Diagnostic> d;
  auto a = kb::parse_article(kPath, p.text(), &d);
  REQUIRE(a.has_value());
  CHECK(a->html.find("<script>") == std::string::npos);
  CHECK(a->html.find("<img") == std::string::npos);
  CHECK(a->html.find("&lt;script&gt;") != std::string::npos);
}

TEST_CASE("parse_article reports front-matter problems with their lines", "[article]") {
  struct Row {
    std::string from, to, error;
  };
  const Row rows[] = {
      {"codes: [\"401.3\", \"0x80070005\"]", "codes: [\"401.3\", \"401.x\"]",
       "kb/iis-401/sample-article.md:6: codes[1]: \"401.x\" is not a known code"},
      {"codes: [\"401.3\", \"0x80070005\"]", "codes: [\"HTTP Error 401.3\"]",
       "kb/iis-401/sample-article.md:6: codes[0]: \"HTTP Error 401.3\" is not in canonical form (write \"401.3\")"},
      {"codes: [\"401.3\", \"0x80070005\"]", "codes: [\"401.3\", \"401.3\"]",
       "kb/iis-401/sample-article.md:6: codes[1]: \"401.3\" is listed twice"},
      {"codes: [\"401.3\", \"0x80070005\"]", "codes: []", "kb/iis-401/sample-article.md:6: codes: list at least one code"},
      {"id: sample-article", "id: other", "kb/iis-401/sample-article.md:2: id \"other\" does not match the file name \"sample-article.md\""},
      {"id: sample-article", "id: Sample_Article",
       "kb/iis-401/sample-article.md:2: id \"Sample_Article\" must be lower-case letters, digits and '-'"},
      {"summary: \"One sentence.\"\n", "", "kb/iis-401/sample-article.md:2: missing key \"summary\""},
      {"summary: \"One sentence.\"", "summary: \"\"", "kb/iis-401/sample-article.md:4: summary: must not be empty"},
      {"category: iis-401", "category: iis-403",
       "kb/iis-401/sample-article.md:5: category \"iis-403\" does not match the folder \"iis-401\""},
      {"related: [other-article]", "related: [other-article]\nauthor: me", "kb/iis-401/sample-article.md:12: unknown key \"author\""},
      {"related: [other-article]", "related: other-article", "kb/iis-401/sample-article.md:11: related: expected a list"},
      {"  - \"Access is denied.\"\n", "", "kb/iis-401/sample-article.md:8: phrases: 1 given; list 2 to 6"},
      {"category: iis-401", "category: iis-401\nkind: overview",
       "kb/iis-401/sample-article.md:6: kind: \"overview\" is not \"article\" or \"hub\""},
      {"products: [\"IIS 7+\"]", "products: [\"IIS 7+\"", "kb/iis-401/sample-article.md:8: invalid YAML: end of sequence flow not found"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.to);
    Parts p;
    p.front = replace(p.front, row.from, row.to);
    CHECK(errors_of(p.text()) == std::vector<std::string>{row.error});
  }
}

TEST_CASE("parse_article reports body problems with their lines", "[article]") {
  {
    Parts p;
    p.body = replace(p.body, "## Diagnose\n", "## Diagnosis\n");
    CHECK(errors_of(p.text()) ==
          std::vector<std::string>{
              "kb/iis-401/sample-article.md:27: unexpected section \"## Diagnosis\" (sections are Symptoms, Cause, Diagnose, Fix, See also)",
              "kb/iis-401/sample-article.md:34: missing section \"## Diagnose\" before \"## Fix\"",
          });
  }
  {
    Parts p;
    p.body = replace(p.body, "## Fix\n", "## Fix\n\n## Fixes\n");
    auto e = errors_of(p.text());
    CHECK(std::find(e.begin(), e.end(), "kb/iis-401/sample-article.md:34: section \"## Fix\" is empty") != e.end());
  }
  {
    Parts p;
    p.body = "## Symptoms\nshort\n## Cause\nx\n## Diagnose\nx\n## Fix\nx\n## See also\n- [Other](other-article)\n";
    CHECK(errors_of(p.text()) ==
          std::vector<std::string>{"kb/iis-401/sample-article.md:13: body has 11 words; articles have 250 to 700"});
  }
  {
    Parts p;
    p.body = replace(p.body, "- [Other](other-article)", "- [Other](javascript:alert(1))");
    CHECK(errors_of(p.text()) ==
          std::vector<std::string>{"kb/iis-401/sample-article.md:45: link \"javascript:alert(1)\": only article ids, http(s) and mailto links are allowed"});
  }
}

TEST_CASE("parse_article refuses files that are not articles", "[article]") {
  CHECK(errors_of("") == std::vector<std::string>{"kb/iis-401/sample-article.md:1: empty file"});
  CHECK(errors_of("# Title\n") ==
        std::vector<std::string>{"kb/iis-401/sample-article.md:1: expected front matter: the first line must be \"---\""});
  CHECK(errors_of("---\nid: x\n") ==
        std::vector<std::string>{"kb/iis-401/sample-article.md:1: front matter is not closed by a \"---\" line"});
  CHECK(errors_of("---\nid: x\n---\n\xff\xfe\n") ==
        std::vector<std::string>{"kb/iis-401/sample-article.md:4: not valid UTF-8"});
  CHECK(errors_of("---\n- a\n- b\n---\n") ==
        std::vector<std::string>{"kb/iis-401/sample-article.md:2: front matter must be a YAML mapping of keys to values"});
  CHECK(errors_of(std::string(2 << 20, 'x')) ==
        std::vector<std::string>{"kb/iis-401/sample-article.md:1: file is 2097152 bytes; articles are at most 1048576 bytes"});
}
