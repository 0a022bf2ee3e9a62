// response_cache.cpp: see response_cache.h.
#include "response_cache.h"

#include <sys/stat.h>

#include <filesystem>

#include "schema.h"

namespace kb {

std::shared_ptr<const std::string> ResponseCache::get(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  entries_.splice(entries_.begin(), entries_, it->second);
  return it->second->second;
}

void ResponseCache::put(const std::string& key, std::shared_ptr<const std::string> body) {
  if (!body) return;
  const std::size_t size = key.size() + body->size();
  if (size > max_bytes_ / 4) return;  // one answer never pushes out most of the others
  std::lock_guard<std::mutex> lock(mutex_);
  if (index_.count(key)) return;
  entries_.emplace_front(key, std::move(body));
  index_.emplace(key, entries_.begin());
  bytes_ += size;
  while (bytes_ > max_bytes_ && !entries_.empty()) {
    const Entry& old = entries_.back();
    bytes_ -= old.first.size() + old.second->size();
    index_.erase(old.first);
    entries_.pop_back();
  }
}

std::size_t ResponseCache::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

std::optional<std::string> database_generation(const std::string& db_path) {
  const std::string live = (std::filesystem::path(db_path) / kLiveDbName).string();
  struct stat st {};
  if (::stat(live.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
}

}  // namespace kb
