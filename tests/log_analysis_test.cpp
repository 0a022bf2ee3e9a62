// Tests of the log analysis: failure groups, top values, timelines, bounds, inputs and JSON.
#include <catch2/catch.hpp>

#include <numeric>

#include "log_generator.h"
#include "log_input.h"
#include "log_report_json.h"
#include "response_json.h"
#include "test_util.h"
#include "text.h"

namespace {

using Counted = std::vector<std::pair<std::string, std::uint64_t>>;

std::string sample_path(const std::string& name) { return kb::test::tests_dir() + "/data/logs/" + name; }

kb::LogReport analyze_files(const std::vector<std::string>& names, kb::LogAnalysisOptions options = {}) {
  kb::LogAnalyzer analyzer(options);
  for (const auto& name : names) {
    std::string error;
    REQUIRE(kb::analyze_log_file(analyzer, sample_path(name), &error));
    CHECK(error.empty());
  }
  return analyzer.report();
}

kb::LogReport analyze_text(const std::string& text, kb::LogAnalysisOptions options = {}) {
  kb::LogAnalyzer analyzer(options);
  kb::LogInput input(analyzer, "");
  REQUIRE(input.feed(text));
  REQUIRE(input.finish());
  return analyzer.report();
}

std::uint64_t sum(const std::vector<std::uint64_t>& v) { return std::accumulate(v.begin(), v.end(), std::uint64_t{0}); }

}  // namespace

TEST_CASE("url_prefix keeps the first path segment, lower-cased", "[log_analysis]") {
  struct Row {
    const char* uri;
    const char* prefix;
  } rows[] = {
      {"/app/default.aspx", "/app/"}, {"/App/Images/logo.png", "/app/"}, {"/favicon.ico", "/favicon.ico"},
      {"/", "/"}, {"/admin/", "/admin/"}, {"http://intranet:80/App/x.aspx?id=1", "/app/"},
      {"https://host", "/"}, {"/search?q=a/b", "/search"}, {"*", "*"}, {"", "-"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.uri);
    CHECK(kb::url_prefix(row.uri) == row.prefix);
  }
  CHECK(kb::url_prefix("/" + std::string(300, 'a')).size() == 100);
}

TEST_CASE("log_minute counts minutes since 1970 and refuses other forms", "[log_analysis]") {
  CHECK(kb::log_minute("1970-01-01", "00:01:59") == 1);
  CHECK(kb::log_minute("2026-11-20", "08:00:01") == 29919360);
  CHECK(kb::log_minute("2024-02-29", "23:59:00") == 28487519);
  CHECK_FALSE(kb::log_minute("2026-13-01", "00:00:00"));
  CHECK_FALSE(kb::log_minute("2026-11-20", "25:00:00"));
  CHECK_FALSE(kb::log_minute("", "08:00:00"));
}

TEST_CASE("TopCounter is exact under its capacity and keeps heavy hitters beyond it", "[log_analysis]") {
  kb::TopCounter exact(8);
  for (const char* v : {"a", "b", "a", "c", "a", "b"}) exact.add(v);
  CHECK(exact.top(2) == Counted{{"a", 3}, {"b", 2}});
  CHECK(exact.top(10).size() == 3);
  CHECK(exact.exact());

  // 500 "a", 300 "b" and 400 distinct values, interleaved, through 8 counters: any value seen more
  // than 1200 / 8 times is kept, with a count at least its true count.
  kb::TopCounter bounded(8);
  int distinct = 0;
  for (int i = 0; i < 1200; ++i) {
    if (i % 12 < 5) bounded.add("a");
    else if (i % 12 < 8) bounded.add("b");
    else bounded.add("x" + std::to_string(distinct++));
  }
  CHECK_FALSE(bounded.exact());
  auto top = bounded.top(2);
  REQUIRE(top.size() == 2);
  CHECK(top[0].first == "a");
  CHECK(top[0].second >= 500);
  CHECK(top[1].first == "b");
  CHECK(top[1].second >= 300);
  CHECK(bounded.top(100).size() == 8);
}

