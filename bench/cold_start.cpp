// cold_start: starts a server command and measures the time from process start to the first
// 200 answer of a URL path on it (kb-server: the first successful /api/search). Leaves the
// server running and prints "PID MILLISECONDS", so bench.sh can go on to load it and stop it.
// Usage: cold_start --port 18700 [--path /api/search?q=401.3] [--timeout 30] [--log FILE]
//        -- kb-server --db db --port 18700
#include <httplib.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

extern char** environ;

int main(int argc, char** argv) try {
  CLI::App app{"Time from starting a server to its first 200 answer."};
  int port = 0;
  std::string path = "/api/search?q=401.3", host = "127.0.0.1";
  double timeout = 30;
  std::string log = "/dev/null";
  std::vector<std::string> command;
  app.add_option("--port", port, "port the server listens on")->required();
  app.add_option("--host", host, "address the server listens on");
  app.add_option("--path", path, "path to ask for until it answers 200");
  app.add_option("--timeout", timeout, "give up after this many seconds");
  app.add_option("--log", log, "file for the server's output (default /dev/null)");
  app.add_option("command", command, "the server command line")->required();
  CLI11_PARSE(app, argc, argv);

  std::vector<char*> args;
  for (auto& a : command) args.push_back(a.data());
  args.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  // The server's output goes to the log: it outlives this process, and must not hold our
  // standard output open.
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, args[0], &files, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  if (rc != 0) {
    std::cerr << "cold_start: cannot start " << command[0] << '\n';
    return 1;
  }
  httplib::Client client(host, port);
  client.set_connection_timeout(0, 200000);
  client.set_read_timeout(5, 0);
  for (;;) {
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (auto r = client.Get(path.c_str()); r && r->status == 200) {
      std::printf("%d %.1f\n", static_cast<int>(pid), ms);
      return 0;
    }
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      std::cerr << "cold_start: the server exited before answering\n";
      return 1;
    }
    if (ms > timeout * 1000) {
      ::kill(pid, SIGTERM);
      std::cerr << "cold_start: no 200 answer within " << timeout << " s\n";
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
} catch (const std::exception& e) {
  std::cerr << "cold_start: " << e.what() << '\n';
  return 1;
}
