// server.h: kb-server's HTTP layer: routes (HTTP <-> search API), limits, error handling.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace kb {

struct ServerOptions {
  std::string db_path;
  std::size_t threads = 8;                   // worker threads (each holds its own Searcher)
  std::size_t max_queued = 64;               // connections waiting for a worker; more get 503
  std::size_t max_body_bytes = 64 * 1024;    // larger request bodies get 413 (but logs, below)
  std::size_t max_log_bytes = 256 << 20;     // POST /api/logs and /logs bodies: larger get 413
  std::uint64_t max_log_text_bytes = 4ULL << 30;  // a log once decompressed: larger get 413
  std::size_t max_path_bytes = 256;          // longer paths get 414
  int timeout_seconds = 5;                   // read, write and keep-alive timeouts
};

// Installs every route, limit and handler on `server`. The database is opened lazily, once per
// worker thread, and reopened when kb-indexer swaps in a new one.
void configure_server(httplib::Server& server, const ServerOptions& options);

}  // namespace kb