TEST_CASE("an IIS 10 log gives its failure groups with counts, times and top values", "[log_analysis]") {
  kb::LogReport r = analyze_files({"iis10_mixed.log"});
  CHECK(r.lines == 20);
  CHECK(r.requests == 11);
  CHECK(r.failures == 8);
  CHECK(r.malformed == 2);
  REQUIRE(r.malformed_lines.size() == 2);
  CHECK(r.malformed_lines[0].input == sample_path("iis10_mixed.log"));
  CHECK(r.malformed_lines[0].line == 10);
  CHECK(r.malformed_lines[1].line == 19);
  CHECK(r.malformed_lines[1].error == "sc-status \"4O1\" is not a status code");

  REQUIRE(r.groups.size() == 4);
  const kb::LogGroup& acl = r.groups[0];
  CHECK(kb::log_group_label(acl) == "401.3");
  CHECK(acl.status == 401);
  CHECK(acl.substatus == 3);
  CHECK(acl.win32 == 5);
  CHECK(acl.count == 4);
  CHECK(acl.first == "2026-11-20 08:05:12");
  CHECK(acl.last == "2026-11-20 09:00:00");
  CHECK(acl.example.rfind("2026-11-20 08:05:12 10.0.0.5 GET /app/reports/q3.aspx", 0) == 0);
  CHECK(acl.top_urls == Counted{{"/app/", 4}});
  CHECK(acl.top_users == Counted{{"CONTOSO\\bob", 2}, {"-", 1}, {"CONTOSO\\carol", 1}});
  CHECK(acl.top_clients == Counted{{"10.1.2.4", 2}, {"10.1.2.5", 1}, {"10.1.2.9", 1}});
  CHECK(acl.approximate.empty());

  const kb::LogGroup& config = r.groups[1];
  CHECK(kb::log_group_label(config) == "500.19");
  CHECK(config.count == 2);
  CHECK(config.first == "2026-11-20 08:30:00");
  CHECK(config.last == "2026-11-20 09:00:02");
  CHECK(config.top_urls == Counted{{"/api/", 2}});

  CHECK(kb::log_group_label(r.groups[2]) == "401.2");  // ties by status
  CHECK(r.groups[2].win32 == 5);
  CHECK(kb::log_group_label(r.groups[3]) == "403.14");
  CHECK(r.groups[3].win32 == 0);

  // One timeline axis: 08:00 to 09:00 in 1-minute buckets fits in 120.
  CHECK(r.timeline.bucket_minutes == 1);
  CHECK(r.timeline.start == "2026-11-20 08:00");
  CHECK(r.timeline.buckets == 61);
  for (const auto& g : r.groups) {
    CHECK(g.timeline.size() == r.timeline.buckets);
    CHECK(sum(g.timeline) == g.count);
  }
  CHECK(acl.timeline[5] == 2);  // 08:05
  CHECK(acl.timeline[60] == 1);  // 09:00
}

TEST_CASE("HTTPERR failures are grouped by reason, with no status for connection events", "[log_analysis]") {
  kb::LogReport r = analyze_files({"httperr1.log"});
  CHECK(r.requests == 7);
  CHECK(r.failures == 7);
  std::vector<std::string> labels;
  for (const auto& g : r.groups) labels.push_back(kb::log_group_label(g) + " x" + std::to_string(g.count));
  CHECK(labels == std::vector<std::string>{"503 AppOffline x2", "400 BadRequest x1", "503 Disabled x1",
                                           "503 QueueFull x1", "Connection_Dropped x1", "Timer_ConnectionIdle x1"});
  const kb::LogGroup& offline = r.groups[0];
  CHECK(offline.httperr);
  CHECK(offline.reason == "AppOffline");
  CHECK(offline.substatus == -1);
  CHECK(offline.win32 == -1);
  CHECK(offline.top_clients == Counted{{"10.1.2.3", 1}, {"10.1.2.4", 1}});
  CHECK(r.groups[1].top_urls == Counted{{"/app/", 1}});  // absolute URI, lower-cased
  CHECK(r.groups[5].status == 0);
  CHECK(r.groups[5].top_urls.empty());  // "-" is no URL
  CHECK(r.groups[5].top_users.empty());  // HTTPERR has no user field
}

TEST_CASE("several inputs are analysed together; lines of IIS 6 logs lack sub-status and Win32", "[log_analysis]") {
  kb::LogReport r = analyze_files({"iis6_no_substatus.log", "no_header.log"});
  CHECK(r.lines == 8 + 9);
  CHECK(r.requests == 4 + 7);
  CHECK(r.malformed == 1);
  CHECK(r.malformed_lines[0].input == sample_path("no_header.log"));
  CHECK(r.malformed_lines[0].line == 7);
  std::vector<std::string> labels;
  for (const auto& g : r.groups) labels.push_back(kb::log_group_label(g) + " x" + std::to_string(g.count));
  CHECK(labels == std::vector<std::string>{"401 x3", "401.1 x1", "401.3 x1", "403 x1", "403.4 x1", "404 x1",
                                           "503 AppOffline x1", "503 QueueFull x1"});
  const kb::LogGroup& bare = r.groups[0];
  CHECK(bare.substatus == -1);
  CHECK(bare.win32 == -1);
  CHECK(bare.first == "2026-03-02 10:00:01");
  CHECK(bare.last == "2026-11-21 07:00:05");
  // "07:10:00" without a date: a time but no place on the timeline.
  const kb::LogGroup& no_date = r.groups[5];
  CHECK(no_date.first == "07:10:00");
  CHECK(sum(no_date.timeline) == 0);
  // Eight months in at most 120 buckets.
  CHECK(r.timeline.buckets <= 120);
  CHECK(sum(bare.timeline) == 3);
}

