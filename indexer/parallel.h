// parallel.h: run independent steps of indexing (parsing articles, building documents) on
// several cores. A build of 100k articles is otherwise bound to one core.
#pragma once

#include <cstddef>
#include <functional>

namespace kb {

// Threads worth using: the machine's cores (at least 1, at most 16).
std::size_t worker_count();

// Calls fn(worker, i) for every i in [0, n) on up to `workers` threads (worker in [0, workers)),
// items handed out in order as threads become free. fn must be safe to call concurrently with
// different i; calls with the same worker never overlap. Rethrows the first exception thrown.
void parallel_for(std::size_t n, std::size_t workers, const std::function<void(std::size_t, std::size_t)>& fn);

}  // namespace kb
