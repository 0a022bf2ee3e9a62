// server.h: kb-server's HTTP layer: routes (HTTP <-> search API), limits, error handling.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace kb {

struct ServerOptions {
  std::string db_path;
  // Worker threads. cpp-httplib gives each open connection a worker for as long as the client
  // keeps it alive, so this is the number of clients served at once; the others wait in the queue.
  std::size_t threads = 64;
  std::size_t max_queued = 64;               // connections waiting for a worker; more get 503
  std::size_t searchers = 4;                 // open Searchers shared by the workers (CPU-bound)
  // Requests on one connection before it is closed. Each reconnection of a busy client cost a
  // ~200 ms stall at 64 connections (p99 18-250 ms with 1000; 3 ms with this).
  std::size_t keep_alive_max_count = 100000;
  std::size_t cache_bytes = 16 << 20;        // recent /api/search answers kept; 0: no cache
  std::size_t max_body_bytes = 64 * 1024;    // larger request bodies get 413 (but logs, below)
  std::size_t max_log_bytes = 256 << 20;     // POST /api/logs and /logs bodies: larger get 413
  std::uint64_t max_log_text_bytes = 4ULL << 30;  // a log once decompressed: larger get 413
  std::size_t max_path_bytes = 256;          // longer paths get 414
  int timeout_seconds = 5;                   // read, write and keep-alive timeouts
};

// The transport settings of kb-server: worker pool with a bounded queue (503 beyond it),
// timeouts, TCP_NODELAY, keep-alive, body limit. bench/trivial_server uses the same function, so
// the benchmark compares our handler with a trivial one under identical settings.
void apply_server_settings(httplib::Server& server, const ServerOptions& options);

// Applies the settings above and installs every route, limit and handler on `server`. The
// database is opened lazily by a pool of `options.searchers` Searchers and reopened when
// kb-indexer swaps in a new one.
void configure_server(httplib::Server& server, const ServerOptions& options);

// Binds `server` to host:port (port 0: any free port) and returns the port, or -1 if it cannot.
// cpp-httplib 0.11.4 listens with a compiled-in backlog of 5: a burst of new connections
// overflows it, and the kernel drops their handshakes, which clients retry only after 1, 3, 7 s.
// This listens again on the bound socket with the system's maximum backlog.
int bind_server(httplib::Server& server, const std::string& host, int port);

// Stops `server` (its listen loop returns) on SIGINT or SIGTERM. One server per process.
void stop_on_signals(httplib::Server& server);

}  // namespace kb
