// searcher_pool.cpp: see searcher_pool.h.
#include "searcher_pool.h"

#include <algorithm>

namespace kb {

SearcherPool::SearcherPool(std::string db_path, std::size_t size)
    : db_path_(std::move(db_path)), size_(std::max<std::size_t>(1, size)) {}

SearcherPool::Lease::~Lease() {
  if (searcher_) pool_->release(std::move(searcher_));
}

SearcherPool::Lease SearcherPool::acquire() {
  std::unique_ptr<Searcher> searcher;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    available_.wait(lock, [&] { return !free_.empty() || opened_ < size_; });
    if (!free_.empty()) {
      searcher = std::move(free_.back());
      free_.pop_back();
    } else {
      ++opened_;
    }
  }
  if (!searcher) {
    try {
      searcher = std::make_unique<Searcher>(db_path_);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      --opened_;
      available_.notify_one();
      throw;
    }
    return Lease(this, std::move(searcher));
  }
  Lease lease(this, std::move(searcher));
  lease->refresh();  // if this throws, the lease still returns the Searcher
  return lease;
}

std::size_t SearcherPool::opened() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return opened_;
}

void SearcherPool::release(std::unique_ptr<Searcher> searcher) {
  std::lock_guard<std::mutex> lock(mutex_);
  free_.push_back(std::move(searcher));
  available_.notify_one();
}

}  // namespace kb
