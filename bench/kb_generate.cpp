// kb_generate: writes a synthetic knowledge base of N articles in kb format, for benchmarks at
// sizes the real kb will only reach later (1k, 10k, 100k articles).
//
// Every generated article is a variant of a real article (not a hub): its category, codes (plus
// up to two more from the code dictionary), products and phrases come from real articles of the
// same category; its body is made of paragraphs, lists and command blocks of the same sections
// of real articles, 250-700 words; its related ids and body links point at other generated
// articles only, so every link resolves. categories.yaml, codes.tsv and synonyms.yaml are
// copied. The output depends only on the source kb, N and the seed. Each article is checked
// with the indexer's own parser before it is written.
//
// Usage: kb_generate --kb kb --out DIR --articles 10000 [--seed 1] [--force]
#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "article.h"
#include "kb.h"
#include "text.h"

namespace {

namespace fs = std::filesystem;

constexpr const char* kMarker = ".kb_generate";  // marks a folder this tool may overwrite
constexpr std::size_t kSectionCount = std::size(kb::kSections);
constexpr std::size_t kMaxBlockWords = 220;

// What qualifies one variant of an article: where and when the failure was seen.
constexpr const char* kSituations[] = {
    "after a Windows update",       "on a web farm",
    "with content on a UNC share",  "for one virtual directory",
    "after moving the site",        "behind a load balancer",
    "in a Windows container",       "on a domain controller",
    "after a password change",      "with Kerberos delegation",
    "after an in-place upgrade",    "on a Server Core install",
    "with shared configuration",    "for uploaded files only",
    "after restoring a backup",     "with a custom application pool identity",
    "on a cluster node",            "after hardening with a security template",
    "with ARR as a reverse proxy",  "after renaming the server",
    "for requests from one subnet", "with a gMSA identity",
    "after joining a new domain",   "with the site on a second drive",
    "during a deployment",          "under heavy load",
};
constexpr const char* kApps[] = {
    "HR portal",     "intranet",       "payroll site",  "CRM front end",  "document library",
    "reporting app", "ticketing site", "partner API",   "file drop",      "timesheet app",
    "wiki",          "build server",   "public website", "mobile backend", "billing service",
};

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A small deterministic generator (the standard distributions differ between libraries).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() { return state_ = splitmix(state_); }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_;
};

// A run of Markdown lines between blank lines (a code fence stays whole).
struct Block {
  std::string text;
  std::size_t words = 0;
};

struct Source {
  const kb::Article* article = nullptr;
  std::array<std::vector<Block>, kSectionCount> sections;
};

// The blocks of each section of an article body.
std::array<std::vector<Block>, kSectionCount> split_sections(const std::string& body) {
  std::array<std::vector<Block>, kSectionCount> out;
  int section = -1;
  std::string block;
  bool fence = false;
  auto flush = [&] {
    if (section >= 0 && block.find_first_not_of(" \n") != std::string::npos) {
      out[static_cast<std::size_t>(section)].push_back({block, kb::count_words(block)});
    }
    block.clear();
  };
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t nl = body.find('\n', pos);
    std::string line = body.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? body.size() : nl + 1;
    if (!fence && line.rfind("## ", 0) == 0) {
      flush();
      section = -1;
      for (std::size_t i = 0; i < kSectionCount; ++i) {
        if (line.substr(3) == kb::kSections[i]) section = static_cast<int>(i);
      }
      continue;
    }
    if (line.find("```") != std::string::npos) fence = !fence;
    if (!fence && line.find_first_not_of(" \t\r") == std::string::npos) {
      flush();
      continue;
    }
    block += line;
    block += '\n';
  }
  flush();
  return out;
}

std::string yaml_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string yaml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + yaml_quote(items[i]);
  return out + "]";
}

class Generator {
 public:
  Generator(const kb::Kb& source, std::size_t count, std::uint64_t seed) : count_(count), seed_(seed) {
    for (const auto& a : source.articles) {
      if (a.hub) continue;
      Source s;
      s.article = &a;
      s.sections = split_sections(a.body);
      const std::size_t index = sources_.size();
      sources_.push_back(std::move(s));
      by_category_[a.category].push_back(index);
    }
    for (const auto& [code, info] : source.code_dictionary.entries()) dictionary_codes_.push_back(code);
    // The first articles cover every category (the indexer refuses an unused category).
    std::vector<std::size_t> first;
    for (const auto& [category, list] : by_category_) first.push_back(list.front());
    source_of_.resize(count);
    for (std::size_t j = 0; j < count; ++j) {
      source_of_[j] = j < first.size() ? first[j] : splitmix(seed_ ^ (j * 2 + 1)) % sources_.size();
      generated_in_[sources_[source_of_[j]].article->category].push_back(j);
    }
  }

