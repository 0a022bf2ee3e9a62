// stemmer.cpp: see stemmer.h.
#include "stemmer.h"

#include <cstdint>
#include <string>
#include <vector>

#include "schema.h"

namespace kb {
namespace {

// A direct-mapped cache: each word has one place, chosen by a hash of its bytes; a word that
// lands on another's place replaces it. A hit costs a hash and one comparison, no allocation
// (std::unordered_map spent more time than the stemmer saved).
class CachingStemmer : public Xapian::StemImplementation {
 public:
  CachingStemmer() : stem_(std::string(kStemLanguage)), entries_(kStemCacheSize) {}

  std::string operator()(const std::string& word) override {
    Entry& e = entries_[hash(word) % entries_.size()];
    if (!e.used || e.word != word) {
      e.word = word;
      e.stem = stem_(word);
      e.used = true;
    }
    return e.stem;
  }

  std::string get_description() const override { return std::string(kStemLanguage); }

 private:
  struct Entry {
    std::string word, stem;
    bool used = false;
  };

  static std::uint64_t hash(const std::string& s) {
    std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
    return h ^ (h >> 29);
  }

  Xapian::Stem stem_;
  std::vector<Entry> entries_;
};

}  // namespace

Xapian::Stem make_stemmer() { return Xapian::Stem(new CachingStemmer); }

}  // namespace kb
