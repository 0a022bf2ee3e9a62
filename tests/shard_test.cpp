// Tests of sharded databases: kb-indexer --shards N, a stub listing the shards locally, and the
// same shards served by two xapian-tcpsrv processes (package xapian-tools) on loopback. Each must
// answer like the single database: same ids in the same order, scores equal to rounding.
#include <arpa/inet.h>
#include <fcntl.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "evaluation.h"
#include "index_builder.h"
#include "test_util.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;

// The full path of a program on $PATH, or empty.
std::string find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (std::size_t start = 0; start <= dirs.size();) {
    std::size_t colon = dirs.find(':', start);
    if (colon == std::string::npos) colon = dirs.size();
    fs::path candidate = fs::path(dirs.substr(start, colon - start)) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = colon + 1;
  }
  return {};
}

// A port on 127.0.0.1 that was free a moment ago.
int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// One xapian-tcpsrv serving a database on an ephemeral loopback port, stopped at scope exit.
class TcpServer {
 public:
  explicit TcpServer(const std::string& database) {
    const std::string program = find_program("xapian-tcpsrv");
    if (program.empty()) FAIL("xapian-tcpsrv is not installed: install the Debian package xapian-tools (scripts/test.sh does)");
    // Another process may take the port between free_port() and the bind: try a few.
    for (int attempt = 0; attempt < 5 && pid_ <= 0; ++attempt) {
      port_ = free_port();
      const std::string port = std::to_string(port_);
      std::vector<std::string> args = {program, "--port", port, "--interface", "127.0.0.1", "--quiet", database};
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      // In a process group of its own: on SIGTERM, xapian-tcpsrv signals its whole group (its
      // forked children), which must not include this test.
      posix_spawnattr_t attr;
      posix_spawnattr_init(&attr);
      posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
      posix_spawnattr_setpgroup(&attr, 0);
      // Its messages (a log line for every connection the readiness probe drops) are not ours.
      posix_spawn_file_actions_t files;
      posix_spawn_file_actions_init(&files);
      posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
      posix_spawn_file_actions_addopen(&files, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
      pid_t pid = 0;
      const int rc = ::posix_spawn(&pid, program.c_str(), &files, &attr, argv.data(), environ);
      posix_spawn_file_actions_destroy(&files);
      posix_spawnattr_destroy(&attr);
      REQUIRE(rc == 0);
      for (int wait = 0; wait < 500; ++wait) {
        if (accepts(port_)) {
          pid_ = pid;
          break;
        }
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) break;  // exited: port taken, try another
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      if (pid_ <= 0) {
        ::kill(-pid, SIGTERM);
        ::waitpid(pid, nullptr, 0);
      }
    }
    REQUIRE(pid_ > 0);
  }
  ~TcpServer() {
    if (pid_ > 0) {
      ::kill(-pid_, SIGTERM);  // the server and the children serving connections
      ::waitpid(pid_, nullptr, 0);
    }
  }
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;
  int port() const { return port_; }

 private:
  pid_t pid_ = 0;
  int port_ = 0;
};

void build(const std::string& kb_dir, const std::string& db_dir, std::size_t shards) {
  std::vector<kb::Diagnostic> d;
  kb::Kb kb = kb::load_kb(kb_dir, &d);
  REQUIRE(d.empty());
  kb::build_index(kb, db_dir, {shards});
}

// The shard files of a sharded build, from the stub kb-indexer wrote.
std::vector<std::string> stub_entries(const std::string& db_dir) {
  std::vector<std::string> out;
  std::string text = kb::test::read_text(db_dir + "/kb.stub");
  for (std::size_t start = 0; start < text.size();) {
    std::size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl - start);
    start = nl == std::string::npos ? text.size() : nl + 1;
    if (line.rfind("auto ", 0) == 0) out.push_back(db_dir + "/" + line.substr(5));
  }
  return out;
}

// Checks that `sharded` answers every query as `single` does. Without a spelling table, queries
// that single corrects are left out (their corrections add words to the query).
void check_same_answers(kb::Searcher& single, kb::Searcher& sharded, const std::vector<std::string>& queries,
                        bool spelling = true) {
  REQUIRE(sharded.article_count() == single.article_count());
  for (const auto& q : queries) {
    CAPTURE(q.substr(0, 120));
    kb::SearchRequest r;
    r.query = q;
    r.limit = 20;
    const kb::SearchResponse a = single.search(r), b = sharded.search(r);
    if (!spelling && a.suggestion) {
      CHECK_FALSE(b.suggestion);
      continue;
    }
    REQUIRE(b.hits.size() == a.hits.size());
    for (std::size_t i = 0; i < a.hits.size(); ++i) {
      CAPTURE(i);
      CHECK(b.hits[i].id == a.hits[i].id);
      CHECK(b.hits[i].score == Approx(a.hits[i].score).epsilon(1e-9));
      CHECK(b.hits[i].matched_codes == a.hits[i].matched_codes);
      CHECK(b.hits[i].matched_terms == a.hits[i].matched_terms);
    }
    CHECK(b.total == a.total);
    CHECK(b.suggestion == a.suggestion);
    CHECK(b.category_counts == a.category_counts);
    CHECK(b.product_counts == a.product_counts);
  }
}

