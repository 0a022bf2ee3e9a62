// index_builder.cpp: Article -> Xapian document, build beside the live database, rename into place.
#include "index_builder.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "codes.h"
#include "parallel.h"
#include "schema.h"
#include "stemmer.h"
#include "text.h"

namespace kb {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kBuildDirPrefix = ".build-";
constexpr const char* kNewFileSuffix = ".new";
constexpr const char* kShardDirPrefix = "shards-";
// Databases written in parallel have at least kMinPartArticles articles each (the real kb is one
// database) and at most kMaxPartArticles: Xapian adds documents to a small database faster
// (its buffers and B-trees stay small), and compaction merges the parts cheaply.
constexpr std::size_t kMinPartArticles = 250;
constexpr std::size_t kMaxPartArticles = 2000;
constexpr Xapian::doccount kCommitEvery = 1000;

std::string join_lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += '\n';
    out += s;
  }
  return out;
}

// Words worth offering as spelling corrections: letters only, so codes are never "corrected".
bool is_spelling_word(const std::string& term) {
  if (term.size() < 3 || term.size() > 30) return false;
  for (char c : term) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

void fsync_path(const fs::path& path, bool directory) {
  int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) throw BuildError("cannot open " + path.string() + " to sync it");
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw BuildError("cannot sync " + path.string());
}

// Holds an exclusive lock on db_dir/.lock for the life of the build.
class BuildLock {
 public:
  explicit BuildLock(const fs::path& dir) {
    fd_ = ::open((dir / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw BuildError("cannot create " + (dir / ".lock").string());
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      throw BuildError("another kb-indexer is building " + dir.string());
    }
  }
  ~BuildLock() { ::close(fd_); }
  BuildLock(const BuildLock&) = delete;
  BuildLock& operator=(const BuildLock&) = delete;

 private:
  int fd_ = -1;
};

Xapian::Document make_document(const Article& a, Xapian::TermGenerator& tg,
                               const std::map<std::string, std::string>& titles,
                               const std::vector<std::string>& backlinks) {
  Xapian::Document doc;
  tg.set_document(doc);
  // Without positions: no query uses them (phrases are matched as shingle terms), and writing
  // them was most of the time spent adding a document. Weights depend on wdf and length only.
  tg.index_text_without_positions(a.title, kTitleWdf);
  for (const auto& p : a.phrases) tg.index_text_without_positions(p, kPhraseWdf);
  tg.index_text_without_positions(a.summary, kSummaryWdf);
  // A hub's body is a table of every code of its family: its words describe all the causes at
  // once, so they find the hub but do not rank it.
  tg.index_text_without_positions(a.text, a.hub ? 0 : kBodyWdf);
  tg.index_text_without_positions(a.summary, 1, std::string(kSummaryWordPrefix));
  tg.index_text_without_positions(a.symptoms, 1, std::string(kSymptomsWordPrefix));

  doc.add_boolean_term(id_term(a.id));
  doc.add_boolean_term(category_term(a.category));
  for (const auto& p : a.products) doc.add_boolean_term(product_term(p));
  for (const auto& id : a.linked_ids()) doc.add_boolean_term(link_term(id));
  // A code the title names is what the article is about.
  std::set<std::string> title_codes;
  for (const auto& d : detect_codes(a.title)) title_codes.insert(d.code);
  std::set<std::string> statuses;
  for (const auto& c : a.codes) {
    doc.add_term(code_term(c), 1);
    if (title_codes.count(c)) doc.add_term(title_code_term(c), 1);
    if (canonical_code_kind(c) == CodeKind::kHttp) statuses.insert(c.substr(0, 3));
  }
  for (const auto& status : statuses) doc.add_term(family_code_term(status), 1);
  std::set<std::string> seen;
  for (const auto& p : a.phrases) {
    for (const auto& s : shingles(normalized_words(p), kShingleWords)) {
      if (s.size() <= 200 && seen.insert(s).second) doc.add_term(phrase_term(s), 1);
    }
  }

  doc.add_value(kSlotId, a.id);
  doc.add_value(kSlotTitle, a.title);
  doc.add_value(kSlotSummary, a.summary);
  doc.add_value(kSlotCategory, a.category);
  doc.add_value(kSlotCodes, join_lines(a.codes));
  doc.add_value(kSlotText, a.text);
  doc.add_value(kSlotHtml, a.html);
  doc.add_value(kSlotProducts, join_lines(a.products));
  // Articles many others point to are the main article for their cause; niche variants are
  // linked from few. A small static prior breaks ties between them.
  // Links to a hub are navigation, so a hub gets no prior.
  const double prior = a.hub ? 0.0 : kCausePrior + std::log1p(static_cast<double>(backlinks.size()));
  doc.add_value(kSlotPrior, Xapian::sortable_serialise(prior));
  if (a.hub) doc.add_value(kSlotKind, "hub");

  auto refs = [&](const std::vector<std::string>& ids) {
    json out = json::array();
    for (const auto& id : ids) {
      auto it = titles.find(id);
      if (it != titles.end()) out.push_back({{"id", id}, {"title", it->second}});
    }
    return out;
  };
  std::vector<std::string> related;
  for (const auto& r : a.related) related.push_back(r.value);
  json data = {{"id", a.id},           {"title", a.title},       {"summary", a.summary},
               {"category", a.category}, {"codes", a.codes},       {"products", a.products},
               {"phrases", a.phrases},   {"related", refs(related)}, {"backlinks", refs(backlinks)},
               {"path", a.path},         {"kind", a.hub ? "hub" : "article"}};
  doc.set_data(data.dump());
  return doc;
}

std::string now_iso() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

// A name for a generation of shards that sorts by time: 20261127T081500.123456789.
std::string built_stamp() {
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%S", std::gmtime(&ts.tv_sec));
  char nanos[16];
  std::snprintf(nanos, sizeof nanos, ".%09ld", static_cast<long>(ts.tv_nsec));
  return std::string(buf) + nanos;
}

}  // namespace

