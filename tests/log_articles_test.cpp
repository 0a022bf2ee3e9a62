// Tests of the article lookup for log groups: the query text, the Fix summary, and on the real kb
// the article each common failure maps to.
#include <catch2/catch.hpp>

#include "log_articles.h"
#include "test_util.h"

namespace {

kb::LogGroup w3c(int status, int substatus, std::int64_t win32) {
  kb::LogGroup g;
  g.status = status;
  g.substatus = substatus;
  g.win32 = win32;
  g.count = 1;
  return g;
}

kb::LogGroup httperr(int status, const std::string& reason) {
  kb::LogGroup g;
  g.httperr = true;
  g.status = status;
  g.reason = reason;
  g.count = 1;
  return g;
}

}  // namespace

TEST_CASE("log_group_query writes the group's codes as IIS logs and error pages show them", "[log_articles]") {
  CHECK(kb::log_group_query(w3c(401, 3, 5), "Access is denied.") ==
        "#Fields: sc-status sc-substatus sc-win32-status\n401 3 5\nHTTP Error 401.3 - Unauthorized\nAccess is denied.\n");
  CHECK(kb::log_group_query(w3c(403, -1, -1), "") == "#Fields: sc-status\n403\nHTTP Error 403 - Forbidden\n");
  CHECK(kb::log_group_query(w3c(599, 0, 0), "") ==
        "#Fields: sc-status sc-substatus sc-win32-status\n599 0 0\nHTTP Error 599\n");
  kb::LogGroup ftp = w3c(530, 0, 1326);
  ftp.ftp = true;
  CHECK(kb::log_group_query(ftp, "") == "#Fields: s-port sc-status sc-substatus sc-win32-status\n21 530 0 1326\n");
  CHECK(kb::log_group_query(httperr(503, "QueueFull"), "") == "HTTPERR s-reason QueueFull sc-status 503");
  CHECK(kb::log_group_query(httperr(0, "Timer_ConnectionIdle"), "") == "HTTPERR s-reason Timer_ConnectionIdle");
  kb::LogGroup other;
  other.other = true;
  CHECK(kb::log_group_query(other, "").empty());
}

TEST_CASE("article_fix gives the first step of the Fix section as plain text", "[log_articles]") {
  CHECK(kb::article_fix("<h2>Cause</h2>\n<p>x</p>\n<h2>Fix</h2>\n<ol>\n<li>Grant Read &amp; Execute to <code>IUSR</code>:\n"
                        "<pre><code>icacls</code></pre></li>\n</ol>") == "Grant Read & Execute to IUSR:");
  CHECK(kb::article_fix("<h2>Fix</h2>\n<p>Turn it <em>off</em>.</p><p>Second</p>") == "Turn it off.");
  CHECK(kb::article_fix("<h2>Cause</h2><p>x</p>").empty());
  const std::string steps = "<h2>Fix</h2><ol><li><strong>AppOffline</strong>: start it</li></ol><pre><code>x QueueFull</code></pre>"
                            "<ol start=\"2\"><li><strong>QueueFull</strong>: find the hang</li></ol><h2>See also</h2><p>QueueFull</p>";
  CHECK(kb::article_fix(steps) == "AppOffline: start it");
  CHECK(kb::article_fix(steps, "QueueFull") == "QueueFull: find the hang");
  CHECK(kb::article_fix(steps, "Timer_ConnectionIdle").empty());
  const std::string paragraph = "<h2>Fix</h2><p>Start the pool.\n2. <strong>Disabled</strong>: find who stops it.\n"
                                "3. <strong>QueueFull</strong>: find the hang.</p>";
  CHECK(kb::article_fix(paragraph) == "Start the pool. 2. Disabled: find who stops it. 3. QueueFull: find the hang.");
  CHECK(kb::article_fix(paragraph, "Disabled") == "Disabled: find who stops it.");
  CHECK(kb::article_fix("<h2>Fix</h2><p>" + std::string(40, 'w') + " " + std::string(400, 'z') + "</p>") ==
        std::string(40, 'w') + "...");
}

TEST_CASE("on the real kb, each common failure group links the article about its cause", "[log_articles][relevance]") {
  kb::Searcher& searcher = kb::test::shared_searcher(kb::test::real_kb());
  struct Row {
    kb::LogGroup group;
    const char* article;
  } rows[] = {
      {w3c(401, 3, 5), "iis-401-3-acl-on-resource"},
      {w3c(401, 1, 1326), "iis-401-1-bad-credentials"},
      {w3c(401, 1, 1385), "iis-401-1-logon-right-denied"},
      {w3c(401, 1, 1909), "iis-401-1-account-locked-disabled"},
      {w3c(401, 1, 1331), "iis-401-1-account-locked-disabled"},
      {w3c(401, 1, 2148074254), "iis-401-1-first-request-preauth"},
      {w3c(401, 2, 5), "iis-401-2-auth-method-mismatch"},
      {w3c(401, 5, 0), "iis-401-5-isapi-cgi-denied"},
      {w3c(401, 501, 0), "iis-401-501-dynamic-ip-restriction"},
      {w3c(403, 1, 5), "iis-403-1-execute-access"},
      {w3c(403, 4, 0), "iis-403-4-ssl-required"},
      {w3c(403, 6, 0), "iis-403-6-ip-restriction"},
      {w3c(403, 14, 0), "iis-403-14-directory-listing"},
      {w3c(403, 18, 0), "iis-403-18-app-pool-mismatch"},
      {w3c(404, 7, 0), "iis-404-7-extension-denied"},
      {w3c(404, 8, 0), "iis-404-8-hidden-segment"},
      {w3c(500, 19, 5), "iis-500-19-config-access-denied"},
      {w3c(500, 19, 33), "iis-500-19-locked-section"},
      {w3c(502, 5, 0), "aspnet-core-502-5-process-failure"},
      {httperr(503, "QueueFull"), "iis-503-httperr-reason-codes"},
      {httperr(503, "AppOffline"), "iis-503-httperr-reason-codes"},
      {httperr(503, "Disabled"), "iis-503-httperr-reason-codes"},
      {httperr(503, "AppShutdown"), "iis-503-httperr-reason-codes"},
      {httperr(0, "Timer_ConnectionIdle"), "iis-503-httperr-reason-codes"},
      {httperr(0, "Connection_Dropped"), "iis-503-httperr-reason-codes"},
      {httperr(400, "FieldLength"), "auth-kerberos-token-too-large"},
      {httperr(400, "RequestLength"), "auth-kerberos-token-too-large"},
  };
  kb::LogReport report;
  for (const auto& row : rows) report.groups.push_back(row.group);
  kb::attach_articles(searcher, &report);
  for (std::size_t i = 0; i < std::size(rows); ++i) {
    const kb::LogGroup& g = report.groups[i];
    CAPTURE(g.status, g.substatus, g.win32, g.reason);
    REQUIRE(g.article);
    CHECK(g.article->id == rows[i].article);
    CHECK_FALSE(g.article->title.empty());
    CHECK_FALSE(g.article->summary.empty());
  }
  CHECK(report.groups[0].article->fix.rfind("Grant Read & Execute", 0) == 0);
  for (const auto& g : report.groups) {
    if (g.reason == "QueueFull") CHECK(g.article->fix.rfind("QueueFull / AppPoolTimer", 0) == 0);
    if (g.reason == "Timer_ConnectionIdle") CHECK(g.article->fix.empty());
  }
}
