// searcher_pool.h: the Searchers kb-server's workers share. A worker thread holds a connection
// for as long as the client keeps it alive, so kb-server runs many workers (one per concurrent
// client); a Searcher (an open database with its caches) is needed only while a request runs, so
// a few, about one per core, serve them all instead of one per worker.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "searcher.h"

namespace kb {

// Thread-safe. Searchers are opened on first use, at most `size` of them; requests that find
// none free wait in arrival order.
class SearcherPool {
 public:
  SearcherPool(std::string db_path, std::size_t size);
  SearcherPool(const SearcherPool&) = delete;
  SearcherPool& operator=(const SearcherPool&) = delete;

  // One Searcher for the length of a request; returned to the pool when the lease ends.
  class Lease {
   public:
    Lease(Lease&& other) noexcept : pool_(other.pool_), searcher_(std::move(other.searcher_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Searcher& operator*() const { return *searcher_; }
    Searcher* operator->() const { return searcher_.get(); }

   private:
    friend class SearcherPool;
    Lease(SearcherPool* pool, std::unique_ptr<Searcher> searcher) : pool_(pool), searcher_(std::move(searcher)) {}
    SearcherPool* pool_;
    std::unique_ptr<Searcher> searcher_;
  };

  // Waits for a free Searcher and reopens it if kb-indexer swapped in a new database. Throws
  // Xapian::Error if the database cannot be opened.
  Lease acquire();

  // Searchers opened so far.
  std::size_t opened() const;
  // Requests waiting for a Searcher.
  std::size_t waiting() const;

 private:
  // A request waiting for a Searcher: handed one by release(), or allowed to open one.
  struct Waiter {
    std::condition_variable ready;
    std::unique_ptr<Searcher> searcher;
    bool may_open = false;
  };
  void release(std::unique_ptr<Searcher> searcher);
  void hand_over_slot();  // with mutex_ held

  std::string db_path_;
  std::size_t size_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Searcher>> free_;
  std::deque<Waiter*> waiting_;
  std::size_t opened_ = 0;
};

}  // namespace kb
