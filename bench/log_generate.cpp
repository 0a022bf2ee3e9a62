// log_generate: writes a realistic IIS log with a known failure mix (see log_generator.h), and
// the mix it wrote as JSON on standard error. Usage:
//   log_generate --size 1G [--httperr] [--all-failures] [--seed N] [--per-second N] [--out FILE]
// (no --out: standard output)
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "log_generator.h"

namespace {

// "1G", "200M", "64K", "1000" -> bytes.
std::uint64_t parse_size(const std::string& s) {
  std::size_t used = 0;
  const double n = std::stod(s, &used);
  std::uint64_t unit = 1;
  const std::string suffix = s.substr(used);
  if (suffix == "K" || suffix == "k") unit = 1ULL << 10;
  else if (suffix == "M" || suffix == "m") unit = 1ULL << 20;
  else if (suffix == "G" || suffix == "g") unit = 1ULL << 30;
  else if (!suffix.empty()) throw std::invalid_argument("size suffix must be K, M or G");
  return static_cast<std::uint64_t>(n * static_cast<double>(unit));
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app{"Write an IIS log with a known failure mix."};
  std::string size = "100M", out_path;
  std::uint64_t seed = 1, lines = 0, per_second = 20;
  bool httperr = false, all_failures = false;
  app.add_option("--size", size, "approximate size: 1G, 200M, 64K");
  app.add_option("--lines", lines, "number of records instead of a size");
  app.add_option("--seed", seed, "random seed");
  app.add_option("--per-second", per_second, "records per second of log time (default 20)")->check(CLI::PositiveNumber);
  app.add_flag("--httperr", httperr, "an HTTPERR log instead of a W3C one");
  app.add_flag("--all-failures", all_failures, "every record a failure (the analysis's worst case)");
  app.add_option("--out", out_path, "output file (default: standard output)");
  CLI11_PARSE(app, argc, argv);

  kb::LogGeneratorOptions o;
  o.httperr = httperr;
  o.seed = seed;
  o.records_per_second = per_second;
  if (lines > 0) {
    o.lines = lines;
  } else {
    o.bytes = parse_size(size);
  }
  if (httperr) {
    o.mix = {{503, 0, 0, "QueueFull", 0.15}, {503, 0, 0, "AppOffline", 0.05}, {400, 0, 0, "BadRequest", 0.05},
             {0, 0, 0, "Connection_Dropped", 0.1}, {0, 0, 0, "Timer_ConnectionIdle", 0.65}};
  } else {
    // About 6% failures, in the proportions a site with an authentication problem shows.
    o.mix = {{401, 2, 5, "", 0.02},   {401, 1, 1326, "", 0.012}, {401, 3, 5, "", 0.01},   {404, 0, 2, "", 0.008},
             {500, 19, 5, "", 0.004}, {403, 14, 0, "", 0.003},   {401, 5, 0, "", 0.002},  {503, 0, 0, "", 0.001}};
  }
  if (all_failures) {
    double total = 0;
    for (const auto& e : o.mix) total += e.share;
    for (auto& e : o.mix) e.share /= total;
  }
  FILE* out = out_path.empty() ? stdout : std::fopen(out_path.c_str(), "wb");
  if (!out) {
    std::cerr << "log_generate: cannot write " << out_path << '\n';
    return 1;
  }
  kb::LogGeneratorResult r = kb::generate_log(o, [&](std::string_view chunk) {
    if (std::fwrite(chunk.data(), 1, chunk.size(), out) != chunk.size()) throw std::runtime_error("write failed");
  });
  if (out != stdout && std::fclose(out) != 0) throw std::runtime_error("write failed");
  nlohmann::json mix = nlohmann::json::array();
  for (std::size_t k = 0; k < o.mix.size(); ++k) {
    mix.push_back({{"status", o.mix[k].status}, {"substatus", o.mix[k].substatus}, {"win32", o.mix[k].win32},
                   {"reason", o.mix[k].reason}, {"count", r.counts[k]}, {"first", r.first[k]}, {"last", r.last[k]}});
  }
  std::cerr << nlohmann::json{{"lines", r.lines}, {"records", r.records}, {"bytes", r.bytes}, {"mix", mix}}.dump() << '\n';
  return 0;
} catch (const std::exception& e) {
  std::cerr << "log_generate: " << e.what() << '\n';
  return 1;
}
