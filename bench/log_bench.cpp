// log_bench: throughput and peak memory of `kb-search --log` (parse + analysis + article lookup)
// on one core. Runs the real executable several times, pinned to one CPU, and reports each run
// and the median. Usage:
//   log_bench --kb-search build/server/kb-search --db DB --file big.log [--runs 5]
#include <sched.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <vector>

#include "log_decoder.h"

namespace {

// Bytes of text in `path` once decompressed (its size when it is not gzip).
std::uint64_t text_bytes(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot read " + path);
  kb::LogDecoder decoder([](std::string_view) {});
  std::vector<char> buf(1 << 20);
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), f)) {
    if (!decoder.feed(std::string_view(buf.data(), n))) throw std::runtime_error(path + ": " + decoder.error());
  }
  std::fclose(f);
  if (!decoder.finish()) throw std::runtime_error(path + ": " + decoder.error());
  return decoder.output_bytes();
}

struct Run {
  double seconds = 0;
  long max_rss_kb = 0;
  int status = 0;
};

// Runs argv with stdout to /dev/null, pinned to `cpu`; wall time and the child's peak RSS.
Run run_once(const std::vector<std::string>& args, int cpu) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    ::sched_setaffinity(0, sizeof set, &set);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  Run r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.max_rss_kb = usage.ru_maxrss;
  r.status = status;
  return r;
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app{"Measure kb-search --log throughput and peak RSS on one core."};
  std::string kb_search, db, file;
  int runs = 5, cpu = 0;
  app.add_option("--kb-search", kb_search, "the kb-search executable")->required();
  app.add_option("--db", db, "database folder")->required();
  app.add_option("--file", file, "the log to analyse (plain or gzip)")->required();
  app.add_option("--runs", runs, "runs (the median is reported)")->check(CLI::Range(1, 100));
  app.add_option("--cpu", cpu, "CPU to pin the runs to")->check(CLI::NonNegativeNumber);
  CLI11_PARSE(app, argc, argv);

  struct stat st{};
  if (::stat(file.c_str(), &st) != 0) throw std::runtime_error("cannot read " + file);
  const double mb = static_cast<double>(st.st_size) / 1e6;
  const double text_mb = static_cast<double>(text_bytes(file)) / 1e6;
  std::vector<Run> results;
  for (int i = 0; i < runs; ++i) {
    Run r = run_once({kb_search, "--db", db, "--log", file, "--json"}, cpu);
    if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0) throw std::runtime_error("kb-search failed");
    std::printf("run %d: %.3f s, %.1f MB/s of file, %.1f MB/s of text, peak RSS %.1f MB\n", i + 1, r.seconds, mb / r.seconds,
                text_mb / r.seconds, r.max_rss_kb / 1024.0);
    std::fflush(stdout);
    results.push_back(r);
  }
  std::sort(results.begin(), results.end(), [](const Run& a, const Run& b) { return a.seconds < b.seconds; });
  const Run& median = results[results.size() / 2];
  long max_rss = 0;
  for (const auto& r : results) max_rss = std::max(max_rss, r.max_rss_kb);
  std::printf("%s: %.1f MB (%.1f MB of text); median of %d runs %.3f s = %.1f MB/s of file, %.1f MB/s of text; peak RSS %.1f MB\n",
              file.c_str(), mb, text_mb, runs, median.seconds, mb / median.seconds, text_mb / median.seconds, max_rss / 1024.0);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "log_bench: " << e.what() << '\n';
  return 1;
}
