// Tests of index_builder.h and the kb-indexer command: what lands in the index, and that a
// broken knowledge base never touches the live database.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <xapian.h>

#include <array>
#include <chrono>
#include <thread>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "schema.h"
#include "test_util.h"

namespace fs = std::filesystem;

namespace {

struct RunResult {
  int exit_code;
  std::string output;  // stdout and stderr
};

RunResult run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

ino_t inode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_ino;
}

bool has_term(const Xapian::Document& doc, const std::string& term) {
  auto it = doc.termlist_begin();
  it.skip_to(term);
  return it != doc.termlist_end() && *it == term;
}

}  // namespace

TEST_CASE("build_index writes each article's terms, values and data", "[indexer]") {
  kb::test::TempDir dir;
  kb::test::build_db(kb::test::fixture_kb(), dir.path());
  Xapian::Database db(kb::live_db_path(dir.path()));
  REQUIRE(db.get_doccount() == 5);

  auto doc_of = [&](const std::string& id) {
    Xapian::PostingIterator p = db.postlist_begin(kb::id_term(id));
    REQUIRE(p != db.postlist_end(kb::id_term(id)));
    return db.get_document(*p);
  };
  Xapian::Document doc = doc_of("iis-401-3-acl-on-resource");
  CHECK(has_term(doc, kb::code_term("401.3")));
  CHECK(has_term(doc, kb::code_term("win32:5")));
  CHECK(has_term(doc, kb::code_term("0x80070005")));
  CHECK(has_term(doc, kb::title_code_term("401.3")));
  CHECK_FALSE(has_term(doc, kb::title_code_term("win32:5")));
  CHECK(has_term(doc, kb::family_code_term("401")));  // the status of 401.3
  CHECK_FALSE(has_term(doc, kb::family_code_term("500")));
  CHECK(has_term(doc, kb::category_term("iis-401")));
  CHECK(has_term(doc, kb::phrase_term("http error 401.3")));
  CHECK(has_term(doc, kb::link_term("id-anonymous-iusr")));
  CHECK(has_term(doc, "Zunauthor"));  // stemmed text from the title and phrases
  // The summary and the Symptoms section are fields of their own; the Fix section is not in them.
  Xapian::Stem stem{std::string(kb::kStemLanguage)};
  CHECK(has_term(doc, kb::field_word_term(kb::kSymptomsWordPrefix, stem("hardening"))));
  CHECK(has_term(doc, "Z" + stem("icacls")));
  CHECK_FALSE(has_term(doc, kb::field_word_term(kb::kSymptomsWordPrefix, stem("icacls"))));
  CHECK(has_term(doc, kb::field_word_term(kb::kSummaryWordPrefix, stem("permission"))));
  CHECK(doc.get_value(kb::kSlotId) == "iis-401-3-acl-on-resource");
  CHECK(doc.get_value(kb::kSlotCategory) == "iis-401");
  CHECK(doc.get_value(kb::kSlotCodes).rfind("401.3\nwin32:5", 0) == 0);

  CHECK(doc.get_value(kb::kSlotHtml).find("<h2>Symptoms</h2>") != std::string::npos);
  auto data = nlohmann::json::parse(doc.get_data());
  // Backlinks are the articles that link here.
  std::vector<std::string> backlinks;
  for (const auto& b : data["backlinks"]) backlinks.push_back(b["id"]);
  CHECK(backlinks == std::vector<std::string>{"guide-anonymous-still-needs-acls", "id-anonymous-iusr"});

  CHECK(db.get_metadata(std::string(kb::kMetaVersion)) == std::to_string(kb::kVersion));
  CHECK(nlohmann::json::parse(db.get_metadata(std::string(kb::kMetaCategories))).size() == 4);
  CHECK(db.get_metadata(std::string(kb::kMetaCodeDictionary)).find("ERROR_ACCESS_DENIED") != std::string::npos);
}

