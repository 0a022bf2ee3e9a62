// server.cpp: routes and request hygiene for kb-server (see server.h and CONTRACT.md).
#include "server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <xapian.h>

#include <algorithm>
#include <csignal>
#include <charconv>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "html.h"
#include "log_articles.h"
#include "log_input.h"
#include "log_report_json.h"
#include "response_cache.h"
#include "response_json.h"
#include "searcher.h"
#include "searcher_pool.h"
#include "text.h"
#include "thread_pool.h"
#include "views.h"

namespace kb {
namespace {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kHtml = "text/html; charset=utf-8";
constexpr std::size_t kMaxOffset = 10000;

// A request the client got wrong: answered with its status and a JSON (or HTML) error.
struct BadRequest {
  int status;
  std::string message;
};

bool is_api(const Request& req) { return req.path.rfind("/api/", 0) == 0 || req.path == "/healthz"; }

void send_json(Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(dump_json(body), kJson);
}

void send_error(const Request& req, Response& res, int status, const std::string& message) {
  res.status = status;
  if (is_api(req)) {
    res.set_content(dump_json({{"error", message}}), kJson);
  } else if (status == 404) {
    res.set_content(not_found_page(sanitize_utf8(req.path)), kHtml);
  } else {
    res.set_content(error_page(status, message), kHtml);
  }
}

std::size_t parse_size(const Request& req, const char* name, std::size_t fallback, std::size_t min, std::size_t max) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  std::size_t n = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || ptr != v.data() + v.size() || n < min || n > max) {
    throw BadRequest{400, std::string(name) + " must be a whole number from " + std::to_string(min) + " to " +
                              std::to_string(max)};
  }
  return n;
}

std::string filter_param(const Request& req, const char* name) {
  if (!req.has_param(name)) return {};
  std::string v = req.get_param_value(name);
  if (v.size() > 100 || !is_valid_utf8(v)) throw BadRequest{400, std::string(name) + " is not valid"};
  return v;
}

// The search request of GET ?q= or POST (body = the pasted text, or JSON {"q": ...}).
SearchRequest read_search_request(const Request& req) {
  SearchRequest r;
  if (req.method == "POST") {
    const std::string type = req.get_header_value("Content-Type");
    if (type.rfind("application/json", 0) == 0) {
      json j = json::parse(req.body, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("q") || !j["q"].is_string()) {
        throw BadRequest{400, "expected a JSON object with a string \"q\""};
      }
      r.query = j["q"].get<std::string>();
    } else if (type.rfind("application/x-www-form-urlencoded", 0) == 0) {
      r.query = req.get_param_value("q");
    } else {
      r.query = req.body;
    }
  } else {
    r.query = req.get_param_value("q");
  }
  if (r.query.find_first_not_of(" \t\r\n") == std::string::npos) throw BadRequest{400, "missing q: the text to search for"};
  r.limit = parse_size(req, "limit", 10, 1, kMaxLimit);
  r.offset = parse_size(req, "offset", 0, 0, kMaxOffset);
  r.category = filter_param(req, "category");
  r.product = filter_param(req, "product");
  return r;
}

// Routes that take a whole log as their body, up to max_log_bytes.
bool is_log_upload(const Request& req) { return req.method == "POST" && (req.path == "/api/logs" || req.path == "/logs"); }

// Routes that read their body through a ContentReader: over their limit, they read the rest of
// the body and drop it, so the client (which may still be sending) reads the 413.
bool reads_own_body(const Request& req) {
  return is_log_upload(req) || (req.method == "POST" && (req.path == "/api/search" || req.path == "/search"));
}

std::size_t body_limit(const ServerOptions& options, const Request& req) {
  return is_log_upload(req) ? options.max_log_bytes : options.max_body_bytes;
}

std::string too_large(std::size_t limit) { return "the request body is larger than " + std::to_string(limit) + " bytes"; }

// A body of at most max_body_bytes, read through `reader` (see reads_own_body).
std::string read_small_body(const ServerOptions& options, Response& res, const httplib::ContentReader& reader) {
  std::string body;
  bool over = false;
  const bool read = reader([&](const char* data, std::size_t n) {
    if (over) return true;
    if (body.size() + n > options.max_body_bytes) {
      over = true;
      body.clear();
    } else {
      body.append(data, n);
    }
    return true;
  });
  // httplib drops bodies over its own limit (the log limit) and sets 413 itself.
  if (over || res.status == 413) throw BadRequest{413, too_large(options.max_body_bytes)};
  if (!read) throw BadRequest{400, "the request body could not be read"};
  return body;
}