TEST_CASE("a gzip log gives the same analysis as the plain one", "[log_analysis]") {
  auto plain = kb::to_json(analyze_files({"iis10_mixed.log"}));
  auto gz = kb::to_json(analyze_files({"iis10_mixed.log.gz"}));
  plain["malformed_lines"] = gz["malformed_lines"] = nullptr;  // they name different files
  CHECK(plain == gz);
}

TEST_CASE("an unreadable input is a clear error", "[log_analysis]") {
  kb::LogAnalyzer analyzer;
  std::string error;
  CHECK_FALSE(kb::analyze_log_file(analyzer, "/no/such/file.log", &error));
  CHECK(error == "cannot open /no/such/file.log: No such file or directory");
  CHECK_FALSE(kb::analyze_log_file(analyzer, kb::test::tests_dir(), &error));
  CHECK(error == "cannot read " + kb::test::tests_dir() + ": Is a directory");

  kb::test::TempDir dir;
  const std::string gz = kb::test::read_text(sample_path("iis10_mixed.log.gz"));
  kb::test::write_text(dir / "cut.log.gz", gz.substr(0, gz.size() - 20));
  CHECK_FALSE(kb::analyze_log_file(analyzer, dir / "cut.log.gz", &error));
  CHECK(error == dir / "cut.log.gz" + ": the gzip data ends before the end of the compressed log");
  // What was read before the cut still counts.
  CHECK(analyzer.report().requests > 0);
}

TEST_CASE("the report is valid UTF-8 whatever bytes the log holds", "[log_analysis]") {
  kb::LogReport r = analyze_files({"malformed.log"});
  CHECK(r.malformed == 7);
  REQUIRE(r.groups.size() == 2);
  const kb::LogGroup& g = r.groups[1];
  CHECK(kb::log_group_label(g) == "401.3");
  CHECK(g.top_urls == Counted{{"/caf\xEF\xBF\xBD/", 1}});
  CHECK(g.top_users == Counted{{"caf\xC3\xA9\\Ren\xEF\xBF\xBD", 1}});
  CHECK(kb::is_valid_utf8(g.example));
  const std::string text = kb::dump_json(kb::to_json(r));
  CHECK(kb::is_valid_utf8(text));
  CHECK(nlohmann::json::parse(text)["groups"][1]["top_users"][0][0] == "caf\xC3\xA9\\Ren\xEF\xBF\xBD");
}

TEST_CASE("the JSON report follows the contract: nulls for missing fields, reason for HTTPERR", "[log_analysis]") {
  auto j = kb::to_json(analyze_files({"iis6_no_substatus.log", "httperr1.log"}));
  for (const char* key : {"lines", "requests", "failures", "malformed", "malformed_lines", "timeline", "groups"}) {
    CAPTURE(key);
    CHECK(j.contains(key));
  }
  const auto& first = j["groups"][0];
  CHECK(first["status"] == 401);
  CHECK(first["substatus"].is_null());
  CHECK(first["win32"].is_null());
  CHECK(first["count"] == 2);
  CHECK(first["first"] == "2026-03-02 10:00:01");
  CHECK(first["top_urls"] == nlohmann::json::parse(R"([["/intranet/", 2]])"));
  CHECK(first["article"].is_null());
  CHECK_FALSE(first.contains("reason"));
  bool saw_idle = false;
  for (const auto& g : j["groups"]) {
    if (g.contains("reason") && g["reason"] == "Timer_ConnectionIdle") {
      saw_idle = true;
      CHECK(g["status"].is_null());
    }
  }
  CHECK(saw_idle);
  CHECK(j["timeline"]["bucket_minutes"].is_number());
}

