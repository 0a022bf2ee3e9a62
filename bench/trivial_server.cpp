// trivial_server: the HTTP layer's ceiling. cpp-httplib with exactly kb-server's transport
// settings (apply_server_settings: worker pool and queue bound, timeouts, TCP_NODELAY,
// keep-alive) and one handler that answers /api/search with a constant JSON body, without
// searching. bench.sh runs the same wrk load against it and against kb-server.
// Usage: trivial_server [--host 127.0.0.1] [--port 0] [--threads 64]
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "server.h"

int main(int argc, char** argv) try {
  CLI::App app{"A trivial cpp-httplib server with kb-server's settings, for benchmarks."};
  kb::ServerOptions options;
  std::string host = "127.0.0.1";
  int port = 0;
  app.add_option("--host", host, "address to listen on");
  app.add_option("--port", port, "port to listen on (0: any free port)")->check(CLI::Range(0, 65535));
  app.add_option("--threads", options.threads, "worker threads (as kb-server --threads)")->check(CLI::Range(1, 1024));
  CLI11_PARSE(app, argc, argv);

  httplib::Server server;
  kb::apply_server_settings(server, options);
  server.Get("/api/search", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"query":"","total":0,"results":[]})", "application/json; charset=utf-8");
  });
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", "application/json; charset=utf-8");
  });
  kb::stop_on_signals(server);
  port = kb::bind_server(server, host, port);  // as kb-server: with the system's listen backlog
  if (port < 0) {
    std::cerr << "trivial_server: cannot listen on " << host << '\n';
    return 1;
  }
  std::printf("trivial_server: listening on http://%s:%d/\n", host.c_str(), port);
  std::fflush(stdout);
  server.listen_after_bind();
  return 0;
} catch (const std::exception& e) {
  std::cerr << "trivial_server: " << e.what() << '\n';
  return 1;
}
