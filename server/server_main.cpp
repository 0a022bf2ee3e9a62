// kb-server: the web UI and JSON API over the knowledge base (see CONTRACT.md).
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <thread>

#include "searcher.h"
#include "server.h"

int main(int argc, char** argv) try {
  CLI::App app{"Serve the Access Denied knowledge base over HTTP."};
  kb::ServerOptions options;
  std::string host = "127.0.0.1";
  int port = 8080;
  app.add_option("--db", options.db_path, "database folder written by kb-indexer")->required();
  app.add_option("--host", host, "address to listen on");
  app.add_option("--port", port, "port to listen on (0: any free port)")->check(CLI::Range(0, 65535));
  app.add_option("--threads", options.threads, "worker threads: clients served at once (default 64)")
      ->check(CLI::Range(1, 1024));
  app.add_option("--searchers", options.searchers, "open databases shared by the workers (default 4)")
      ->check(CLI::Range(1, 256));
  std::size_t cache_mb = options.cache_bytes >> 20;
  app.add_option("--cache-mb", cache_mb, "memory for recent /api/search answers, in MB (default 16; 0: off)")
      ->check(CLI::Range(0, 4096));
  app.add_option("--max-log-bytes", options.max_log_bytes,
                 "largest log body of POST /api/logs and /logs (default 256 MiB; other bodies: 64 KiB)")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 40));
  app.add_option("--max-log-text-bytes", options.max_log_text_bytes,
                 "largest log once gzip is decompressed (default 4 GiB)")
      ->check(CLI::Range(std::uint64_t{1024}, std::uint64_t{1} << 44));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  options.cache_bytes = cache_mb << 20;

  // Fail fast on a missing or unreadable database rather than on the first request.
  kb::Searcher probe(options.db_path);

  httplib::Server server;
  kb::configure_server(server, options);
  kb::stop_on_signals(server);
  const int wanted = port;
  port = kb::bind_server(server, host, port);
  if (port < 0) {
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(wanted) + " (is it in use?)");
  }
  std::printf("kb-server: %zu articles; listening on http://%s:%d/\n", probe.article_count(), host.c_str(), port);
  std::fflush(stdout);
  server.listen_after_bind();
  return 0;
} catch (const Xapian::Error& e) {
  std::cerr << "kb-server: " << e.get_description() << '\n';
  return 1;
} catch (const std::exception& e) {
  std::cerr << "kb-server: " << e.what() << '\n';
  return 1;
}