  std::size_t categories() const { return by_category_.size(); }

  std::string id(std::size_t j) const { return sources_[source_of_[j]].article->id + "-" + std::to_string(j); }
  const std::string& category(std::size_t j) const { return sources_[source_of_[j]].article->category; }
  std::string title(std::size_t j) const {
    const std::uint64_t h = splitmix(seed_ + j);
    return sources_[source_of_[j]].article->title + " (" + kApps[h % std::size(kApps)] + ", " +
           kSituations[(h >> 16) % std::size(kSituations)] + ")";
  }

  // The Markdown text of article j; `attempt` varies it when a draft fails the checks.
  std::string article(std::size_t j, std::size_t attempt) const {
    Rng rng(splitmix(seed_ * 1000003 + j) + attempt * 7919);
    const Source& src = sources_[source_of_[j]];
    const kb::Article& a = *src.article;
    const std::vector<std::size_t>& peers = by_category_.at(a.category);

    std::vector<std::string> codes = a.codes;
    for (std::size_t k = rng.below(3); k > 0 && !dictionary_codes_.empty(); --k) {
      const std::string& c = dictionary_codes_[rng.below(dictionary_codes_.size())];
      if (std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(c);
    }
    std::vector<std::string> phrases;
    const std::size_t want_phrases = kb::kMinPhrases + rng.below(kb::kMaxPhrases - kb::kMinPhrases + 1);
    for (std::size_t tries = 0; phrases.size() < want_phrases && tries < 40; ++tries) {
      const kb::Article& from = tries < 3 ? a : *sources_[peers[rng.below(peers.size())]].article;
      const std::string& p = from.phrases[rng.below(from.phrases.size())];
      if (std::find(phrases.begin(), phrases.end(), p) == phrases.end()) phrases.push_back(p);
    }
    std::vector<std::string> related;
    for (std::size_t k = 1 + rng.below(4); k > 0; --k) {
      std::string r = id(link_target(j, rng));
      if (r != id(j) && std::find(related.begin(), related.end(), r) == related.end()) related.push_back(r);
    }

    // Body: blocks of the same sections of this article and its category peers, until the word
    // count reaches a target between the limits.
    const std::size_t target = kb::kMinWords + 40 + rng.below(kb::kMaxWords - kb::kMinWords - 120);
    std::array<std::string, kSectionCount> sections;
    std::size_t words = 0;
    for (std::size_t round = 0; round < 12 && (round == 0 || words < target); ++round) {
      for (std::size_t s = 0; s + 1 < kSectionCount && (round == 0 || words < target); ++s) {
        const Source& from = round == 0 ? src : sources_[peers[rng.below(peers.size())]];
        const auto& blocks = from.sections[s];
        if (blocks.empty()) continue;
        const Block& b = blocks[rng.below(blocks.size())];
        if (b.words > kMaxBlockWords || words + b.words > kb::kMaxWords - 60) continue;
        sections[s] += relink(b.text, j, rng) + "\n";
        words += b.words;
      }
    }
    std::string see_also;
    for (std::size_t k = 2 + rng.below(4); k > 0; --k) {
      const std::size_t t = link_target(j, rng);
      see_also += "- [" + title(t) + "](" + id(t) + ")\n";
    }
    sections[kSectionCount - 1] = see_also;

    std::string out = "---\n";
    out += "id: " + id(j) + "\n";
    out += "title: " + yaml_quote(title(j)) + "\n";
    out += "summary: " + yaml_quote(a.summary) + "\n";
    out += "category: " + a.category + "\n";
    out += "codes: " + yaml_list(codes) + "\n";
    out += "products: " + yaml_list(a.products) + "\n";
    out += "phrases:\n";
    for (const auto& p : phrases) out += "  - " + yaml_quote(p) + "\n";
    out += "related: [";
    for (std::size_t i = 0; i < related.size(); ++i) out += (i ? ", " : "") + related[i];
    out += "]\n---\n";
    for (std::size_t s = 0; s < kSectionCount; ++s) {
      out += std::string("## ") + kb::kSections[s] + "\n" + sections[s] + "\n";
    }
    return out;
  }

 private:
  // Another generated article: mostly one of the same category, sometimes any.
  std::size_t link_target(std::size_t j, Rng& rng) const {
    const auto& same = generated_in_.at(category(j));
    std::size_t t = rng.below(4) == 0 || same.size() < 2 ? rng.below(count_) : same[rng.below(same.size())];
    return t == j ? (j + 1) % count_ : t;
  }

  // The block with every article link pointing at a generated article instead.
  std::string relink(const std::string& text, std::size_t j, Rng& rng) const {
    std::string out;
    std::size_t pos = 0;
    for (std::size_t at = text.find("](", pos); at != std::string::npos; at = text.find("](", pos)) {
      const std::size_t end = text.find(')', at + 2);
      if (end == std::string::npos) break;
      const std::string target = text.substr(at + 2, end - at - 2);
      out += text.substr(pos, at + 2 - pos);
      out += kb::is_article_link(target) ? id(link_target(j, rng)) : target;
      out += ')';
      pos = end + 1;
    }
    return out + text.substr(pos);
  }

  std::size_t count_;
  std::uint64_t seed_;
  std::vector<Source> sources_;
  std::map<std::string, std::vector<std::size_t>> by_category_;    // category -> sources
  std::map<std::string, std::vector<std::size_t>> generated_in_;   // category -> generated articles
  std::vector<std::size_t> source_of_;
  std::vector<std::string> dictionary_codes_;
};

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app{"Write a synthetic knowledge base of N articles derived from the real one."};
  std::string kb_dir = "kb", out_dir;
  std::size_t count = 1000;
  std::uint64_t seed = 1;
  bool force = false;
  app.add_option("--kb", kb_dir, "the real knowledge base to derive from");
  app.add_option("--out", out_dir, "folder to write (created)")->required();
  app.add_option("--articles", count, "number of articles")->check(CLI::Range(20, 10000000));
  app.add_option("--seed", seed, "seed: the same seed writes the same articles");
  app.add_flag("--force", force, "replace a folder this tool wrote before");
  CLI11_PARSE(app, argc, argv);

