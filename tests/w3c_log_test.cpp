// Tests of the streaming IIS log parser: field layouts, directives, chunk boundaries, bad lines.
#include <catch2/catch.hpp>

#include "test_util.h"
#include "w3c_log.h"

namespace {

// What the parser reported, copied out of its buffers.
struct Seen {
  std::size_t line = 0;
  std::string date, time;
  int status = 0, substatus = -1;
  std::int64_t win32 = -1;
  std::string uri, user, client, reason;
  bool httperr = false, ftp = false;
  std::string text;  // the whole line
};

class Collector : public kb::LogRecordHandler {
 public:
  std::vector<Seen> records;
  std::vector<std::pair<std::size_t, std::string>> malformed;
  void on_record(const kb::LogRecord& r) override {
    records.push_back({r.line_number, std::string(r.date), std::string(r.time), r.status, r.substatus, r.win32,
                       std::string(r.uri), std::string(r.user), std::string(r.client), std::string(r.reason),
                       r.httperr, r.ftp, std::string(r.line)});
  }
  void on_malformed(std::size_t line, std::string_view error) override { malformed.emplace_back(line, std::string(error)); }
};

std::string sample(const std::string& name) { return kb::test::read_text(kb::test::tests_dir() + "/data/logs/" + name); }

// Parses `text` fed in chunks of `chunk` bytes (0: all at once).
Collector parse(const std::string& text, std::size_t chunk = 0, std::size_t* lines = nullptr) {
  Collector c;
  kb::W3cLogParser parser(c);
  if (chunk == 0) chunk = text.size() + 1;
  for (std::size_t i = 0; i < text.size(); i += chunk) parser.feed(std::string_view(text).substr(i, chunk));
  std::size_t n = parser.finish();
  if (lines) *lines = n;
  return c;
}

std::string codes(const Collector& c) {
  std::string out;
  for (const auto& r : c.records) {
    if (!out.empty()) out += ", ";
    out += std::to_string(r.line) + ":" + std::to_string(r.status) + "/" + std::to_string(r.substatus) + "/" +
           std::to_string(r.win32) + (r.reason.empty() ? "" : "/" + r.reason);
  }
  return out;
}

}  // namespace

TEST_CASE("split_log_fields splits at runs of blanks and reports extra fields", "[w3c_log]") {
  std::string_view f[4];
  CHECK(kb::split_log_fields("a b\tc", f, 4) == 3);
  CHECK(f[2] == "c");
  CHECK(kb::split_log_fields("  a   b \r", f, 4) == 2);
  CHECK(f[1] == "b");
  CHECK(kb::split_log_fields("", f, 4) == 0);
  CHECK(kb::split_log_fields("1 2 3 4 5 6", f, 4) == 5);
  CHECK(f[3] == "4");
}

TEST_CASE("parse_fields_directive reads #Fields names lower-cased and nothing else", "[w3c_log]") {
  auto names = kb::parse_fields_directive("#Fields: date time SC-Status cs(User-Agent)\r");
  REQUIRE(names);
  CHECK(*names == std::vector<std::string>{"date", "time", "sc-status", "cs(user-agent)"});
  CHECK_FALSE(kb::parse_fields_directive("#Software: Microsoft Internet Information Services 10.0"));
  CHECK_FALSE(kb::parse_fields_directive("2026-11-20 08:00:01 GET /"));
  CHECK(kb::parse_fields_directive("#Fields:")->empty());
}

