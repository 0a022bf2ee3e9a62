// stemmer.h: the stemmer of every text term (kStemLanguage), with a cache. Stemming each word
// again was a fifth of indexing time and of snippet time; words repeat, so their stems are kept.
#pragma once

#include <xapian.h>

#include <cstddef>

namespace kb {

// Places in a stemmer's cache (each holds one word and its stem).
inline constexpr std::size_t kStemCacheSize = 1 << 12;

// A Xapian::Stem for kStemLanguage that remembers the stems of the words it has seen; a new word
// may take the place of an old one. Gives exactly what Xapian::Stem gives. Not thread-safe, like
// the rest of Xapian: copies share one cache, so use one per thread.
Xapian::Stem make_stemmer();

}  // namespace kb