  const auto start = std::chrono::steady_clock::now();
  std::vector<kb::Diagnostic> diagnostics;
  kb::Kb source = kb::load_kb(kb_dir, &diagnostics);
  if (!diagnostics.empty()) {
    for (const auto& d : diagnostics) std::cerr << d.str() << '\n';
    std::cerr << "kb_generate: the source kb has problems\n";
    return 1;
  }
  const fs::path out(out_dir);
  if (fs::exists(out)) {
    if (!force || !fs::exists(out / kMarker)) {
      std::cerr << "kb_generate: " << out_dir << " exists" << (force ? " and was not written by kb_generate" : "; use --force")
                << '\n';
      return 2;
    }
    fs::remove_all(out);
  }
  Generator gen(source, count, seed);
  if (count < gen.categories()) {
    std::cerr << "kb_generate: need at least " << gen.categories() << " articles (one per category)\n";
    return 2;
  }
  fs::create_directories(out);
  std::ofstream(out / kMarker) << "written by bench/kb_generate; safe to delete\n";
  for (const char* name : {"categories.yaml", "codes.tsv", "synonyms.yaml"}) {
    if (fs::exists(fs::path(kb_dir) / name)) fs::copy_file(fs::path(kb_dir) / name, out / name);
  }

  std::set<std::string> made_dirs;
  for (std::size_t j = 0; j < count; ++j) {
    const fs::path path = out / gen.category(j) / (gen.id(j) + ".md");
    std::string text;
    for (std::size_t attempt = 0;; ++attempt) {
      text = gen.article(j, attempt);
      std::vector<kb::Diagnostic> problems;
      if (kb::parse_article(path.string(), text, &problems) && problems.empty()) break;
      if (attempt == 20) {
        for (const auto& d : problems) std::cerr << d.str() << '\n';
        std::cerr << "kb_generate: no valid draft for " << path.string() << '\n';
        return 1;
      }
    }
    if (made_dirs.insert(gen.category(j)).second) fs::create_directories(path.parent_path());
    std::ofstream file(path, std::ios::binary);
    file << text;
    if (!file) {
      std::cerr << "kb_generate: cannot write " << path.string() << '\n';
      return 1;
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("wrote %zu articles to %s in %.1f s\n", count, out_dir.c_str(), seconds);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "kb_generate: " << e.what() << '\n';
  return 1;
}