TEST_CASE("an IIS 10 log is read by its #Fields, and a #Fields change mid-file changes the layout", "[w3c_log]") {
  std::size_t lines = 0;
  Collector c = parse(sample("iis10_mixed.log"), 0, &lines);
  CHECK(lines == 20);
  CHECK(codes(c) == "5:401/2/5, 6:200/0/0, 7:401/3/5, 8:401/3/5, 9:401/3/5, 11:403/14/0, 13:500/19/5, "
                    "16:401/3/5, 17:500/19/5, 18:200/0/0, 20:304/0/0");
  const Seen& bob = c.records[2];
  CHECK(bob.date == "2026-11-20");
  CHECK(bob.time == "08:05:12");
  CHECK(bob.uri == "/app/reports/q3.aspx");
  CHECK(bob.user == "CONTOSO\\bob");
  CHECK(bob.client == "10.1.2.4");
  CHECK_FALSE(bob.httperr);
  CHECK(bob.text.rfind("2026-11-20 08:05:12 10.0.0.5 GET /app/reports/q3.aspx id=7 443", 0) == 0);
  CHECK(bob.text.back() == '3');  // time-taken, without the \r
  // After the second #Fields, user and client come from their new places.
  const Seen& carol = c.records[7];
  CHECK(carol.user == "CONTOSO\\carol");
  CHECK(carol.client == "10.1.2.5");
  CHECK(carol.uri == "/app/reports/q3.aspx");
  CHECK(c.malformed == std::vector<std::pair<std::size_t, std::string>>{
                           {10, "expected 15 fields (as #Fields says), found 5"},
                           {19, "sc-status \"4O1\" is not a status code"},
                       });
}

TEST_CASE("the parser gives the same records whatever the chunk boundaries, byte by byte too", "[w3c_log]") {
  for (const char* name : {"iis10_mixed.log", "httperr1.log", "no_header.log", "malformed.log"}) {
    CAPTURE(name);
    const std::string text = sample(name);
    const Collector whole = parse(text);
    for (std::size_t chunk : {1, 2, 3, 7, 16, 61, 100, 333}) {
      CAPTURE(chunk);
      Collector c = parse(text, chunk);
      CHECK(codes(c) == codes(whole));
      CHECK(c.malformed == whole.malformed);
      REQUIRE(c.records.size() == whole.records.size());
      for (std::size_t i = 0; i < c.records.size(); ++i) {
        CHECK(c.records[i].text == whole.records[i].text);
        CHECK(c.records[i].user == whole.records[i].user);
      }
    }
  }
}

TEST_CASE("an IIS 6 log without sc-substatus and sc-win32-status gives statuses only", "[w3c_log]") {
  Collector c = parse(sample("iis6_no_substatus.log"));
  CHECK(codes(c) == "5:401/-1/-1, 6:200/-1/-1, 7:403/-1/-1, 8:401/-1/-1");
  CHECK(c.records[1].user == "CORP\\dave");
  CHECK(c.records[2].uri == "/intranet/hr/");
  CHECK(c.malformed.empty());
}

TEST_CASE("HTTPERR logs give the s-reason, with or without a status", "[w3c_log]") {
  Collector c = parse(sample("httperr1.log"));
  CHECK(codes(c) == "5:503/-1/-1/AppOffline, 6:503/-1/-1/AppOffline, 7:0/-1/-1/Timer_ConnectionIdle, "
                    "8:503/-1/-1/QueueFull, 9:400/-1/-1/BadRequest, 10:0/-1/-1/Connection_Dropped, 11:503/-1/-1/Disabled");
  for (const auto& r : c.records) CHECK(r.httperr);
  CHECK(c.records[0].uri == "/app/default.aspx");
  CHECK(c.records[0].client == "10.1.2.3");
  CHECK(c.records[4].uri == "http://intranet:80/App/x.aspx?id=1");
  CHECK(c.malformed.empty());
}

TEST_CASE("lines without a #Fields directive are read by the default IIS layouts", "[w3c_log]") {
  std::size_t lines = 0;
  Collector c = parse(sample("no_header.log"), 0, &lines);
  CHECK(lines == 9);  // the last line has no line break and is still read
  CHECK(codes(c) == "1:401/3/5, 2:401/1/1326, 3:403/4/5, 4:503/-1/-1/QueueFull, 5:503/-1/-1/AppOffline, "
                    "6:401/-1/-1, 9:404/-1/-1");
  CHECK(c.records[1].user == "CONTOSO\\erin");  // IIS 7
  CHECK(c.records[1].uri == "/app/login.aspx");
  CHECK(c.records[2].uri == "/legacy/");  // IIS 6: s-sitename shifts the fields
  CHECK(c.records[2].client == "10.1.2.3");
  CHECK(c.records[3].httperr);
  CHECK(c.records[4].httperr);  // HTTPERR of IIS 6, without streamid
  CHECK(c.records[5].client == "10.1.2.3");  // IIS 5
  CHECK(c.records[6].date.empty());
  CHECK(c.records[6].time == "07:10:00");
  CHECK(c.malformed == std::vector<std::pair<std::size_t, std::string>>{
                           {7, "no #Fields directive, and no default IIS log layout matches these 9 fields"}});
}