// Streams a log request body into an analysis: the raw body (plain or gzip), or the "file" and
// "text" parts of a multipart form (the /logs page). The body is never held in memory whole;
// after an error the rest of it is read and dropped.
LogReport read_log_request(const ServerOptions& options, const Request& req, Response& res,
                           const httplib::ContentReader& reader) {
  LogAnalyzer analyzer;
  std::uint64_t bytes = 0;
  std::string error;
  auto feed = [&](LogInput& input, const char* data, std::size_t n) {
    bytes += n;
    if (error.empty() && !input.feed(std::string_view(data, n))) error = input.error();
    return true;
  };
  bool read = true;
  if (req.is_multipart_form_data()) {
    std::unique_ptr<LogInput> part;
    auto end_part = [&] {
      if (part && !part->finish() && error.empty()) error = part->error();
      part.reset();
    };
    read = reader(
        [&](const httplib::MultipartFormData& header) {
          end_part();
          if (header.name == "file") {
            part = std::make_unique<LogInput>(analyzer, header.filename.empty() ? "upload" : header.filename,
                                              options.max_log_text_bytes);
          } else if (header.name == "text") {
            part = std::make_unique<LogInput>(analyzer, "pasted text", options.max_log_text_bytes);
          }
          return true;
        },
        [&](const char* data, std::size_t n) { return !part || feed(*part, data, n); });
    end_part();
  } else {
    LogInput input(analyzer, "", options.max_log_text_bytes);
    read = reader([&](const char* data, std::size_t n) { return feed(input, data, n); });
    if (!input.finish() && error.empty()) error = input.error();
  }
  if (res.status == 413) throw BadRequest{413, too_large(options.max_log_bytes)};
  if (!read) throw BadRequest{400, "the request body could not be read"};
  if (!error.empty()) throw BadRequest{error.find("larger than") != std::string::npos ? 413 : 400, error};
  if (bytes == 0) {
    throw BadRequest{400, req.is_multipart_form_data() ? "choose a log file or paste log lines"
                                                        : "empty body: send the log as the request body"};
  }
  return analyzer.report();
}

// The body-size checks of guard_request, shared with the Expect: 100-continue handler. Returns
// 0 when the request may go on, else the status it was answered with.
int check_body_size(const ServerOptions& options, const Request& req, Response& res, bool early);

void refuse_overloaded(const Request& req, Response& res) {
  res.set_header("Retry-After", "1");
  res.set_header("Connection", "close");
  send_error(req, res, 503, "the server is busy; try again in a moment");
}

// Everything an /api/search answer depends on; fields are length-prefixed so none can run into
// the next.
std::string cache_key(const std::string& generation, const SearchRequest& r) {
  std::string key;
  for (const std::string* field : {&generation, &r.category, &r.product, &r.query}) {
    key += std::to_string(field->size());
    key += ':';
    key += *field;
  }
  key += std::to_string(r.limit) + ',' + std::to_string(r.offset);
  return key;
}

// Request hygiene that cpp-httplib 0.11.4 does not do itself (see NOTES.md).
httplib::Server::HandlerResponse guard_request(const ServerOptions& options, const Request& req, Response& res) {
  if (BoundedThreadPool::overloaded()) {
    refuse_overloaded(req, res);
    return httplib::Server::HandlerResponse::Handled;
  }
  if (req.path.size() > options.max_path_bytes) {
    send_error(req, res, 414, "the path is longer than " + std::to_string(options.max_path_bytes) + " bytes");
    return httplib::Server::HandlerResponse::Handled;
  }
  if (req.has_header("Transfer-Encoding")) {
    send_error(req, res, 411, "chunked request bodies are not accepted; send Content-Length");
    return httplib::Server::HandlerResponse::Handled;
  }
  if (req.has_header("Content-Encoding")) {
    send_error(req, res, 415, "compressed request bodies are not accepted");
    return httplib::Server::HandlerResponse::Handled;
  }
  if (req.method == "POST" && !req.has_header("Content-Length")) {
    send_error(req, res, 411, "POST needs a Content-Length header");
    return httplib::Server::HandlerResponse::Handled;
  }
  if (check_body_size(options, req, res, false) != 0) return httplib::Server::HandlerResponse::Handled;
  return httplib::Server::HandlerResponse::Unhandled;
}