TEST_CASE("the spelling dictionary holds words, never codes", "[indexer]") {
  kb::test::TempDir dir;
  kb::test::build_db(kb::test::fixture_kb(), dir.path());
  Xapian::Database db(kb::live_db_path(dir.path()));
  CHECK(db.get_spelling_suggestion("unauthorised") == "unauthorized");
  for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) {
    const std::string word = *w;
    CAPTURE(word);
    CHECK(word.find_first_of("0123456789.:") == std::string::npos);
  }
}

TEST_CASE("kb-indexer builds, prints one summary line and swaps the database", "[indexer]") {
  kb::test::TempDir dir;
  const std::string cmd = std::string(KB_INDEXER_BIN) + " --kb " + kb::test::fixture_kb() + " --db " + dir.path();
  RunResult first = run(cmd);
  CHECK(first.exit_code == 0);
  CHECK(first.output.rfind("indexed 5 articles, ", 0) == 0);
  CHECK(std::count(first.output.begin(), first.output.end(), '\n') == 1);
  const std::string live = kb::live_db_path(dir.path());
  ino_t before = inode_of(live);
  Xapian::Database reader(live);  // a reader holding the old database keeps working

  RunResult second = run(cmd);
  CHECK(second.exit_code == 0);
  CHECK(inode_of(live) != before);
  CHECK(reader.get_doccount() == 5);
  // Nothing of the build is left behind.
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{".lock", "kb.glass"});
}

TEST_CASE("kb-indexer on a broken kb prints path:line errors, exits 1, keeps the old database", "[indexer]") {
  kb::test::TempDir dir;
  kb::test::build_db(kb::test::fixture_kb(), dir.path());
  const std::string live = kb::live_db_path(dir.path());
  ino_t before = inode_of(live);
  const std::string content_before = kb::test::read_text(live);

  RunResult r = run(std::string(KB_INDEXER_BIN) + " --kb " + kb::test::bad_kb() + " --db " + dir.path());
  CHECK(r.exit_code == 1);
  CHECK(r.output.find(kb::test::bad_kb() + "/iis-401/bad-codes.md:6: codes[1]: \"401.x\" is not a known code\n") !=
        std::string::npos);
  CHECK(r.output.find("kb-indexer: 7 problems; the existing database was not changed\n") != std::string::npos);
  CHECK(inode_of(live) == before);
  CHECK(kb::test::read_text(live) == content_before);
}

TEST_CASE("kb-indexer exits 2 on bad usage", "[indexer]") {
  CHECK(run(std::string(KB_INDEXER_BIN) + " --kb").exit_code == 2);
  CHECK(run(std::string(KB_INDEXER_BIN) + " --no-such-flag").exit_code == 2);
}

TEST_CASE("kill -9 at any moment of a build leaves a working database", "[indexer]") {
  kb::test::TempDir dir;
  kb::test::build_db(kb::test::fixture_kb(), dir.path());
  const std::string live = kb::live_db_path(dir.path());
  const std::string kb_dir = kb::test::real_kb();
  std::vector<kb::Diagnostic> d;
  const auto real_count = kb::load_kb(kb_dir, &d).articles.size();
  REQUIRE(d.empty());
  int killed_before_swap = 0;
  for (int i = 0; i < 12; ++i) {
    std::vector<std::string> args = {KB_INDEXER_BIN, "--kb", kb_dir, "--db", dir.path()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    std::this_thread::sleep_for(std::chrono::milliseconds(40 * i));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    killed_before_swap += WIFSIGNALED(status);
    // Whatever the moment, the live database opens and holds one whole generation.
    Xapian::Database db(live);
    CAPTURE(i);
    CHECK((db.get_doccount() == 5 || db.get_doccount() == real_count));
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(kb::code_term("401.3")));
    CHECK(enquire.get_mset(0, 10).size() > 0);
  }
  CHECK(killed_before_swap > 0);
  // The next build cleans up what the killed ones left.
  kb::test::build_db(kb::test::fixture_kb(), dir.path());
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{".lock", "kb.glass"});
}
