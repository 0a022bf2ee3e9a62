// thread_pool.cpp: see thread_pool.h.
#include "thread_pool.h"

namespace kb {
namespace {
thread_local bool t_overloaded = false;
}  // namespace

BoundedThreadPool::BoundedThreadPool(std::size_t threads, std::size_t max_queued) : max_queued_(max_queued) {
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(work_, false); });
  threads_.emplace_back([this] { run(overflow_, true); });
}

BoundedThreadPool::~BoundedThreadPool() { shutdown(); }

bool BoundedThreadPool::overloaded() { return t_overloaded; }

void BoundedThreadPool::enqueue(std::function<void()> fn) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Queue& q = work_.jobs.size() < max_queued_ ? work_ : overflow_;
    q.jobs.push_back(std::move(fn));
    q.ready.notify_one();
  }
}

void BoundedThreadPool::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shutdown_) return;
    shutdown_ = true;
  }
  work_.ready.notify_all();
  overflow_.ready.notify_all();
  for (auto& t : threads_) t.join();
}

void BoundedThreadPool::run(Queue& queue, bool overflow) {
  t_overloaded = overflow;
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      queue.ready.wait(lock, [&] { return shutdown_ || !queue.jobs.empty(); });
      if (queue.jobs.empty()) return;  // shut down and drained
      fn = std::move(queue.jobs.front());
      queue.jobs.pop_front();
    }
    fn();
  }
}

}  // namespace kb