// httplib's own limit is the largest one (logs): the routes that read their own body enforce
// theirs (see reads_own_body); any other body over max_body_bytes is refused here, unread, and
// the connection closed. With `early` (Expect: 100-continue, the client waits before sending),
// every over-limit body is refused before it is sent.
int check_body_size(const ServerOptions& options, const Request& req, Response& res, bool early) {
  if (!req.has_header("Content-Length")) return 0;
  const std::string length = req.get_header_value("Content-Length");
  std::uint64_t n = 0;
  auto [ptr, ec] = std::from_chars(length.data(), length.data() + length.size(), n);
  if (length.empty() || ec != std::errc() || ptr != length.data() + length.size()) {
    res.set_header("Connection", "close");
    send_error(req, res, 400, "Content-Length is not a number");
    return 400;
  }
  const std::size_t limit = body_limit(options, req);
  if (n > limit && (early || !reads_own_body(req))) {
    res.set_header("Connection", "close");
    send_error(req, res, 413, too_large(limit));
    return 413;
  }
  return 0;
}

// Runs a handler body, turning expected failures into 4xx answers.
template <typename F>
httplib::Server::Handler handle(F&& body) {
  return [body = std::forward<F>(body)](const Request& req, Response& res) {
    try {
      body(req, res);
    } catch (const BadRequest& e) {
      send_error(req, res, e.status, e.message);
    }
  };
}

// The port a listening socket is bound to, or -1 if `fd` is not a listening TCP socket.
int listening_port(int fd) {
  int accepting = 0;
  socklen_t len = sizeof accepting;
  if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &len) != 0 || !accepting) return -1;
  sockaddr_storage addr{};
  len = sizeof addr;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return -1;
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port);
  return -1;
}

// The same for handlers that read their body themselves.
template <typename F>
httplib::Server::HandlerWithContentReader handle_with_reader(F&& body) {
  return [body = std::forward<F>(body)](const Request& req, Response& res, const httplib::ContentReader& reader) {
    try {
      body(req, res, reader);
    } catch (const BadRequest& e) {
      send_error(req, res, e.status, e.message);
    }
  };
}

// A handler that reads its body through a ContentReader, capped at max_body_bytes (see
// reads_own_body), then runs `handler` as if httplib had read it (form fields parsed).
httplib::Server::HandlerWithContentReader with_small_body(const ServerOptions& options, httplib::Server::Handler handler) {
  return handle_with_reader([options, handler](const Request& req, Response& res, const httplib::ContentReader& reader) {
    Request full = req;
    full.body = read_small_body(options, res, reader);
    if (full.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
      httplib::detail::parse_query_text(full.body, full.params);
    }
    handler(full, res);
  });
}

}  // namespace

namespace {
httplib::Server* g_signalled_server = nullptr;
extern "C" void stop_signalled_server(int) {
  if (g_signalled_server) g_signalled_server->stop();
}
}  // namespace

void stop_on_signals(httplib::Server& server) {
  g_signalled_server = &server;
  std::signal(SIGINT, stop_signalled_server);
  std::signal(SIGTERM, stop_signalled_server);
}

int bind_server(httplib::Server& server, const std::string& host, int port) {
  if (port == 0) {
    port = server.bind_to_any_port(host);
    if (port < 0) return -1;
  } else if (!server.bind_to_port(host, port)) {
    return -1;
  }
  // httplib keeps its socket private; find it among our descriptors by the port it listens on.
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    int fd = -1;
    const std::string name = entry.path().filename().string();
    if (std::from_chars(name.data(), name.data() + name.size(), fd).ec != std::errc{}) continue;
    if (listening_port(fd) == port) ::listen(fd, SOMAXCONN);
  }
  return port;
}

