// log_generator.cpp: see log_generator.h.
#include "log_generator.h"

#include <cstdio>
#include <stdexcept>

namespace kb {
namespace {

// splitmix64: small, fast, and the same on every platform.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

const char* const kUrls[] = {"/app/default.aspx", "/app/reports/q3.aspx", "/app/images/logo.png", "/api/orders",
                             "/api/items/42", "/admin/", "/scripts/site.js", "/content/site.css", "/", "/favicon.ico"};
const char* const kQueries[] = {"-", "-", "-", "id=7", "page=2&sort=name"};
const char* const kUsers[] = {"-", "-", "-", "CONTOSO\\alice", "CONTOSO\\bob", "CONTOSO\\carol", "svc_build"};
const char* const kAgents[] = {
    "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/120.0.0.0+Safari/537.36",
    "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:121.0)+Gecko/20100101+Firefox/121.0",
    "Mozilla/4.0+(compatible;+MSIE+7.0;+Windows+NT+10.0;+Win64;+x64;+Trident/7.0)",
    "curl/8.4.0",
};
const char* const kReferers[] = {"-", "-", "https://intranet.contoso.com/app/", "https://intranet.contoso.com/"};
const char* const kPools[] = {"DefaultAppPool", "AppPool_Web", "AppPool_Api"};

// Seconds since 1970 of "YYYY-MM-DD HH:MM:SS".
std::int64_t parse_start(const std::string& s) {
  int y, mo, d, h, mi, se;
  if (std::sscanf(s.c_str(), "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &se) != 6) {
    throw std::invalid_argument("start must be YYYY-MM-DD HH:MM:SS");
  }
  const int yy = y - (mo <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(yy - era * 400);
  const unsigned doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
  return days * 86400 + h * 3600 + mi * 60 + se;
}

// Writes "YYYY-MM-DD HH:MM:SS" for `seconds` into out (19 bytes).
void format_time(std::int64_t seconds, char* out) {
  std::int64_t days = seconds / 86400;
  const std::int64_t in_day = seconds % 86400;
  days += 719468;
  const std::int64_t era = days / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const unsigned y = static_cast<unsigned>(yoe + era * 400 + (m <= 2));
  const unsigned h = static_cast<unsigned>(in_day / 3600), mi = static_cast<unsigned>(in_day / 60 % 60),
                 s = static_cast<unsigned>(in_day % 60);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04u-%02u-%02u %02u:%02u:%02u", y % 10000, m, d, h % 24, mi % 60, s % 60);
  std::copy(buf, buf + 19, out);
}

}  // namespace

LogGeneratorResult generate_log(const LogGeneratorOptions& o, const std::function<void(std::string_view)>& write) {
  if (o.lines == 0 && o.bytes == 0) throw std::invalid_argument("give a number of lines or bytes");
  LogGeneratorResult result;
  result.counts.assign(o.mix.size(), 0);
  result.first.assign(o.mix.size(), "");
  result.last.assign(o.mix.size(), "");
  Random random{o.seed};
  const std::int64_t start = parse_start(o.start);
  std::string out;
  out.reserve(1 << 17);
  auto flush = [&] {
    write(out);
    result.bytes += out.size();
    out.clear();
  };
  char stamp[20] = {};
  format_time(start, stamp);
  if (o.directives) {
    if (o.httperr) {
      out += "#Software: Microsoft HTTP API 2.0\r\n#Version: 1.0\r\n#Date: " + std::string(stamp, 19) +
             "\r\n#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid sc-status s-siteid "
             "s-reason s-queuename\r\n";
    } else {
      out += "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: " +
             std::string(stamp, 19) +
             "\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
             "cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";
    }
    result.lines += 4;
  }
  char line[1024];
  for (std::uint64_t i = 0;; ++i) {
    if (o.lines > 0 && result.records >= o.lines) break;
    if (o.bytes > 0 && result.bytes + out.size() >= o.bytes) break;
    const std::int64_t now = start + static_cast<std::int64_t>(i / std::max<std::uint64_t>(o.records_per_second, 1));
    format_time(now, stamp);
    // Which entry of the mix this line is, if any.
    double u = random.unit();
    std::size_t chosen = o.mix.size();
    for (std::size_t k = 0; k < o.mix.size(); ++k) {
      if (u < o.mix[k].share) {
        chosen = k;
        break;
      }
      u -= o.mix[k].share;
    }
    if (o.httperr && chosen == o.mix.size()) {
      // The filler of an HTTPERR log is idle connections: count them if the mix names them.
      for (std::size_t k = 0; k < o.mix.size(); ++k) {
        if (o.mix[k].status == 0 && o.mix[k].reason == "Timer_ConnectionIdle") chosen = k;
      }
    }
    const char* url = kUrls[random.below(std::size(kUrls))];
    const unsigned client = static_cast<unsigned>(random.below(250) + 1), client2 = static_cast<unsigned>(random.below(250) + 1);
    int n;
    if (o.httperr) {
      const LogMixEntry* e = chosen < o.mix.size() ? &o.mix[chosen] : nullptr;
      const std::string reason = e ? e->reason : "Timer_ConnectionIdle";
      const int status = e ? e->status : 0;
      const char* pool = kPools[random.below(std::size(kPools))];
      if (status == 0) {
        n = std::snprintf(line, sizeof line, "%.10s %.8s 10.1.%u.%u %u 10.0.0.5 443 - - - - - - %s -\r\n", stamp, stamp + 11,
                          client, client2, 49152 + static_cast<unsigned>(random.below(16000)), reason.c_str());
      } else {
        n = std::snprintf(line, sizeof line, "%.10s %.8s 10.1.%u.%u %u 10.0.0.5 443 HTTP/1.1 GET %s - %d %u %s %s\r\n", stamp,
                          stamp + 11, client, client2, 49152 + static_cast<unsigned>(random.below(16000)), url, status,
                          1 + static_cast<unsigned>(random.below(3)), reason.c_str(), pool);
      }
    } else {
      int status = 200, sub = 0;
      std::int64_t win32 = 0;
      if (chosen < o.mix.size()) {
        status = o.mix[chosen].status;
        sub = o.mix[chosen].substatus;
        win32 = o.mix[chosen].win32;
      } else {
        const double v = random.unit();
        if (v < 0.08) status = 304;
        else if (v < 0.1) status = 302;
      }
      n = std::snprintf(line, sizeof line, "%.10s %.8s 10.0.0.5 GET %s %s 443 %s 10.1.%u.%u %s %s %d %d %lld %u\r\n", stamp,
                        stamp + 11, url, kQueries[random.below(std::size(kQueries))],
                        kUsers[random.below(std::size(kUsers))], client, client2, kAgents[random.below(std::size(kAgents))],
                        kReferers[random.below(std::size(kReferers))], status, sub, static_cast<long long>(win32),
                        static_cast<unsigned>(random.below(900) + 1));
    }
    out.append(line, static_cast<std::size_t>(n));
    ++result.records;
    ++result.lines;
    if (chosen < o.mix.size()) {
      ++result.counts[chosen];
      if (result.first[chosen].empty()) result.first[chosen].assign(stamp, 19);
      result.last[chosen].assign(stamp, 19);
    }
    if (out.size() >= (1 << 16)) flush();
  }
  flush();
  return result;
}

}  // namespace kb