std::vector<std::string> public_queries() {
  std::vector<std::string> errors;
  std::vector<std::string> out;
  for (const auto& c : kb::parse_eval_cases(kb::test::read_text(kb::test::tests_dir() + "/data/public.jsonl"), &errors)) {
    out.push_back(c.q);
  }
  REQUIRE(out.size() >= 100);
  // Typed queries with misspellings: answered with the help of the spelling table.
  for (const char* typo : {"acess denied unathorized", "aplication pool identiy", "anonymus user permision"}) {
    out.emplace_back(typo);
  }
  return out;
}

}  // namespace

TEST_CASE("kb-indexer --shards writes shards, a words database and a stub that answers like one database",
          "[shard]") {
  kb::test::TempDir single_dir, sharded_dir;
  build(kb::test::real_kb(), single_dir.path(), 0);
  build(kb::test::real_kb(), sharded_dir.path(), 3);
  const auto entries = stub_entries(sharded_dir.path());
  REQUIRE(entries.size() == 4);
  CHECK(fs::path(entries.back()).filename() == "words.glass");
  CHECK(Xapian::Database(entries.back()).get_doccount() == 0);
  kb::Searcher single(single_dir.path()), sharded(sharded_dir.path());  // the folder opens its kb.stub
  check_same_answers(single, sharded, public_queries());
  CHECK(sharded.article("iis-401-3-acl-on-resource")->html == single.article("iis-401-3-acl-on-resource")->html);
  CHECK(sharded.codes().size() == single.codes().size());
}

TEST_CASE("a rebuild of the shards is a new generation; the stub moves to it and the one before stays",
          "[shard]") {
  kb::test::TempDir dir;
  build(kb::test::fixture_kb(), dir.path(), 2);
  kb::Searcher searcher(dir.path());
  const auto first = stub_entries(dir.path());
  build(kb::test::fixture_kb(), dir.path(), 2);
  const auto second = stub_entries(dir.path());
  REQUIRE(second.size() == 3);
  CHECK(second.front() != first.front());
  CHECK(searcher.refresh());
  CHECK(searcher.article_count() == Xapian::Database(dir.path() + "/kb.stub").get_doccount());
  build(kb::test::fixture_kb(), dir.path(), 2);
  CHECK_FALSE(fs::exists(first.front()));  // two generations back: removed
  CHECK(fs::exists(second.front()));
}

TEST_CASE("shards served by two xapian-tcpsrv processes answer like the single database", "[shard]") {
  kb::test::TempDir single_dir, sharded_dir, stub_dir;
  build(kb::test::real_kb(), single_dir.path(), 0);
  build(kb::test::real_kb(), sharded_dir.path(), 2);
  const auto entries = stub_entries(sharded_dir.path());
  REQUIRE(entries.size() == 3);
  TcpServer shard0(entries[0]), shard1(entries[1]);
  // The front end lists the remote shards, then its local copy of the words database (spelling
  // and synonyms, which the remote backend does not serve).
  const std::string remote = "remote 127.0.0.1:" + std::to_string(shard0.port()) + "\nremote 127.0.0.1:" +
                             std::to_string(shard1.port()) + "\n";
  kb::test::write_text(stub_dir / "front.stub", remote + "auto " + entries[2] + "\n");
  kb::Searcher single(single_dir.path()), front(stub_dir / "front.stub");
  check_same_answers(single, front, public_queries());
  auto article = front.article("iis-401-3-acl-on-resource");
  REQUIRE(article);
  CHECK(article->title == single.article("iis-401-3-acl-on-resource")->title);

  // Without the words database the remote shards still answer, only without spelling
  // suggestions; synonyms come from the shards' metadata.
  kb::test::write_text(stub_dir / "bare.stub", remote);
  kb::Searcher bare(stub_dir / "bare.stub");
  auto some = public_queries();
  some.resize(40);
  check_same_answers(single, bare, some, false);
  kb::SearchRequest r;
  r.query = "acess denied unathorized";
  CHECK(single.search(r).suggestion);
  CHECK_FALSE(bare.search(r).suggestion);
}