TEST_CASE("memory stays bounded: groups beyond the cap go to one other group", "[log_analysis]") {
  kb::LogAnalysisOptions options;
  options.max_groups = 10;
  options.tracked_values = 4;
  options.max_malformed_listed = 3;
  std::string text = "#Fields: date time cs-uri-stem cs-username sc-status sc-substatus sc-win32-status\n";
  for (int i = 0; i < 1000; ++i) {
    text += "2026-11-20 08:00:00 /u" + std::to_string(i) + "/x user" + std::to_string(i) + " 401 " +
            std::to_string(i % 50) + " 5\n";
    if (i % 100 == 0) text += "bad line\n";
  }
  kb::LogReport r = analyze_text(text, options);
  CHECK(r.failures == 1000);
  CHECK(r.malformed == 10);
  CHECK(r.malformed_lines.size() == 3);
  REQUIRE(r.groups.size() == 11);
  std::uint64_t total = 0;
  for (const auto& g : r.groups) {
    total += g.count;
    CHECK(g.top_urls.size() <= 4);
    // 20 distinct URLs and users per group, through 4 counters: estimates, and said so.
    CHECK(g.approximate == std::vector<std::string>{"urls", "users"});
  }
  CHECK(total == 1000);
  CHECK(r.groups.back().other);
  CHECK(r.groups.back().count == 800);
  CHECK(kb::log_group_label(r.groups.back()) == "other");
}

TEST_CASE("the timeline widens its buckets as the time range grows, earlier times included", "[log_analysis]") {
  kb::LogAnalysisOptions options;
  options.timeline_buckets = 10;
  std::string text = "#Fields: date time sc-status sc-substatus sc-win32-status\n";
  text += "2026-11-20 12:00:30 401 3 5\n2026-11-20 12:09:00 401 3 5\n";  // fits 10 x 1 minute
  text += "2026-11-20 12:59:00 401 3 5\n";                                 // needs 10 x 10 minutes
  text += "2026-11-20 11:01:00 401 3 5\n";                                 // earlier: 10 x 30 minutes
  text += "2026-11-22 00:00:00 500 19 5\n";                                // two days: 10 x 6 hours
  kb::LogReport r = analyze_text(text, options);
  REQUIRE(r.groups.size() == 2);
  CHECK(r.timeline.bucket_minutes == 360);
  CHECK(r.timeline.start == "2026-11-20 06:00");
  CHECK(r.timeline.buckets == 8);
  CHECK(r.groups[0].timeline == std::vector<std::uint64_t>{1, 3, 0, 0, 0, 0, 0, 0});  // 06:00, 12:00
  CHECK(r.groups[1].timeline == std::vector<std::uint64_t>{0, 0, 0, 0, 0, 0, 0, 1});  // 22nd 00:00
}

TEST_CASE("a generated log with a known failure mix gives exactly that mix", "[log_analysis]") {
  kb::LogGeneratorOptions w3c;
  w3c.lines = 20000;
  w3c.mix = {{401, 3, 5, "", 0.03}, {401, 1, 1326, "", 0.02}, {500, 19, 5, "", 0.01}, {403, 14, 0, "", 0.005}};
  kb::LogGeneratorOptions httperr;
  httperr.httperr = true;
  httperr.lines = 500;
  httperr.seed = 7;
  httperr.start = "2026-11-20 09:00:00";
  httperr.mix = {{503, 0, 0, "QueueFull", 0.2}, {503, 0, 0, "AppOffline", 0.1}, {0, 0, 0, "Timer_ConnectionIdle", 0.7}};

  kb::LogAnalyzer analyzer;
  std::vector<kb::LogGeneratorResult> truth;
  for (const auto* o : {&w3c, &httperr}) {
    kb::LogInput input(analyzer, "");
    truth.push_back(kb::generate_log(*o, [&](std::string_view chunk) { REQUIRE(input.feed(chunk)); }));
    REQUIRE(input.finish());
  }
  kb::LogReport r = analyzer.report();
  CHECK(r.lines == truth[0].lines + truth[1].lines);
  CHECK(r.requests == 20500);
  CHECK(r.malformed == 0);
  REQUIRE(r.groups.size() == 7);
  std::uint64_t failures = 0;
  for (std::size_t t = 0; t < 2; ++t) {
    const auto& o = t == 0 ? w3c : httperr;
    for (std::size_t k = 0; k < o.mix.size(); ++k) {
      const auto& e = o.mix[k];
      CAPTURE(e.status, e.substatus, e.win32, e.reason);
      REQUIRE(truth[t].counts[k] > 0);
      failures += truth[t].counts[k];
      auto g = std::find_if(r.groups.begin(), r.groups.end(), [&](const kb::LogGroup& g) {
        return e.reason.empty() ? (!g.httperr && g.status == e.status && g.substatus == e.substatus && g.win32 == e.win32)
                                : (g.httperr && g.reason == e.reason && g.status == e.status);
      });
      REQUIRE(g != r.groups.end());
      CHECK(g->count == truth[t].counts[k]);
      CHECK(g->first == truth[t].first[k]);
      CHECK(g->last == truth[t].last[k]);
      CHECK(sum(g->timeline) == g->count);
    }
  }
  CHECK(r.failures == failures);
  for (std::size_t i = 1; i < r.groups.size(); ++i) CHECK(r.groups[i - 1].count >= r.groups[i].count);
}
