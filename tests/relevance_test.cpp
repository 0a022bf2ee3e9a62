// Ranking quality over the public evaluation cases (tests/data/public.jsonl, real pastes with the
// articles that answer them) and the development cases (tests/data/dev.jsonl), on the real
// knowledge base. The public floors are issue 4's: Top-1 0.90 and MRR@10 0.93.
#include <catch2/catch.hpp>

#include <algorithm>

#include "evaluation.h"
#include "test_util.h"

namespace {

kb::Searcher& real_searcher() { return kb::test::shared_searcher(kb::test::real_kb()); }

// The real kb's scores over the cases of tests/data/`file`, which must hold at least `at_least`.
kb::EvalReport evaluate_file(const std::string& file, std::size_t at_least) {
  std::vector<std::string> errors;
  auto cases = kb::parse_eval_cases(kb::test::read_text(kb::test::tests_dir() + "/data/" + file), &errors);
  CHECK(errors.empty());
  REQUIRE(cases.size() >= at_least);
  kb::EvalReport report = kb::evaluate(real_searcher(), cases);
  for (const auto& [kind, s] : report.by_kind) {
    UNSCOPED_INFO(file << " " << kind << ": top1 " << s.top1 << ", mrr " << s.mrr << " over " << s.cases);
  }
  return report;
}

}  // namespace

TEST_CASE("on the real kb, an IIS 401.3 error title ranks the 401.3 article first", "[relevance]") {
  kb::SearchRequest r;
  r.query = "HTTP Error 401.3 - Unauthorized";
  auto response = real_searcher().search(r);
  REQUIRE_FALSE(response.hits.empty());
  CHECK(response.hits[0].id == "iis-401-3-acl-on-resource");
}

TEST_CASE("on the real kb, a localised \"Access is denied.\" is also searched as the English message", "[relevance]") {
  for (const char* message : {"Acceso denegado.", "Zugriff verweigert", "Accesso negato."}) {
    CAPTURE(message);
    kb::SearchRequest r;
    r.query = message;
    auto response = real_searcher().search(r);
    REQUIRE_FALSE(response.hits.empty());
    const auto& terms = response.hits[0].matched_terms;
    CHECK(std::find(terms.begin(), terms.end(), "denied") != terms.end());
  }
}

TEST_CASE("on the real kb, a Windows logon failure ranks the IIS article above the Windows one only when a web server shows", "[relevance]") {
  auto rank_of = [](const std::string& q, const std::string& id) {
    kb::SearchRequest r;
    r.query = q;
    const auto hits = real_searcher().search(r).hits;
    auto it = std::find_if(hits.begin(), hits.end(), [&](const kb::SearchHit& h) { return h.id == id; });
    return static_cast<std::size_t>(it - hits.begin());
  };
  const std::string windows = "win-account-disabled-expired", iis = "iis-401-1-account-locked-disabled";
  const std::string event = "An account failed to log on. Status: 0xC000006E Sub Status: 0xC0000072";
  CHECK(rank_of(event, windows) < rank_of(event, iis));
  const std::string site = "IIS returns 401.1 Unauthorized. " + event;
  CHECK(rank_of(site, iis) < rank_of(site, windows));
}

TEST_CASE("the real kb answers the public cases with Top-1 0.90 and MRR@10 0.93 or better", "[relevance]") {
  kb::EvalReport report = evaluate_file("public.jsonl", 100);
  CHECK(report.all.top1 >= 0.90);
  CHECK(report.all.mrr >= 0.93);
}

TEST_CASE("the real kb answers the development cases no worse than Top-1 0.75 and MRR@10 0.81", "[relevance]") {
  // tests/data/dev.jsonl: 204 cases written from public threads (each names its source) by people
  // who never saw the public cases or ran the engine; a second sample to check that a change helps
  // in general, not only on the public cases.
  kb::EvalReport report = evaluate_file("dev.jsonl", 200);
  CHECK(report.all.top1 >= 0.75);
  CHECK(report.all.mrr >= 0.81);
}

TEST_CASE("parse_eval_cases reads cases and reports bad lines", "[relevance]") {
  std::vector<std::string> errors;
  auto cases = kb::parse_eval_cases(
      "{\"q\": \"401.3\", \"expect\": [\"a\", \"b\"], \"kind\": \"code-only\"}\n\nnot json\n{\"q\": 1}\n", &errors);
  REQUIRE(cases.size() == 1);
  CHECK(cases[0].expect == std::vector<std::string>{"a", "b"});
  CHECK(cases[0].kind == "code-only");
  CHECK(errors == std::vector<std::string>{
                      "line 3: expected {\"q\": text, \"expect\": [ids], \"kind\": text}",
                      "line 4: expected {\"q\": text, \"expect\": [ids], \"kind\": text}",
                  });
}
