// thread_pool.h: kb-server's worker pool. cpp-httplib's own pool queues connections without a
// bound, so under overload every client waits; this one keeps at most `max_queued` connections
// waiting and hands the rest to an overflow thread whose requests are answered 503 at once.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kb {

class BoundedThreadPool : public httplib::TaskQueue {
 public:
  BoundedThreadPool(std::size_t threads, std::size_t max_queued);
  ~BoundedThreadPool() override;
  BoundedThreadPool(const BoundedThreadPool&) = delete;
  BoundedThreadPool& operator=(const BoundedThreadPool&) = delete;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

  // True on the overflow thread: the request should be refused with 503.
  static bool overloaded();

 private:
  struct Queue {
    std::deque<std::function<void()>> jobs;
    std::condition_variable ready;
  };
  void run(Queue& queue, bool overflow);

  std::size_t max_queued_;
  std::mutex mutex_;
  bool shutdown_ = false;
  Queue work_, overflow_;
  std::vector<std::thread> threads_;
};

}  // namespace kb
