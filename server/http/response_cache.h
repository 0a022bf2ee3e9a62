// response_cache.h: recent /api/search answers, so a paste many users send at once (the same
// error page during an outage) is searched once. Keyed by the database generation as well as the
// request, so an answer never outlives the index it came from.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace kb {

// A bounded least-recently-used map from request keys to response bodies. Thread-safe.
class ResponseCache {
 public:
  // Holds at most `max_bytes` of keys and bodies; 0 turns the cache off.
  explicit ResponseCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  // The body, shared: the lock is held only to find it, never to copy it (64 workers share
  // this cache).
  std::shared_ptr<const std::string> get(const std::string& key);
  void put(const std::string& key, std::shared_ptr<const std::string> body);
  bool enabled() const { return max_bytes_ > 0; }
  std::size_t bytes() const;

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const std::string>>;  // key, body
  std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::size_t bytes_ = 0;
};

// The generation of the database kb-server serves: the identity (device and inode) of the live
// DIR/kb.glass, which kb-indexer replaces on every build. nullopt for any other database path (a
// stub file of shards may change without a new inode), which is then not cached.
std::optional<std::string> database_generation(const std::string& db_path);

}  // namespace kb
