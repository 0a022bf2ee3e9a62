// End-to-end tests of kb-server's routes: the real server on an ephemeral loopback port.
#include <arpa/inet.h>
#include <sys/wait.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "log_mix.h"
#include "server.h"
#include "test_util.h"

using nlohmann::json;

namespace {

class TestServer {
 public:
  // Serves the database in `db_dir`, or builds one from the fixture kb when it is empty.
  explicit TestServer(std::string db_dir = {}, std::size_t threads = 4, std::size_t max_queued = 64,
                      int timeout_seconds = 5)
      : TestServer(options_for(db_dir, threads, max_queued, timeout_seconds)) {}
  // Serves options.db_path, or a database of the fixture kb when it is empty.
  explicit TestServer(kb::ServerOptions options) : db_dir_(options.db_path.empty() ? db_.path() : options.db_path) {
    if (options.db_path.empty()) kb::test::build_db(kb::test::fixture_kb(), db_.path());
    options.db_path = db_dir_;
    kb::configure_server(server_, options);
    port_ = kb::bind_server(server_, "127.0.0.1", 0);
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~TestServer() {
    server_.stop();
    thread_.join();
  }
  static kb::ServerOptions options_for(std::string db_dir, std::size_t threads, std::size_t max_queued, int timeout_seconds) {
    kb::ServerOptions options;
    options.db_path = std::move(db_dir);
    options.threads = threads;
    options.max_queued = max_queued;
    options.timeout_seconds = timeout_seconds;
    return options;
  }
  int port() const { return port_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(10, 0);
    return c;
  }

 private:
  kb::test::TempDir db_;
  std::string db_dir_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

TestServer& server() {
  static TestServer s;
  return s;
}

json body_json(const httplib::Result& r) {
  REQUIRE(r);
  REQUIRE(r->get_header_value("Content-Type").rfind("application/json", 0) == 0);
  return json::parse(r->body);
}

// An open TCP connection to `port` on loopback.
int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  return fd;
}

// Sends raw bytes and returns the status line: for requests httplib::Client cannot make.
std::string raw_request(const std::string& bytes, int port = 0) {
  int fd = connect_to(port ? port : server().port());
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  REQUIRE(::send(fd, bytes.data(), bytes.size(), 0) == static_cast<ssize_t>(bytes.size()));
  std::string reply;
  char buf[4096];
  while (reply.find("\r\n") == std::string::npos) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    reply.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return reply.substr(0, reply.find("\r\n"));
}

}  // namespace

TEST_CASE("GET /healthz answers 200 when the database answers", "[server]") {
  auto r = server().client().Get("/healthz");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(body_json(r)["status"] == "ok");
  CHECK(body_json(r)["articles"] == 5);
}

TEST_CASE("GET and POST /api/search rank the 401.3 article first", "[server]") {
  auto c = server().client();
  auto get = c.Get("/api/search?q=HTTP%20Error%20401.3%20-%20Unauthorized&limit=3");
  REQUIRE(get);
  CHECK(get->status == 200);
  json g = body_json(get);
  CHECK(g["query"] == "HTTP Error 401.3 - Unauthorized");
  CHECK(g["results"].size() <= 3);
  CHECK(g["results"][0]["id"] == "iis-401-3-acl-on-resource");
  CHECK(g["results"][0]["url"] == "/articles/iis-401-3-acl-on-resource");
  CHECK(g["detected"]["codes"][0]["code"] == "401.3");
  CHECK(g["detected"]["codes"][0]["kind"] == "http");
  CHECK(g["detected"]["products"] == json::array());
  CHECK(g.contains("suggestion"));
  for (const char* key : {"id", "title", "summary", "category", "codes", "score", "snippet", "url"}) {
    CAPTURE(key);
    CHECK(g["results"][0].contains(key));
  }

  auto post = c.Post("/api/search", "... GET /app/ - 80 - 10.1.2.3 Mozilla/5.0 - 401 3 5 15", "text/plain");
  REQUIRE(post);
  CHECK(post->status == 200);
  json p = body_json(post);
  CHECK(p["detected"]["codes"][0]["from"] == "401 3 5");
  CHECK(p["results"][0]["id"] == "iis-401-3-acl-on-resource");

  auto form = c.Post("/api/search?limit=1", "q=HTTP+Error+401.3", "application/x-www-form-urlencoded");
  REQUIRE(form);
  CHECK(form->status == 200);
  CHECK(body_json(form)["query"] == "HTTP Error 401.3");

  auto post_json = c.Post("/api/search?limit=1", R"({"q": "0x80070005"})", "application/json");
  REQUIRE(post_json);
  CHECK(post_json->status == 200);
  CHECK(body_json(post_json)["results"].size() == 1);
}

TEST_CASE("bad search requests get 400 with a JSON error", "[server]") {
  auto c = server().client();
  for (const char* path : {"/api/search", "/api/search?q=", "/api/search?q=%20%20", "/api/search?q=x&limit=abc",
                           "/api/search?q=x&limit=0", "/api/search?q=x&limit=1000", "/api/search?q=x&offset=-1",
                           "/api/search?q=x&limit=5x"}) {
    CAPTURE(path);
    auto r = c.Get(path);
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(body_json(r).contains("error"));
  }
  auto bad_json = c.Post("/api/search", "{not json", "application/json");
  REQUIRE(bad_json);
  CHECK(bad_json->status == 400);
  CHECK(body_json(bad_json)["error"] == "expected a JSON object with a string \"q\"");
}

TEST_CASE("GET /api/articles/ID returns the article with related and backlinks", "[server]") {
  auto c = server().client();
  auto r = c.Get("/api/articles/iis-401-3-acl-on-resource");
  REQUIRE(r);
  CHECK(r->status == 200);
  json a = body_json(r);
  for (const char* key : {"id", "title", "summary", "category", "codes", "products", "html", "related", "backlinks"}) {
    CAPTURE(key);
    CHECK(a.contains(key));
  }
  CHECK(a["related"][0].contains("id"));
  CHECK(a["related"][0].contains("title"));
  CHECK_FALSE(a["backlinks"].empty());

  for (const char* path : {"/api/articles/no-such-article", "/api/articles/..%2F..%2Fetc%2Fpasswd",
                           "/api/articles/../../etc/passwd", "/api/articles/UPPER", "/api/nothing-here"}) {
    CAPTURE(path);
    auto nf = c.Get(path);
    REQUIRE(nf);
    CHECK(nf->status == 404);
    CHECK(body_json(nf).contains("error"));
  }
}

TEST_CASE("GET /api/codes and /api/codes/CODE normalise any typed form", "[server]") {
  auto c = server().client();
  auto all = c.Get("/api/codes");
  REQUIRE(all);
  CHECK(all->status == 200);
  json list = body_json(all)["codes"];
  CHECK(std::any_of(list.begin(), list.end(), [](const json& e) { return e["code"] == "401.3" && !e["articles"].empty(); }));

  for (const char* typed : {"0x80070005", "80070005", "-2147024891", "E_ACCESSDENIED", "win32:5"}) {
    CAPTURE(typed);
    auto r = c.Get(std::string("/api/codes/") + typed);
    REQUIRE(r);
    CHECK(r->status == 200);
    json j = body_json(r);
    CHECK_FALSE(j["articles"].empty());
  }
  auto one = body_json(c.Get("/api/codes/-2147024891"));
  CHECK(one["code"] == "0x80070005");
  CHECK(one["symbol"] == "E_ACCESSDENIED");

  auto not_code = c.Get("/api/codes/hello");
  REQUIRE(not_code);
  CHECK(not_code->status == 400);
  auto unknown = c.Get("/api/codes/0x80070006");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(body_json(unknown)["code"] == "0x80070006");
}

TEST_CASE("GET /api/categories and /api/categories/ID", "[server]") {
  auto c = server().client();
  json cats = body_json(c.Get("/api/categories"))["categories"];
  CHECK(cats.size() == 4);
  auto one = c.Get("/api/categories/iis-401");
  REQUIRE(one);
  CHECK(one->status == 200);
  CHECK(body_json(one)["articles"].size() == 2);
  auto missing = c.Get("/api/categories/nope");
  REQUIRE(missing);
  CHECK(missing->status == 404);
}

TEST_CASE("HTML pages render and escape pasted text", "[server]") {
  auto c = server().client();
  for (const char* path : {"/", "/articles/iis-401-3-acl-on-resource", "/codes", "/codes/0x80070005",
                           "/categories", "/categories/iis-401", "/search?q=401.3"}) {
    CAPTURE(path);
    auto r = c.Get(path);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(r->get_header_value("Content-Security-Policy").find("script-src 'self'") != std::string::npos);
  }
  auto xss = c.Get("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E");
  REQUIRE(xss);
  CHECK(xss->status == 200);
  CHECK(xss->body.find("<script>alert(1)") == std::string::npos);
  CHECK(xss->body.find("<img src=x") == std::string::npos);
  CHECK(xss->body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);

  auto named = c.Get("/search?q=IIS%206%20access%20denied");
  REQUIRE(named);
  CHECK(named->body.find("<strong>We read:</strong> product IIS 6.0") != std::string::npos);
  auto api = c.Get("/api/search?q=IIS%206%20access%20denied");
  REQUIRE(api);
  CHECK(body_json(api)["detected"]["products"] == json::array({"IIS 6.0"}));

  auto article = c.Get("/articles/iis-401-3-acl-on-resource");
  CHECK(article->body.find("Linked from") != std::string::npos);
  CHECK(article->body.find("href=\"/articles/id-anonymous-iusr\"") != std::string::npos);

  auto nf = c.Get("/no/such/page");
  REQUIRE(nf);
  CHECK(nf->status == 404);
  CHECK(nf->body.find("action=\"/search\"") != std::string::npos);
}

TEST_CASE("oversized, chunked and unsized requests are refused with 4xx", "[server]") {
  auto c = server().client();
  auto big = c.Post("/api/search", std::string(70 * 1024, 'a'), "text/plain");
  REQUIRE(big);
  CHECK(big->status == 413);
  CHECK(body_json(big).contains("error"));

  // Far over the limit: the rest of the body is read and dropped, so the client gets the 413.
  auto huge = c.Post("/api/search", std::string(4 << 20, 'a'), "text/plain");
  REQUIRE(huge);
  CHECK(huge->status == 413);
  CHECK(body_json(huge)["error"] == "the request body is larger than 65536 bytes");
  // A client that asks first (Expect: 100-continue) is refused before it sends the body.
  CHECK(raw_request("POST /api/search HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 9000000\r\n\r\n") ==
        "HTTP/1.1 413 Payload Too Large");
  CHECK(raw_request("POST /api/nothing HTTP/1.1\r\nHost: x\r\nContent-Length: 9000000\r\n\r\n") ==
        "HTTP/1.1 413 Payload Too Large");

  auto long_path = c.Get("/api/articles/" + std::string(300, 'a'));
  REQUIRE(long_path);
  CHECK(long_path->status == 414);

  CHECK(raw_request("POST /api/search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n") ==
        "HTTP/1.1 411 Length Required");
  CHECK(raw_request("POST /api/search HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") == "HTTP/1.1 411 Length Required");
  CHECK(raw_request("POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc") ==
        "HTTP/1.1 415 Unsupported Media Type");
}

namespace {

// A copy of the fixture kb whose two articles about 0x80070005 carry "[B] " in their titles: a
// second generation of the index that answers the same queries with different text.
void write_generation_b(const std::string& dir) {
  std::filesystem::copy(kb::test::fixture_kb(), dir, std::filesystem::copy_options::recursive);
  for (const char* file : {"/iis-401/iis-401-3-acl-on-resource.md", "/iis-config/iis-500-19-config-access-denied.md"}) {
    std::string text = kb::test::read_text(dir + file);
    text.replace(text.find("title: \""), 8, "title: \"[B] ");
    kb::test::write_text(dir + file, text);
  }
}

void rebuild(const std::string& kb_dir, const std::string& db_dir) {
  std::vector<kb::Diagnostic> d;
  kb::build_index(kb::load_kb(kb_dir, &d), db_dir);
  REQUIRE(d.empty());
}

}  // namespace

TEST_CASE("a broken kb leaves the server answering; a good rebuild is served without restart", "[server]") {
  kb::test::TempDir db, kb_b;
  kb::test::build_db(kb::test::fixture_kb(), db.path());
  write_generation_b(kb_b.path());
  TestServer s(db.path());
  auto c = s.client();
  auto title = [&] { return body_json(c.Get("/api/articles/iis-401-3-acl-on-resource"))["title"].get<std::string>(); };
  CHECK(title().rfind("[B]", 0) != 0);

  const std::string broken = std::string(KB_INDEXER_BIN) + " --kb " + kb::test::bad_kb() + " --db " + db.path() + " >/dev/null 2>&1";
  CHECK(WEXITSTATUS(std::system(broken.c_str())) == 1);
  auto health = c.Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(title().rfind("[B]", 0) != 0);

  const std::string good = std::string(KB_INDEXER_BIN) + " --kb " + kb_b.path() + " --db " + db.path() + " >/dev/null 2>&1";
  CHECK(WEXITSTATUS(std::system(good.c_str())) == 0);
  CHECK(title().rfind("[B]", 0) == 0);
}

TEST_CASE("a repeated search gets the same answer, and the first search after a rebuild a new one", "[server]") {
  kb::test::TempDir db, kb_b;
  kb::test::build_db(kb::test::fixture_kb(), db.path());
  write_generation_b(kb_b.path());
  TestServer s(db.path());
  auto c = s.client();
  auto first = c.Get("/api/search?q=0x80070005");
  auto again = c.Get("/api/search?q=0x80070005");
  REQUIRE(first);
  REQUIRE(again);
  CHECK(again->body == first->body);
  CHECK(first->body.find("[B]") == std::string::npos);
  rebuild(kb_b.path(), db.path());
  auto after = c.Get("/api/search?q=0x80070005");
  REQUIRE(after);
  CHECK(after->status == 200);
  CHECK(after->body.find("\"title\":\"[B] ") != std::string::npos);
}

TEST_CASE("rebuilding the index 20 times under load fails no request and mixes no answers", "[server][reload]") {
  kb::test::TempDir db, kb_b;
  kb::test::build_db(kb::test::fixture_kb(), db.path());
  write_generation_b(kb_b.path());
  TestServer s(db.path());

  std::atomic<bool> done{false};
  std::atomic<int> requests{0}, errors{0}, mixed{0}, saw_a{0}, saw_b{0};
  auto client_loop = [&] {
    auto c = s.client();
    while (!done) {
      auto r = c.Get("/api/search?q=0x80070005&limit=100");
      requests += 1;
      if (!r || r->status != 200) {
        errors += 1;
        continue;
      }
      // Both changed articles answer this query: one generation has "[B]" on both titles.
      int b = 0, seen = 0;
      const json body = json::parse(r->body);
      for (const auto& hit : body["results"]) {
        const std::string id = hit["id"];
        if (id != "iis-401-3-acl-on-resource" && id != "iis-500-19-config-access-denied") continue;
        seen += 1;
        b += hit["title"].get<std::string>().rfind("[B]", 0) == 0;
      }
      if (seen != 2 || (b != 0 && b != 2)) mixed += 1;
      (b == 2 ? saw_b : saw_a) += 1;
    }
  };
  std::thread t1(client_loop), t2(client_loop);
  for (int i = 0; i < 20; ++i) {
    rebuild(i % 2 == 0 ? kb_b.path() : kb::test::fixture_kb(), db.path());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  done = true;
  t1.join();
  t2.join();
  CHECK(requests > 20);
  CHECK(errors == 0);
  CHECK(mixed == 0);
  // The swaps were seen: both generations answered.
  CHECK(saw_a > 0);
  CHECK(saw_b > 0);
}

TEST_CASE("when every worker is busy and the queue is full, a request gets 503 instead of waiting", "[server]") {
  TestServer s({}, 1, 1);
  // Two idle connections: one holds the only worker, one waits in the queue.
  int busy = connect_to(s.port());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  int queued = connect_to(s.port());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(raw_request("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", s.port()) ==
        "HTTP/1.1 503 Service Unavailable");
  ::close(busy);
  ::close(queued);
}

TEST_CASE("a burst of new connections is queued by the kernel, not dropped", "[server]") {
  // The server is bound but accepts nothing, so every connection must wait in the listen backlog.
  // With cpp-httplib's backlog of 5 the kernel drops the others' handshakes and they stay unconnected.
  httplib::Server bound;
  const int port = kb::bind_server(bound, "127.0.0.1", 0);
  REQUIRE(port > 0);
  constexpr int kBurst = 64;
  std::vector<int> fds;
  for (int i = 0; i < kBurst; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    fds.push_back(fd);
  }
  // Loopback handshakes that are not dropped complete at once; the wait only bounds a failure.
  int connected = 0;
  for (int fd : fds) {
    pollfd p{fd, POLLOUT, 0};
    int error = -1;
    socklen_t len = sizeof error;
    if (::poll(&p, 1, 2000) == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) == 0 && error == 0) {
      ++connected;
    }
    ::close(fd);
  }
  CHECK(connected == kBurst);
}

TEST_CASE("a client that stops sending mid-request is disconnected by the read timeout", "[server]") {
  TestServer s({}, 2, 64, 1);
  int fd = connect_to(s.port());
  const std::string partial = "GET /healthz HTTP/1.1\r\nHost: x\r\n";  // never finished
  REQUIRE(::send(fd, partial.data(), partial.size(), 0) == static_cast<ssize_t>(partial.size()));
  timeval tv{30, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char buf[512];
  // The server gives up on the request and closes the connection (or answers an error and
  // closes); it does not keep the worker forever.
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) {
  }
  CHECK(n == 0);
  ::close(fd);
  // And the worker is free again.
  auto r = s.client().Get("/healthz");
  REQUIRE(r);
  CHECK(r->status == 200);
}

TEST_CASE("an unreadable database gives a JSON 5xx, never a crash or an exception text", "[server]") {
  kb::test::TempDir db;
  kb::test::build_db(kb::test::fixture_kb(), db.path());
  TestServer s(db.path());
  auto c = s.client();
  REQUIRE(c.Get("/healthz")->status == 200);
  // Swap a file that is not a database into place, as a corrupted disk would.
  kb::test::write_text(db / "garbage", std::string(4096, 'x'));
  REQUIRE(std::rename((db / "garbage").c_str(), (db / "kb.glass").c_str()) == 0);
  for (const char* path : {"/healthz", "/api/search?q=401.3", "/"}) {
    CAPTURE(path);
    auto r = c.Get(path);
    REQUIRE(r);
    CHECK(r->status >= 500);
    CHECK_FALSE(r->has_header("EXCEPTION_WHAT"));
    if (std::string(path) != "/") CHECK(body_json(r).contains("error"));
  }
}

namespace {

// A server on the real kb, for the log analysis (its groups link real articles).
TestServer& real_kb_server() {
  static TestServer s(kb::test::shared_db(kb::test::real_kb()));
  return s;
}

std::string sample_log(const std::string& name) { return kb::test::read_text(kb::test::tests_dir() + "/data/logs/" + name); }

// A multipart/form-data body as browsers send it, with a file part and a text part.
std::string form_body(const std::string& boundary, const std::string& file_name, const std::string& file,
                      const std::string& text) {
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file_name +
         "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + file + "\r\n--" + boundary +
         "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n" + text + "\r\n--" + boundary + "--\r\n";
}

}  // namespace

TEST_CASE("POST /api/logs finds exactly the known failure mix, plain or gzip, each with its article", "[server][logs]") {
  auto c = real_kb_server().client();
  const std::string& log = kb::test::known_mix_log().text;
  REQUIRE(log.size() > 64 * 1024);  // over the limit of the other routes
  auto plain = c.Post("/api/logs", log, "text/plain");
  REQUIRE(plain);
  CHECK(plain->status == 200);
  kb::test::check_known_mix_json(body_json(plain));

  auto gz = c.Post("/api/logs", kb::test::gzip(log), "application/gzip");
  REQUIRE(gz);
  CHECK(gz->status == 200);
  kb::test::check_known_mix_json(body_json(gz));

  // As a form: the file part and the pasted part are analysed together.
  const std::string boundary = "----kbtest7MA4YWxkTrZu0gW";
  auto form = c.Post("/api/logs", form_body(boundary, "u_ex261120.log", log, ""),
                     "multipart/form-data; boundary=" + boundary);
  REQUIRE(form);
  CHECK(form->status == 200);
  kb::test::check_known_mix_json(body_json(form));
  auto both = c.Post("/api/logs", form_body(boundary, "u_ex.log", sample_log("iis10_mixed.log"), sample_log("httperr1.log")),
                     "multipart/form-data; boundary=" + boundary);
  REQUIRE(both);
  json j = body_json(both);
  CHECK(j["lines"] == 31);
  CHECK(j["failures"] == 15);
  CHECK(j["malformed_lines"][0]["input"] == "u_ex.log");
}

TEST_CASE("POST /api/logs refuses oversized, empty, corrupt and encoded bodies with a JSON error", "[server][logs]") {
  kb::ServerOptions options;
  options.max_log_bytes = 512 * 1024;
  options.max_log_text_bytes = 1 << 20;
  TestServer s(options);
  auto c = s.client();
  // Larger than 64 KB is fine for a log, not for a search.
  const std::string log = kb::test::known_mix_log().text.substr(0, 150 * 1024);
  auto ok = c.Post("/api/logs", log, "text/plain");
  REQUIRE(ok);
  CHECK(ok->status == 200);
  CHECK(body_json(ok)["failures"] > 0);
  auto search = c.Post("/api/search", log, "text/plain");
  REQUIRE(search);
  CHECK(search->status == 413);

  auto big = c.Post("/api/logs", std::string(600 * 1024, 'a'), "text/plain");
  REQUIRE(big);
  CHECK(big->status == 413);
  CHECK(body_json(big)["error"] == "the request body is larger than 524288 bytes");

  // A gzip bomb: 64 MB of log lines in about 230 KB; stopped at 1 MB of text.
  const std::string line = "2026-11-20 08:00:01 10.0.0.5 GET /app/ - 443 - 10.1.2.3 Mozilla/5.0 - 401 3 5 15\r\n";
  std::string repeated;
  repeated.reserve(64u << 20);
  while (repeated.size() < (64u << 20)) repeated += line;
  const std::string bomb = kb::test::gzip(repeated);
  REQUIRE(bomb.size() < 300 * 1024);
  auto inflated = c.Post("/api/logs", bomb, "application/gzip");
  REQUIRE(inflated);
  CHECK(inflated->status == 413);
  CHECK(body_json(inflated)["error"] == "the log is larger than 1048576 bytes once decompressed");

  const std::string gz = kb::test::gzip(sample_log("iis10_mixed.log"));
  auto cut = c.Post("/api/logs", gz.substr(0, gz.size() - 10), "application/gzip");
  REQUIRE(cut);
  CHECK(cut->status == 400);
  CHECK(body_json(cut)["error"] == "the gzip data ends before the end of the compressed log");
  auto empty = c.Post("/api/logs", "", "text/plain");
  REQUIRE(empty);
  CHECK(empty->status == 400);
  CHECK(body_json(empty)["error"] == "empty body: send the log as the request body");

  CHECK(raw_request("POST /api/logs HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc", s.port()) ==
        "HTTP/1.1 415 Unsupported Media Type");
  CHECK(raw_request("POST /api/logs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", s.port()) ==
        "HTTP/1.1 411 Length Required");
  CHECK(raw_request("POST /api/logs HTTP/1.1\r\nHost: x\r\nContent-Length: 12x\r\n\r\n", s.port()) ==
        "HTTP/1.1 400 Bad Request");
  // The server still answers.
  auto health = c.Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
}

TEST_CASE("the /logs page takes an uploaded log and shows its groups, articles and timeline", "[server][logs]") {
  auto c = real_kb_server().client();
  auto form = c.Get("/logs");
  REQUIRE(form);
  CHECK(form->status == 200);
  CHECK(form->body.find("enctype=\"multipart/form-data\"") != std::string::npos);
  CHECK(form->body.find("name=\"file\" type=\"file\"") != std::string::npos);
  CHECK(form->body.find("name=\"text\"") != std::string::npos);
  CHECK(c.Get("/")->body.find("<a href=\"/logs\">Logs</a>") != std::string::npos);

  const std::string boundary = "----kbtestPageBoundary42";
  const kb::test::KnownMixLog& log = kb::test::known_mix_log();
  auto page = c.Post("/logs", form_body(boundary, "u_ex261120.log", log.text, ""), "multipart/form-data; boundary=" + boundary);
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  const std::string& html = page->body;
  CHECK(html.find("<svg class=\"chart\"") != std::string::npos);
  // One block per group: its codes, its count and its article.
  std::vector<std::string> blocks;
  for (std::size_t at = html.find("<li><div class=\"group-head\">"); at != std::string::npos;) {
    std::size_t next = html.find("<li><div class=\"group-head\">", at + 1);
    blocks.push_back(html.substr(at, next == std::string::npos ? std::string::npos : next - at));
    at = next;
  }
  REQUIRE(blocks.size() == log.groups.size());
  for (const auto& e : log.groups) {
    CAPTURE(e.label);
    const std::string marker = e.reason.empty() ? "href=\"/codes/" + e.label + "\"" : "<strong>" + e.reason + "</strong>";
    auto block = std::find_if(blocks.begin(), blocks.end(), [&](const std::string& b) { return b.find(marker) != std::string::npos; });
    REQUIRE(block != blocks.end());
    std::string count = std::to_string(e.count);
    if (count.size() > 3) count.insert(count.size() - 3, ",");
    CHECK(block->find(">" + count + " failures<") != std::string::npos);
    CHECK(block->find("href=\"/articles/" + e.article + "\"") != std::string::npos);
    CHECK(block->find(e.first + " – " + e.last) != std::string::npos);
  }
}

TEST_CASE("the /logs page escapes what the log holds and refuses an empty form", "[server][logs]") {
  auto c = real_kb_server().client();
  const std::string boundary = "----kbtestEscape";
  const std::string hostile =
      "#Fields: date time cs-uri-stem cs-username c-ip sc-status sc-substatus sc-win32-status\n"
      "2026-11-20 08:00:00 /<script>alert(1)</script>/x \"><img/src=x/onerror=alert(2)> 10.0.0.1 401 3 5\n"
      "<b>not a record</b>\n";
  auto page = c.Post("/logs", form_body(boundary, "<i>evil</i>.log", "", hostile), "multipart/form-data; boundary=" + boundary);
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("<script>alert") == std::string::npos);
  CHECK(page->body.find("<img/src=x") == std::string::npos);
  CHECK(page->body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(page->body.find("pasted text:3") != std::string::npos);  // the malformed line, by input and number

  auto empty = c.Post("/logs", form_body(boundary, "", "", ""), "multipart/form-data; boundary=" + boundary);
  REQUIRE(empty);
  CHECK(empty->status == 400);
  CHECK(empty->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(empty->body.find("choose a log file or paste log lines") != std::string::npos);
}