void apply_server_settings(httplib::Server& svr, const ServerOptions& options) {
  svr.set_tcp_nodelay(true);
  svr.set_payload_max_length(std::max(options.max_body_bytes, options.max_log_bytes));
  svr.set_keep_alive_max_count(options.keep_alive_max_count);
  svr.set_keep_alive_timeout(options.timeout_seconds);
  svr.set_read_timeout(options.timeout_seconds, 0);
  svr.set_write_timeout(options.timeout_seconds, 0);
  const std::size_t threads = options.threads, queued = options.max_queued;
  svr.new_task_queue = [threads, queued] { return new BoundedThreadPool(threads, queued); };
  // Connections beyond the queue are served by the pool's overflow thread: answer 503 at once.
  svr.set_pre_routing_handler([](const Request& req, Response& res) {
    if (!BoundedThreadPool::overloaded()) return httplib::Server::HandlerResponse::Unhandled;
    refuse_overloaded(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
}

void configure_server(httplib::Server& svr, const ServerOptions& options) {
  apply_server_settings(svr, options);
  auto pool = std::make_shared<SearcherPool>(options.db_path, options.searchers);
  svr.set_default_headers({
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
  });

  svr.set_pre_routing_handler([options](const Request& req, Response& res) { return guard_request(options, req, res); });
  svr.set_expect_100_continue_handler([options](const Request& req, Response& res) {
    const int refused = check_body_size(options, req, res, true);
    return refused ? refused : 100;
  });

  svr.set_exception_handler([](const Request& req, Response& res, std::exception_ptr ep) {
    int status = 500;
    std::string message = "internal error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const Xapian::DatabaseOpeningError& e) {
      std::cerr << "kb-server: cannot open the database: " << e.get_description() << '\n';
      status = 503;
      message = "the search database is not available";
    } catch (const Xapian::Error& e) {
      std::cerr << "kb-server: " << req.method << ' ' << sanitize_utf8(req.path) << ": " << e.get_description() << '\n';
    } catch (const std::exception& e) {
      std::cerr << "kb-server: " << req.method << ' ' << sanitize_utf8(req.path) << ": " << e.what() << '\n';
    } catch (...) {
      std::cerr << "kb-server: " << req.method << ' ' << sanitize_utf8(req.path) << ": unknown exception\n";
    }
    res.headers.erase("EXCEPTION_WHAT");
    send_error(req, res, status, message);
  });

  // Errors raised by httplib itself (413 payload too large, 404 no route, 400 bad request line)
  // get the same JSON or HTML body as ours.
  svr.set_error_handler([](const Request& req, Response& res) {
    if (!res.body.empty()) return;
    const int status = res.status;
    std::string message = status == 404   ? "not found"
                          : status == 413 ? "the request body is larger than the limit"
                          : status == 414 ? "the request line is too long"
                          : status < 500  ? "bad request"
                                          : "internal error";
    send_error(req, res, status, message);
  });

  // --- JSON API ---
  svr.Get("/healthz", handle([pool](const Request&, Response& res) {
            auto s = pool->acquire();
            send_json(res, 200, {{"status", "ok"}, {"articles", s->article_count()}});
          }));

  auto cache = std::make_shared<ResponseCache>(options.cache_bytes);
  const std::string db = options.db_path;
  auto search = handle([pool, cache, db](const Request& req, Response& res) {
    SearchRequest request = read_search_request(req);
    std::optional<std::string> key;
    if (cache->enabled()) {
      if (auto generation = database_generation(db)) key = cache_key(*generation, request);
    }
    std::shared_ptr<const std::string> body;
    if (key) body = cache->get(*key);
    if (!body) {
      body = std::make_shared<const std::string>(dump_json(to_json(pool->acquire()->search(request))));
      if (key) cache->put(*key, body);
    }
    res.status = 200;
    res.set_content(*body, kJson);
  });
  svr.Get("/api/search", search);
  svr.Post("/api/search", with_small_body(options, search));

  svr.Get(R"(/api/articles/([a-z0-9-]{1,100}))", handle([pool](const Request& req, Response& res) {
            auto a = pool->acquire()->article(req.matches[1]);
            if (!a) throw BadRequest{404, "no article has id \"" + std::string(req.matches[1]) + "\""};
            send_json(res, 200, to_json(*a));
          }));

  svr.Get("/api/codes", handle([pool](const Request&, Response& res) {
            json list = json::array();
            for (const auto& c : pool->acquire()->codes()) list.push_back(to_json(c));
            send_json(res, 200, {{"codes", list}});
          }));

  svr.Get(R"(/api/codes/([^/]{1,100}))", handle([pool](const Request& req, Response& res) {
            const std::string typed = req.matches[1];
            auto c = pool->acquire()->code(typed);
            if (!c) throw BadRequest{400, "\"" + sanitize_utf8(typed) + "\" is not a code we can read"};
            if (c->articles.empty()) {
              json body = to_json(*c);
              body["error"] = "no article explains " + c->code;
              send_json(res, 404, body);
              return;
            }
            send_json(res, 200, to_json(*c));
          }));

  svr.Get("/api/categories", handle([pool](const Request&, Response& res) {
            json list = json::array();
            for (const auto& c : pool->acquire()->categories()) list.push_back(to_json(c));
            send_json(res, 200, {{"categories", list}});
          }));

  svr.Get(R"(/api/categories/([a-z0-9-]{1,100}))", handle([pool](const Request& req, Response& res) {
            auto s = pool->acquire();
            for (const auto& c : s->categories()) {
              if (c.id != req.matches[1]) continue;
              json body = to_json(c);
              json articles = json::array();
              for (const auto& a : s->articles_in_category(c.id)) {
                articles.push_back({{"id", a.id}, {"title", a.title}, {"url", "/articles/" + a.id}});
              }
              body["articles"] = articles;
              send_json(res, 200, body);
              return;
            }
            throw BadRequest{404, "no category has id \"" + std::string(req.matches[1]) + "\""};
          }));

  svr.Post("/api/logs", handle_with_reader([pool, options](const Request& req, Response& res,
                                                           const httplib::ContentReader& reader) {
             LogReport report = read_log_request(options, req, res, reader);
             attach_articles(*pool->acquire(), &report);
             send_json(res, 200, to_json(report));
           }));

  // Any other /api/ path is a JSON 404, whatever the method.
  svr.Get(R"(/api/.{0,300})", handle([](const Request&, Response&) { throw BadRequest{404, "no such API endpoint"}; }));

  // --- Pages ---
  svr.Get("/static/app.css", [](const Request&, Response& res) {
    res.set_header("Cache-Control", "public, max-age=3600");
    res.set_content(std::string(stylesheet()), "text/css; charset=utf-8");
  });
  svr.Get("/static/app.js", [](const Request&, Response& res) {
    res.set_header("Cache-Control", "public, max-age=3600");
    res.set_content(std::string(script()), "application/javascript; charset=utf-8");
  });
  svr.Get("/static/icon.svg", [](const Request&, Response& res) {
    res.set_header("Cache-Control", "public, max-age=86400");
    res.set_content(std::string(icon()), "image/svg+xml");
  });
  // Browsers ask for /favicon.ico whatever the page says.
  svr.Get("/favicon.ico", [](const Request&, Response& res) { res.set_redirect("/static/icon.svg", 301); });
  svr.Get("/", handle([pool](const Request&, Response& res) {
            auto s = pool->acquire();
            res.set_content(home_page(s->categories(), s->article_count()), kHtml);
          }));
  auto search_html = handle([pool](const Request& req, Response& res) {
    if (req.method == "GET" && !req.has_param("q")) {
      res.set_redirect("/");
      return;
    }
    auto s = pool->acquire();
    SearchPageInput in;
    in.request = read_search_request(req);
    in.response = s->search(in.request);
    in.categories = s->categories();
    res.set_content(search_page(in), kHtml);
  });
  svr.Get("/search", search_html);
  svr.Post("/search", with_small_body(options, search_html));
  svr.Get(R"(/articles/([a-z0-9-]{1,100}))", handle([pool](const Request& req, Response& res) {
            auto s = pool->acquire();
            auto a = s->article(req.matches[1]);
            if (!a) throw BadRequest{404, "no such article"};
            res.set_content(article_page(*a, s->categories()), kHtml);
          }));
  const std::size_t max_log_bytes = options.max_log_bytes;
  svr.Get("/logs", [max_log_bytes](const Request&, Response& res) { res.set_content(logs_page(nullptr, max_log_bytes), kHtml); });
  svr.Post("/logs", handle_with_reader([pool, options](const Request& req, Response& res, const httplib::ContentReader& reader) {
             LogReport report = read_log_request(options, req, res, reader);
             attach_articles(*pool->acquire(), &report);
             res.set_content(logs_page(&report, options.max_log_bytes), kHtml);
           }));
  svr.Get("/codes", handle([pool](const Request&, Response& res) {
            res.set_content(codes_page(pool->acquire()->codes()), kHtml);
          }));
  svr.Get(R"(/codes/([^/]{1,100}))", handle([pool](const Request& req, Response& res) {
            auto c = pool->acquire()->code(req.matches[1]);
            if (!c) throw BadRequest{404, "not a code"};
            res.set_content(code_page(*c), kHtml);
          }));
  svr.Get("/categories", handle([pool](const Request&, Response& res) {
            res.set_content(categories_page(pool->acquire()->categories()), kHtml);
          }));
  svr.Get(R"(/categories/([a-z0-9-]{1,100}))", handle([pool](const Request& req, Response& res) {
            auto s = pool->acquire();
            for (const auto& c : s->categories()) {
              if (c.id == req.matches[1]) {
                res.set_content(category_page(c, s->articles_in_category(c.id)), kHtml);
                return;
              }
            }
            throw BadRequest{404, "no such category"};
          }));
}

}  // namespace kb
