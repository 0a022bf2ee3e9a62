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
  bool open = false;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (waiting_.empty() && !free_.empty()) {
      searcher = std::move(free_.back());
      free_.pop_back();
    } else if (waiting_.empty() && opened_ < size_) {
      ++opened_;
      open = true;
    } else {
      // First come, first served: under load a request must not wait behind later ones.
      Waiter self;
      waiting_.push_back(&self);
      self.ready.wait(lock, [&] { return self.searcher || self.may_open; });
      searcher = std::move(self.searcher);
      open = self.may_open;
    }
  }
  if (open) {
    try {
      searcher = std::make_unique<Searcher>(db_path_);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      --opened_;
      hand_over_slot();
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

std::size_t SearcherPool::waiting() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return waiting_.size();
}

void SearcherPool::release(std::unique_ptr<Searcher> searcher) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (waiting_.empty()) {
    free_.push_back(std::move(searcher));
    return;
  }
  Waiter* next = waiting_.front();
  waiting_.pop_front();
  next->searcher = std::move(searcher);
  next->ready.notify_one();
}

void SearcherPool::hand_over_slot() {
  // A Searcher failed to open: the first waiter may try instead.
  if (waiting_.empty() || opened_ >= size_) return;
  Waiter* next = waiting_.front();
  waiting_.pop_front();
  ++opened_;
  next->may_open = true;
  next->ready.notify_one();
}

}  // namespace kb