TEST_CASE("malformed lines are reported with their line and reason, never fatal", "[w3c_log]") {
  Collector c = parse(sample("malformed.log"));
  CHECK(c.malformed == std::vector<std::pair<std::size_t, std::string>>{
                           {3, "expected 8 fields (as #Fields says), found 7"},
                           {4, "sc-status \"abc\" is not a status code"},
                           {5, "sc-substatus \"x\" is not a number"},
                           {6, "sc-win32-status \"99999999999\" is not a number"},
                           {7, "date \"20261122\" is not yyyy-mm-dd"},
                           {8, "time \"10h00\" is not hh:mm:ss"},
                           {9, "expected 8 fields (as #Fields says), found 9"},
                       });
  CHECK(codes(c) == "2:401/3/5, 10:401/0/0");
  // Bytes that are not UTF-8 pass through the parser untouched (the report cleans them).
  CHECK(c.records[0].uri == "/caf\xe9/menu.aspx");
}

TEST_CASE("a line over the length limit is malformed and the next line is read", "[w3c_log]") {
  const std::string header = "#Fields: date time sc-status\n";
  const std::string huge = "2026-11-20 08:00:00 " + std::string(kb::kMaxLogLineBytes + 10, 'x') + "\n";
  const std::string text = header + huge + "2026-11-20 08:00:01 401\n" + huge;
  for (std::size_t chunk : {0, 1000, 4096}) {
    CAPTURE(chunk);
    Collector c = parse(text + std::string(kb::kMaxLogLineBytes + 1, 'y'), chunk);  // and an unterminated one
    CHECK(codes(c) == "3:401/-1/-1");
    CHECK(c.malformed == std::vector<std::pair<std::size_t, std::string>>{
                             {2, "line longer than 65536 bytes"},
                             {4, "line longer than 65536 bytes"},
                             {5, "line longer than 65536 bytes"}});
  }
}

TEST_CASE("finish ends one input: the next one starts with no layout and line 1", "[w3c_log]") {
  Collector c;
  kb::W3cLogParser parser(c);
  parser.feed("#Fields: sc-status sc-substatus\n401 3\n401 3");
  CHECK(parser.finish() == 3);
  parser.feed("2026-11-21 07:00:00 10.0.0.5 GET /app/ - 443 - 10.1.2.3 Mozilla/5.0 - 401 3 5 15\n401 3\n");
  CHECK(parser.finish() == 2);
  CHECK(codes(c) == "2:401/3/-1, 3:401/3/-1, 1:401/3/5");
  CHECK(c.malformed == std::vector<std::pair<std::size_t, std::string>>{
                           {2, "no #Fields directive, and no default IIS log layout matches these 2 fields"}});
}

TEST_CASE("FTP service logs are marked as FTP", "[w3c_log]") {
  Collector c = parse(
      "#Fields: date time c-ip cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status sc-substatus\n"
      "2026-11-20 08:00:00 10.1.2.3 - 10.0.0.5 21 [1]USER bob 331 0 0\n"
      "2026-11-20 08:00:01 10.1.2.3 bob 10.0.0.5 21 [1]PASS - 530 1326 41\n");
  REQUIRE(c.records.size() == 2);
  CHECK(c.records[1].ftp);
  CHECK(c.records[1].status == 530);
  CHECK(c.records[1].win32 == 1326);
  CHECK(c.records[1].substatus == 41);
}
