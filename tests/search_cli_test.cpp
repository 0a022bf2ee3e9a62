// Tests of the kb-search executable run as a process: log analysis with --log (text and JSON).
#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "log_mix.h"
#include "test_util.h"

namespace {

struct RunResult {
  int exit_code;
  std::string out, err;
};

// Runs a shell command; stdout and stderr apart.
RunResult run(const std::string& command) {
  kb::test::TempDir dir;
  const std::string err_path = dir / "stderr";
  std::string out;
  FILE* pipe = ::popen((command + " 2>" + err_path).c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out, kb::test::read_text(err_path)};
}

std::string kb_search() { return std::string(KB_SEARCH_BIN) + " --db " + kb::test::shared_db(kb::test::real_kb()); }

}  // namespace

TEST_CASE("kb-search --log --json finds exactly the known failure mix, each with its article", "[cli][logs]") {
  kb::test::TempDir dir;
  kb::test::write_text(dir / "mix.log", kb::test::known_mix_log().text);
  RunResult r = run(kb_search() + " --log " + dir / "mix.log" + " --json");
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  kb::test::check_known_mix_json(nlohmann::json::parse(r.out));

  // The same log from standard input, and gzip-compressed.
  RunResult piped = run("cat " + dir / "mix.log" + " | " + kb_search() + " --json --log -");
  CHECK(piped.exit_code == 0);
  kb::test::check_known_mix_json(nlohmann::json::parse(piped.out));
  REQUIRE(std::system(("gzip -c " + dir / "mix.log" + " > " + dir / "mix.log.gz").c_str()) == 0);
  RunResult gz = run(kb_search() + " --json --log " + dir / "mix.log.gz");
  CHECK(gz.exit_code == 0);
  kb::test::check_known_mix_json(nlohmann::json::parse(gz.out));
}

TEST_CASE("kb-search --log analyses several files together and prints a readable table", "[cli][logs]") {
  const std::string logs = kb::test::tests_dir() + "/data/logs/";
  RunResult r = run(kb_search() + " --log " + logs + "iis10_mixed.log " + logs + "httperr1.log.gz " + logs + "httperr1.log");
  // httperr1.log.gz does not exist: nothing is printed, the error says which file.
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(r.err == "kb-search: cannot open " + logs + "httperr1.log.gz: No such file or directory\n");

  RunResult ok = run(kb_search() + " --log " + logs + "iis10_mixed.log " + logs + "httperr1.log");
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.rfind("31 lines read: 18 requests, 15 failures, 2 malformed lines.\n", 0) == 0);
  CHECK(ok.out.find(logs + "iis10_mixed.log:10: expected 15 fields (as #Fields says), found 5") != std::string::npos);
  CHECK(ok.out.find("  1         4  401.3, Win32 5         2026-11-20 08:05:12  2026-11-20 09:00:00") != std::string::npos);
  CHECK(ok.out.find("users: CONTOSO\\bob 2, - 1, CONTOSO\\carol 1") != std::string::npos);
  CHECK(ok.out.find("/articles/iis-401-3-acl-on-resource") != std::string::npos);
  CHECK(ok.out.find("503 AppOffline") != std::string::npos);
  CHECK(ok.out.find("/articles/iis-503-httperr-reason-codes") != std::string::npos);
}

TEST_CASE("kb-search --log refuses a query or --batch alongside, and unreadable input", "[cli][logs]") {
  CHECK(run(kb_search() + " \"401.3\" --log x.log").exit_code == 2);
  CHECK(run(kb_search() + " --batch --log x.log").exit_code == 2);
  RunResult dir = run(kb_search() + " --log " + kb::test::tests_dir());
  CHECK(dir.exit_code == 1);
  CHECK(dir.err == "kb-search: cannot read " + kb::test::tests_dir() + ": Is a directory\n");
  RunResult empty = run("printf '' | " + kb_search() + " --log -");
  CHECK(empty.exit_code == 0);
  CHECK(empty.out == "0 lines read: 0 requests, 0 failures, 0 malformed lines.\nNo failures found.\n");
}
