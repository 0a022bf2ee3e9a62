// Tests of ResponseCache (bounded LRU of /api/search answers) and database_generation.
#include <catch2/catch.hpp>

#include "response_cache.h"
#include "test_util.h"

TEST_CASE("ResponseCache returns what was put and forgets the least recently used first", "[response_cache]") {
  kb::ResponseCache cache(400);  // room for four entries of 99 bytes (key and body)
  const std::string body(96, 'x');
  auto put = [&](kb::ResponseCache& c, const std::string& k, const std::string& b) {
    c.put(k, std::make_shared<const std::string>(b));
  };
  auto get = [&](kb::ResponseCache& c, const std::string& k) -> std::optional<std::string> {
    auto b = c.get(k);
    if (!b) return std::nullopt;
    return *b;
  };
  for (const char* k : {"k1", "k2", "k3", "k4"}) put(cache, k, body + k[1]);
  REQUIRE(get(cache, "k1") == body + "1");  // k1 is now the most recent; k2 the least
  put(cache, "k5", body + "5");
  CHECK(get(cache, "k2") == std::nullopt);
  for (const char* k : {"k1", "k3", "k4", "k5"}) CHECK(get(cache, k) == body + k[1]);
  CHECK(cache.bytes() <= 400);
}

TEST_CASE("ResponseCache keeps nothing when off, and no answer bigger than a quarter of it", "[response_cache]") {
  kb::ResponseCache off(0);
  off.put("k", std::make_shared<const std::string>("body"));
  CHECK_FALSE(off.enabled());
  CHECK(off.get("k") == nullptr);
  kb::ResponseCache small(100);
  small.put("big", std::make_shared<const std::string>(30, 'x'));
  CHECK(small.get("big") == nullptr);
  small.put("ok", std::make_shared<const std::string>(20, 'x'));
  REQUIRE(small.get("ok"));
  CHECK(*small.get("ok") == std::string(20, 'x'));
}

TEST_CASE("database_generation changes when kb-indexer swaps in a new database", "[response_cache]") {
  kb::test::TempDir db;
  CHECK(kb::database_generation(db.path()) == std::nullopt);  // no database yet
  kb::test::build_db(kb::test::fixture_kb(), db.path());
  auto first = kb::database_generation(db.path());
  REQUIRE(first);
  CHECK(kb::database_generation(db.path()) == first);
  kb::test::build_db(kb::test::fixture_kb(), db.path());
  auto second = kb::database_generation(db.path());
  REQUIRE(second);
  CHECK(second != first);
  // A database path that is not a kb-indexer folder has no generation: it is never cached.
  CHECK(kb::database_generation(db / "kb.glass") == std::nullopt);
}
