// Tests of kb.h: loading a whole knowledge-base folder and the checks across articles.
#include <catch2/catch.hpp>

#include <filesystem>

#include "kb.h"
#include "test_util.h"

namespace fs = std::filesystem;

namespace {

std::vector<std::string> relative_errors(const std::vector<kb::Diagnostic>& diagnostics, const std::string& root) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics) {
    std::string s = d.str();
    if (s.rfind(root + "/", 0) == 0) s = s.substr(root.size() + 1);
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("load_kb reads the fixture knowledge base without problems", "[kb]") {
  std::vector<kb::Diagnostic> d;
  kb::Kb kb = kb::load_kb(kb::test::fixture_kb(), &d);
  CHECK(d.empty());
  REQUIRE(kb.articles.size() == 5);
  CHECK(kb.articles.front().id == "guide-anonymous-still-needs-acls");  // sorted by id
  CHECK(kb.categories.size() == 4);
  CHECK(kb.code_dictionary.find("win32:5") != nullptr);
}

TEST_CASE("load_kb reports every problem of a broken knowledge base", "[kb]") {
  std::vector<kb::Diagnostic> d;
  kb::load_kb(kb::test::bad_kb(), &d);
  CHECK(relative_errors(d, kb::test::bad_kb()) ==
        std::vector<std::string>{
            "categories.yaml:4: category \"unused\" has no articles",
            "iis-401/bad-codes.md:6: codes[1]: \"401.x\" is not a known code",
            "iis-401/bad-codes.md:6: codes[2]: \"HTTP 401.3\" is not in canonical form (write \"401.3\")",
            "iis-401/bad-yaml.md:7: invalid YAML: end of sequence flow not found",
            "iis-401/broken-links.md:11: related[1]: no article has id \"no-such-article\"",
            "iis-401/broken-links.md:57: link to unknown article \"missing-article\"",
            "iis-401/wrong-id.md:2: id \"other-id\" does not match the file name \"wrong-id.md\"",
        });
}

TEST_CASE("load_kb finds duplicate ids and unknown categories", "[kb]") {
  kb::test::TempDir dir;
  fs::copy(kb::test::fixture_kb(), dir.path(), fs::copy_options::recursive);
  // The same id in a second folder.
  fs::create_directories(dir / "identity-copy");
  std::string text = kb::test::read_text(dir / "identity/id-anonymous-iusr.md");
  text.replace(text.find("category: identity"), 18, "category: identity-copy");
  kb::test::write_text(dir / "identity-copy/id-anonymous-iusr.md", text);
  std::vector<kb::Diagnostic> d;
  kb::load_kb(dir.path(), &d);
  CHECK(relative_errors(d, dir.path()) ==
        std::vector<std::string>{
            "identity-copy/id-anonymous-iusr.md:2: duplicate id \"id-anonymous-iusr\" (also in " + dir.path() +
                "/identity/id-anonymous-iusr.md)",
            "identity-copy/id-anonymous-iusr.md:5: category \"identity-copy\" is not listed in " + dir.path() +
                "/categories.yaml",
        });
}

TEST_CASE("load_kb survives symlink loops, huge files and empty files", "[kb]") {
  kb::test::TempDir dir;
  fs::copy(kb::test::fixture_kb(), dir.path(), fs::copy_options::recursive);
  fs::create_directory_symlink(dir.path(), dir / "guide/loop");
  fs::create_symlink(dir / "guide/a.md", dir / "guide/b.md");
  fs::create_symlink(dir / "guide/b.md", dir / "guide/a.md");
  kb::test::write_text(dir / "guide/huge.md", std::string(10 << 20, 'x'));
  kb::test::write_text(dir / "guide/empty.md", "");
  std::vector<kb::Diagnostic> d;
  kb::load_kb(dir.path(), &d);
  CHECK(relative_errors(d, dir.path()) ==
        std::vector<std::string>{
            "guide/a.md:1: broken symbolic link",
            "guide/b.md:1: broken symbolic link",
            "guide/empty.md:1: empty file",
            "guide/huge.md:1: file is 10485760 bytes; the limit is 1048576 bytes",
        });
}