std::string live_db_path(const std::string& db_dir) { return (fs::path(db_dir) / kLiveDbName).string(); }

BuildStats build_index(const Kb& kb, const std::string& db_dir, const BuildOptions& options) {
  const fs::path dir(db_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw BuildError("cannot create " + dir.string() + ": " + ec.message());
  BuildLock lock(dir);

  // Leftovers of a build that was killed: safe to remove while we hold the lock.
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kBuildDirPrefix, 0) == 0 || name == std::string(kLiveDbName) + kNewFileSuffix ||
        name == std::string(kStubName) + kNewFileSuffix) {
      fs::remove_all(entry.path(), ec);
    }
  }
  const fs::path build_dir = dir / (kBuildDirPrefix + std::to_string(::getpid()));
  fs::create_directories(build_dir, ec);
  if (ec) throw BuildError("cannot create " + build_dir.string() + ": " + ec.message());

  std::map<std::string, std::string> titles;
  std::map<std::string, std::vector<std::string>> backlinks;
  std::set<std::string> all_codes;
  for (const auto& a : kb.articles) titles[a.id] = a.title;
  for (const auto& a : kb.articles) {
    for (const auto& id : a.linked_ids()) backlinks[id].push_back(a.id);
    all_codes.insert(a.codes.begin(), a.codes.end());
  }

  // The articles of each database written in parallel. Sharded: article i goes to shard
  // i mod N, so the stub's interleaved document ids are the ids of a single database and ties
  // rank the same. Otherwise contiguous ranges that compaction concatenates in order into the
  // single file.
  const std::size_t n = kb.articles.size();
  const bool sharded = options.shards > 0;
  const std::size_t parts =
      sharded ? options.shards
              : std::max(std::clamp<std::size_t>((n + kMinPartArticles - 1) / kMinPartArticles, 1, worker_count()),
                         (n + kMaxPartArticles - 1) / kMaxPartArticles);
  std::vector<std::vector<const Article*>> part_articles(parts);
  for (std::size_t i = 0; i < n; ++i) {
    part_articles[sharded ? i % parts : i * parts / n].push_back(&kb.articles[i]);
  }

  BuildStats stats;
  using Clock = std::chrono::steady_clock;
  auto since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
  auto t = Clock::now();

  // No fsync while building: these databases are scratch; the compacted files are synced before
  // they are renamed into place.
  const int flags = Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC;
  auto part_path = [&](std::size_t p) { return (build_dir / ("part-" + std::to_string(p))).string(); };
  std::vector<std::map<std::string, unsigned>> spelling_of(parts);
  parallel_for(parts, worker_count(), [&](std::size_t, std::size_t p) {
    Xapian::WritableDatabase db(part_path(p), flags);
    Xapian::TermGenerator tg;
    tg.set_stemmer(make_stemmer());
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    const std::vector<std::string> none;
    for (const Article* a : part_articles[p]) {
      auto links = backlinks.find(a->id);
      Xapian::Document doc = make_document(*a, tg, titles, links == backlinks.end() ? none : links->second);
      for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
        if (is_spelling_word(*term)) spelling_of[p][*term] += 1;
      }
      db.add_document(doc);
      // Xapian buffers 10,000 documents by default; its buffers then grow slow to update
      // (30 s instead of 14 s for 10k articles), so flush more often.
      if (db.get_doccount() % kCommitEvery == 0) db.commit();
    }
    db.commit();
  });
  stats.add_seconds = since(t);

  // What every reader needs besides the documents: metadata, synonyms, spelling.
  std::map<std::string, std::set<std::string>> synonyms;  // as Xapian's synonym table holds them
  for (const auto& group : kb.synonyms) {
    for (const auto& member : group) {
      for (const auto& other : group) {
        if (other != member) synonyms[member].insert(other);
      }
    }
  }
  json categories = json::array();
  for (const auto& c : kb.categories) {
    std::size_t count = 0;
    for (const auto& a : kb.articles) count += a.category == c.id;
    categories.push_back({{"id", c.id}, {"title", c.title}, {"description", c.description}, {"count", count}});
  }
  const std::string built = now_iso();
  auto set_metadata = [&](Xapian::WritableDatabase& db) {
    db.set_metadata(std::string(kMetaVersion), std::to_string(kVersion));
    db.set_metadata(std::string(kMetaCategories), categories.dump());
    db.set_metadata(std::string(kMetaCodeDictionary), kb.code_dictionary_text);
    db.set_metadata(std::string(kMetaSynonyms), json(synonyms).dump());
    db.set_metadata(std::string(kMetaBuilt), built);
  };
  auto add_synonyms = [&](Xapian::WritableDatabase& db) {
    for (const auto& [term, list] : synonyms) {
      for (const auto& other : list) db.add_synonym(term, other);
    }
  };

  t = Clock::now();
  if (!sharded) {
    // Each part keeps the spelling counts of its own articles (compaction adds them up); the
    // first part carries the synonyms and metadata.
    for (std::size_t p = 0; p < parts; ++p) {
      Xapian::WritableDatabase db(part_path(p), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
      for (const auto& [word, freq] : spelling_of[p]) db.add_spelling(word, freq);
      if (p == 0) {
        add_synonyms(db);
        set_metadata(db);
      }
      db.commit();
    }
    stats.commit_seconds = since(t);
    t = Clock::now();
    const fs::path new_file = dir / (std::string(kLiveDbName) + kNewFileSuffix);
    Xapian::Database all;
    for (std::size_t p = 0; p < parts; ++p) all.add_database(Xapian::Database(part_path(p)));
    all.compact(new_file.string(), Xapian::DBCOMPACT_SINGLE_FILE);
    all.close();
    stats.compact_seconds = since(t);
    t = Clock::now();
    const fs::path live = dir / kLiveDbName;
    fsync_path(new_file, false);
    if (::rename(new_file.c_str(), live.c_str()) != 0) {
      throw BuildError("cannot rename " + new_file.string() + " to " + live.string());
    }
    fsync_path(dir, true);
    stats.live_path = live.string();
  } else {
    // Shards hold documents and metadata; one more database, with no documents, holds the
    // spelling and synonym tables, which the remote backend cannot serve: a front end lists it
    // locally after its remote shards.
    {
      Xapian::WritableDatabase words((build_dir / "words").string(), flags);
      std::map<std::string, unsigned> spelling;
      for (const auto& counts : spelling_of) {
        for (const auto& [word, freq] : counts) spelling[word] += freq;
      }
      for (const auto& [word, freq] : spelling) words.add_spelling(word, freq);
      add_synonyms(words);
      set_metadata(words);
      words.commit();
    }
    for (std::size_t p = 0; p < parts; ++p) {
      Xapian::WritableDatabase db(part_path(p), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
      set_metadata(db);
      db.commit();
    }
    stats.commit_seconds = since(t);
    t = Clock::now();
    // A new generation folder, then a new stub renamed over the old one: readers see the old
    // set of shards or the new one, never a mix.
    const std::string generation = kShardDirPrefix + built_stamp();
    const fs::path gen_dir = dir / generation;
    fs::create_directories(gen_dir, ec);
    if (ec) throw BuildError("cannot create " + gen_dir.string() + ": " + ec.message());
    std::vector<std::string> names;
    for (std::size_t p = 0; p < parts; ++p) names.push_back("shard-" + std::to_string(p) + ".glass");
    names.emplace_back(kWordsDbName);
    parallel_for(names.size(), worker_count(), [&](std::size_t, std::size_t i) {
      Xapian::Database source(i < parts ? part_path(i) : (build_dir / "words").string());
      source.compact((gen_dir / names[i]).string(), Xapian::DBCOMPACT_SINGLE_FILE);
      fsync_path(gen_dir / names[i], false);
    });
    fsync_path(gen_dir, true);
    stats.compact_seconds = since(t);
    t = Clock::now();
    std::string stub = "# written by kb-indexer --shards " + std::to_string(parts) + "; see README.md\n";
    for (const auto& name : names) stub += "auto " + generation + "/" + name + "\n";
    const fs::path new_stub = dir / (std::string(kStubName) + kNewFileSuffix);
    const fs::path live_stub = dir / kStubName;
    {
      std::ofstream out(new_stub, std::ios::binary | std::ios::trunc);
      out << stub;
      if (!out.flush()) throw BuildError("cannot write " + new_stub.string());
    }
    fsync_path(new_stub, false);
    if (::rename(new_stub.c_str(), live_stub.c_str()) != 0) {
      throw BuildError("cannot rename " + new_stub.string() + " to " + live_stub.string());
    }
    fsync_path(dir, true);
    // Older generations go; the one just replaced stays for readers still opening it.
    std::vector<fs::path> old;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind(kShardDirPrefix, 0) == 0 && name != generation) old.push_back(entry.path());
    }
    std::sort(old.begin(), old.end());
    if (!old.empty()) old.pop_back();
    for (const auto& path : old) fs::remove_all(path, ec);
    stats.live_path = live_stub.string();
  }
  fs::remove_all(build_dir, ec);
  stats.swap_seconds = since(t);
  stats.articles = n;
  stats.codes = all_codes.size();
  return stats;
}

}  // namespace kb
