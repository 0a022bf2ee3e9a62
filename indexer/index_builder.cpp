// index_builder.cpp: Article -> Xapian document, build beside the live database, rename into place.
#include "index_builder.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "codes.h"
#include "schema.h"
#include "stemmer.h"
#include "text.h"

namespace kb {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kBuildDirPrefix = ".build-";
constexpr const char* kNewFileSuffix = ".new";

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
  tg.index_text(a.title, kTitleWdf);
  tg.increase_termpos();
  for (const auto& p : a.phrases) {
    tg.index_text(p, kPhraseWdf);
    tg.increase_termpos();
  }
  tg.index_text(a.summary, kSummaryWdf);
  tg.increase_termpos();
  // A hub's body is a table of every code of its family: its words describe all the causes at
  // once, so they find the hub but do not rank it.
  tg.index_text(a.text, a.hub ? 0 : kBodyWdf);
  tg.index_text(a.summary, 1, std::string(kSummaryWordPrefix));
  tg.index_text(a.symptoms, 1, std::string(kSymptomsWordPrefix));

  doc.add_boolean_term(id_term(a.id));
  doc.add_boolean_term(category_term(a.category));
  for (const auto& p : a.products) doc.add_boolean_term(product_term(p));
  for (const auto& id : a.linked_ids()) doc.add_boolean_term(link_term(id));
  // A code the title names is what the article is about.
  std::set<std::string> title_codes;
  for (const auto& d : detect_codes(a.title)) title_codes.insert(d.code);
  for (const auto& c : a.codes) {
    doc.add_term(code_term(c), 1);
    if (title_codes.count(c)) doc.add_term(title_code_term(c), 1);
  }
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
               {"html", a.html},         {"path", a.path},         {"kind", a.hub ? "hub" : "article"}};
  doc.set_data(data.dump());
  return doc;
}

std::string now_iso() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

}  // namespace

std::string live_db_path(const std::string& db_dir) { return (fs::path(db_dir) / kLiveDbName).string(); }

BuildStats build_index(const Kb& kb, const std::string& db_dir) {
  const fs::path dir(db_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw BuildError("cannot create " + dir.string() + ": " + ec.message());
  BuildLock lock(dir);

  // Leftovers of a build that was killed: safe to remove while we hold the lock.
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kBuildDirPrefix, 0) == 0 || name == std::string(kLiveDbName) + kNewFileSuffix) {
      fs::remove_all(entry.path(), ec);
    }
  }

  const fs::path build_dir = dir / (kBuildDirPrefix + std::to_string(::getpid()));
  const fs::path new_file = dir / (std::string(kLiveDbName) + kNewFileSuffix);
  const fs::path live = dir / kLiveDbName;

  std::map<std::string, std::string> titles;
  std::map<std::string, std::vector<std::string>> backlinks;
  std::set<std::string> all_codes;
  for (const auto& a : kb.articles) titles[a.id] = a.title;
  for (const auto& a : kb.articles) {
    for (const auto& id : a.linked_ids()) backlinks[id].push_back(a.id);
    all_codes.insert(a.codes.begin(), a.codes.end());
  }

  {
    Xapian::WritableDatabase db(build_dir.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    Xapian::TermGenerator tg;
    tg.set_stemmer(make_stemmer());
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    std::map<std::string, unsigned> spelling;
    for (const auto& a : kb.articles) {
      Xapian::Document doc = make_document(a, tg, titles, backlinks[a.id]);
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        if (is_spelling_word(*t)) spelling[*t] += 1;
      }
      db.add_document(doc);
    }
    for (const auto& [word, freq] : spelling) db.add_spelling(word, freq);
    for (const auto& group : kb.synonyms) {
      for (const auto& member : group) {
        for (const auto& other : group) {
          if (other != member) db.add_synonym(member, other);
        }
      }
    }

    json categories = json::array();
    for (const auto& c : kb.categories) {
      std::size_t count = 0;
      for (const auto& a : kb.articles) count += a.category == c.id;
      categories.push_back({{"id", c.id}, {"title", c.title}, {"description", c.description}, {"count", count}});
    }
    db.set_metadata(std::string(kMetaVersion), std::to_string(kVersion));
    db.set_metadata(std::string(kMetaCategories), categories.dump());
    db.set_metadata(std::string(kMetaCodeDictionary), kb.code_dictionary_text);
    db.set_metadata(std::string(kMetaBuilt), now_iso());
    db.commit();
    db.compact(new_file.string(), Xapian::DBCOMPACT_SINGLE_FILE);
    db.close();
  }
  fsync_path(new_file, false);
  if (::rename(new_file.c_str(), live.c_str()) != 0) {
    throw BuildError("cannot rename " + new_file.string() + " to " + live.string());
  }
  fsync_path(dir, true);
  fs::remove_all(build_dir, ec);
  return {kb.articles.size(), all_codes.size(), live.string()};
}

}  // namespace kb
