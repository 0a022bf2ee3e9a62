// Tests of SearcherPool: a bounded number of Searchers shared by many threads, each reopened
// when kb-indexer swaps in a new database.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <filesystem>
#include <thread>

#include "searcher_pool.h"
#include "test_util.h"

namespace fs = std::filesystem;

TEST_CASE("a SearcherPool opens at most its size of Searchers however many threads ask", "[searcher_pool]") {
  kb::test::TempDir db;
  kb::test::build_db(kb::test::fixture_kb(), db.path());
  kb::SearcherPool pool(db.path(), 2);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        auto s = pool.acquire();
        kb::SearchRequest r;
        r.query = "401.3";
        if (s->search(r).hits.empty()) failures += 1;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failures == 0);
  CHECK(pool.opened() >= 1);
  CHECK(pool.opened() <= 2);
}

TEST_CASE("requests waiting for a Searcher are served in arrival order", "[searcher_pool]") {
  kb::test::TempDir db;
  kb::test::build_db(kb::test::fixture_kb(), db.path());
  kb::SearcherPool pool(db.path(), 1);
  auto held = std::make_unique<kb::SearcherPool::Lease>(pool.acquire());
  std::mutex m;
  std::vector<int> order;
  auto request = [&](int n) {
    auto s = pool.acquire();
    std::lock_guard<std::mutex> lock(m);
    order.push_back(n);
  };
  std::thread first(request, 1);
  while (pool.waiting() < 1) std::this_thread::yield();
  std::thread second(request, 2);
  while (pool.waiting() < 2) std::this_thread::yield();
  held.reset();  // the only Searcher goes to the first waiter, then to the second
  first.join();
  second.join();
  CHECK(order == std::vector<int>{1, 2});
}

TEST_CASE("a SearcherPool lease sees the database kb-indexer swapped in", "[searcher_pool]") {
  kb::test::TempDir db, changed;
  kb::test::build_db(kb::test::fixture_kb(), db.path());
  kb::SearcherPool pool(db.path(), 1);
  const std::string id = "iis-401-3-acl-on-resource";
  const std::string before = pool.acquire()->article(id)->title;
  fs::copy(kb::test::fixture_kb(), changed.path(), fs::copy_options::recursive);
  const std::string path = changed / ("iis-401/" + id + ".md");
  std::string text = kb::test::read_text(path);
  text.replace(text.find("title: \"") + 8, 0, "[B] ");
  kb::test::write_text(path, text);
  kb::test::build_db(changed.path(), db.path());
  CHECK(pool.acquire()->article(id)->title == "[B] " + before);
  CHECK(pool.opened() == 1);
}

TEST_CASE("a broken database swapped in fails every lease until a good one replaces it", "[searcher_pool]") {
  kb::test::TempDir db;
  kb::test::build_db(kb::test::fixture_kb(), db.path());
  kb::SearcherPool pool(db.path(), 1);
  REQUIRE(pool.acquire()->article_count() > 0);
  kb::test::write_text(db / "garbage", std::string(4096, 'x'));
  REQUIRE(std::rename((db / "garbage").c_str(), (db / "kb.glass").c_str()) == 0);
  for (int i = 0; i < 3; ++i) CHECK_THROWS_AS(pool.acquire(), Xapian::DatabaseError);
  kb::test::build_db(kb::test::fixture_kb(), db.path());
  CHECK(pool.acquire()->article_count() > 0);
  CHECK(pool.opened() == 1);
}
