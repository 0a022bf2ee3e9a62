// Tests of the log decoder: plain text passes through, gzip is inflated in a stream, bad gzip and
// oversized output are errors.
#include <catch2/catch.hpp>

#include "log_decoder.h"
#include "test_util.h"

namespace {

using kb::test::gzip;

struct Decoded {
  std::string text;
  bool ok = true;
  std::string error;
  bool compressed = false;
};

Decoded decode(const std::string& bytes, std::size_t chunk = 0, std::uint64_t max_output = 0) {
  Decoded d;
  kb::LogDecoder decoder([&](std::string_view t) { d.text.append(t); }, max_output);
  if (chunk == 0) chunk = bytes.size() + 1;
  for (std::size_t i = 0; i < bytes.size() && d.ok; i += chunk) d.ok = decoder.feed(std::string_view(bytes).substr(i, chunk));
  if (d.ok) d.ok = decoder.finish();
  d.error = decoder.error();
  d.compressed = decoder.compressed();
  CHECK(decoder.output_bytes() >= d.text.size());
  return d;
}

std::string sample(const std::string& name) { return kb::test::read_text(kb::test::tests_dir() + "/data/logs/" + name); }

}  // namespace

TEST_CASE("plain text passes through the decoder unchanged", "[log_decoder]") {
  const std::string text = sample("iis10_mixed.log");
  for (std::size_t chunk : {0, 1, 5}) {
    Decoded d = decode(text, chunk);
    CHECK(d.ok);
    CHECK_FALSE(d.compressed);
    CHECK(d.text == text);
  }
  // A lone 1f byte, or 1f not followed by 8b, is text.
  CHECK(decode("\x1f").text == "\x1f");
  CHECK(decode("\x1f" "abc", 1).text == "\x1f" "abc");
  CHECK(decode("").text.empty());
}

TEST_CASE("a gzip file is recognised by its magic bytes and inflated, in chunks of any size", "[log_decoder]") {
  const std::string text = sample("iis10_mixed.log");
  const std::string gz = sample("iis10_mixed.log.gz");
  REQUIRE(static_cast<unsigned char>(gz[0]) == 0x1f);
  for (std::size_t chunk : {0, 1, 2, 3, 100}) {
    CAPTURE(chunk);
    Decoded d = decode(gz, chunk);
    CHECK(d.ok);
    CHECK(d.compressed);
    CHECK(d.text == text);
  }
}

TEST_CASE("concatenated gzip members are read one after the other", "[log_decoder]") {
  const std::string a = "#Fields: sc-status\n401\n", b = "403\n500\n";
  for (std::size_t chunk : {0, 1, 7}) {
    Decoded d = decode(gzip(a) + gzip(b), chunk);
    CHECK(d.ok);
    CHECK(d.text == a + b);
  }
}

TEST_CASE("a large gzip input expands through a fixed buffer", "[log_decoder]") {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "2026-11-20 08:00:01 10.0.0.5 GET /app/ - 443 - 10.1.2.3 - - 401 3 5 " + std::to_string(i) + "\n";
  Decoded d = decode(gzip(text), 65536);
  CHECK(d.ok);
  CHECK(d.text == text);
}

TEST_CASE("truncated or corrupt gzip data and too much output are errors, never a crash", "[log_decoder]") {
  const std::string gz = sample("iis10_mixed.log.gz");
  Decoded truncated = decode(gz.substr(0, gz.size() / 2));
  CHECK_FALSE(truncated.ok);
  CHECK(truncated.error == "the gzip data ends before the end of the compressed log");

  std::string corrupt = gz;
  for (std::size_t i = 20; i < 60; ++i) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
  Decoded bad = decode(corrupt);
  CHECK_FALSE(bad.ok);
  CHECK(bad.error.rfind("the gzip data is corrupt (", 0) == 0);

  Decoded trailing = decode(gz + "garbage");
  CHECK_FALSE(trailing.ok);
  CHECK(trailing.error.rfind("the gzip data is corrupt (", 0) == 0);

  // A gzip bomb: 64 MB of zeros is ~64 KB compressed; the bound stops it early.
  const std::string bomb = gzip(std::string(64 << 20, '0'));
  CHECK(bomb.size() < 200 * 1024);
  Decoded big = decode(bomb, 4096, 1 << 20);
  CHECK_FALSE(big.ok);
  CHECK(big.error == "the log is larger than 1048576 bytes once decompressed");
  CHECK(big.text == std::string(1 << 20, '0'));  // exactly the first 1 MB, whatever the chunks

  Decoded plain_big = decode(std::string(2000, 'a'), 100, 1000);
  CHECK_FALSE(plain_big.ok);
  CHECK(plain_big.error == "the log is larger than 1000 bytes once decompressed");
  CHECK(plain_big.text == std::string(1000, 'a'));
}
