// kb.cpp: load and cross-check a knowledge-base folder (see kb.h).
#include "kb.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

#include "parallel.h"
#include "text.h"

namespace kb {
namespace fs = std::filesystem;

namespace {

// Reads a file of at most `max` bytes; nullopt with a diagnostic otherwise.
std::optional<std::string> read_file(const fs::path& path, std::size_t max, std::vector<Diagnostic>* diagnostics) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) {
    diagnostics->push_back({path.string(), 1, "cannot read: " + ec.message()});
    return std::nullopt;
  }
  if (size > max) {
    diagnostics->push_back({path.string(), 1, "file is " + std::to_string(size) + " bytes; the limit is " +
                                                  std::to_string(max) + " bytes"});
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in && !in.eof()) {
    diagnostics->push_back({path.string(), 1, "cannot read the file"});
    return std::nullopt;
  }
  return buf.str();
}

// The YAML document in `text`, or nullopt with a "path:line: invalid YAML" diagnostic.
std::optional<YAML::Node> load_yaml(const std::string& path, std::string_view text,
                                    std::vector<Diagnostic>* diagnostics) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    diagnostics->push_back({path, e.mark.is_null() ? 1 : e.mark.line + 1, "invalid YAML: " + e.msg});
    return std::nullopt;
  }
}

}  // namespace

std::vector<Category> parse_categories(const std::string& path, std::string_view text,
                                       std::vector<Diagnostic>* diagnostics) {
  std::vector<Category> out;
  auto loaded = load_yaml(path, text, diagnostics);
  if (!loaded) return out;
  const YAML::Node& root = *loaded;
  if (!root.IsSequence()) {
    diagnostics->push_back({path, 1, "expected a list of categories (- id: ..., title: ..., description: ...)"});
    return out;
  }
  std::set<std::string> seen;
  for (const auto& item : root) {
    int line = item.Mark().is_null() ? 1 : item.Mark().line + 1;
    if (!item.IsMap()) {
      diagnostics->push_back({path, line, "each category is a mapping with id, title and description"});
      continue;
    }
    Category c;
    c.line = line;
    bool ok = true;
    for (auto [key, field] : {std::pair{"id", &c.id}, {"title", &c.title}, {"description", &c.description}}) {
      YAML::Node v = item[key];
      if (!v || !v.IsScalar() || v.Scalar().empty()) {
        diagnostics->push_back({path, line, std::string("category: missing \"") + key + "\""});
        ok = false;
      } else {
        *field = v.Scalar();
      }
    }
    if (!ok) continue;
    if (!is_valid_id(c.id)) {
      diagnostics->push_back({path, line, "category id \"" + c.id + "\" must be lower-case letters, digits and '-'"});
    } else if (!seen.insert(c.id).second) {
      diagnostics->push_back({path, line, "category \"" + c.id + "\" is listed twice"});
    } else {
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::vector<std::vector<std::string>> parse_synonyms(const std::string& path, std::string_view text,
                                                     std::vector<Diagnostic>* diagnostics) {
  std::vector<std::vector<std::string>> groups;
  auto loaded = load_yaml(path, text, diagnostics);
  if (!loaded || loaded->IsNull()) return groups;
  const YAML::Node& root = *loaded;
  if (!root.IsSequence()) {
    diagnostics->push_back({path, 1, "expected a list of groups, each a list of words or phrases"});
    return groups;
  }
  for (const auto& item : root) {
    const int line = item.Mark().is_null() ? 1 : item.Mark().line + 1;
    std::vector<std::string> group;
    bool ok = item.IsSequence();
    if (ok) {
      for (const auto& member : item) {
        std::string joined;
        if (member.IsScalar()) {
          for (const auto& w : normalized_words(member.Scalar())) joined += (joined.empty() ? "" : " ") + w;
        }
        if (joined.empty()) ok = false;
        else group.push_back(joined);
      }
    }
    if (!ok || group.size() < 2) {
      diagnostics->push_back({path, line, "a synonym group is a list of at least two words or phrases"});
      continue;
    }
    groups.push_back(std::move(group));
  }
  return groups;
}

Kb load_kb(const std::string& dir, std::vector<Diagnostic>* diagnostics) {
  Kb kb;
  const fs::path root(dir);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    diagnostics->push_back({dir, 1, "not a directory"});
    return kb;
  }

  const fs::path categories_path = root / "categories.yaml";
  if (auto text = read_file(categories_path, kMaxArticleBytes, diagnostics)) {
    kb.categories = parse_categories(categories_path.string(), *text, diagnostics);
  }
  const fs::path codes_path = root / "codes.tsv";
  if (auto text = read_file(codes_path, kMaxArticleBytes, diagnostics)) {
    std::vector<std::string> errors;
    kb.code_dictionary = CodeDictionary::parse(*text, &errors);
    for (const auto& e : errors) {
      // "line N: message"
      int line = std::atoi(e.c_str() + 5);
      diagnostics->push_back({codes_path.string(), line, e.substr(e.find(':') + 2)});
    }
    kb.code_dictionary_text = std::move(*text);
  }

  const fs::path synonyms_path = root / "synonyms.yaml";
  if (fs::exists(synonyms_path, ec)) {
    if (auto text = read_file(synonyms_path, kMaxArticleBytes, diagnostics)) {
      kb.synonyms = parse_synonyms(synonyms_path.string(), *text, diagnostics);
    }
  }

  // Articles: every *.md below the folder. Directory symlinks are not followed, so a symlink
  // loop cannot make the walk endless.
  std::vector<fs::path> files;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() != ".md") continue;
    std::error_code sec;
    if (it->is_symlink(sec) && !fs::exists(it->path(), sec)) {
      diagnostics->push_back({it->path().string(), 1, "broken symbolic link"});
      continue;
    }
    if (!it->is_regular_file(sec)) continue;
    if (it->path().filename() == "README.md" && it->path().parent_path() == root) continue;
    files.push_back(it->path());
  }
  if (ec) diagnostics->push_back({dir, 1, "cannot list the folder: " + ec.message()});
  std::sort(files.begin(), files.end());

  // Files are parsed on every core; results and problems are kept in file order.
  struct Parsed {
    std::optional<Article> article;
    std::vector<Diagnostic> diagnostics;
  };
  std::vector<Parsed> parsed(files.size());
  parallel_for(files.size(), worker_count(), [&](std::size_t, std::size_t i) {
    Parsed& p = parsed[i];
    if (auto text = read_file(files[i], kMaxArticleBytes, &p.diagnostics)) {
      p.article = parse_article(files[i].string(), *text, &p.diagnostics);
    }
  });
  for (auto& p : parsed) {
    diagnostics->insert(diagnostics->end(), p.diagnostics.begin(), p.diagnostics.end());
    if (p.article) kb.articles.push_back(std::move(*p.article));
  }

  // Cross-article checks.
  std::map<std::string, const Article*> by_id;
  for (const auto& a : kb.articles) {
    auto [pos, inserted] = by_id.emplace(a.id, &a);
    if (!inserted) {
      diagnostics->push_back({a.path, a.line_of("id"), "duplicate id \"" + a.id + "\" (also in " + pos->second->path + ")"});
    }
  }
  std::set<std::string> category_ids, used_categories;
  for (const auto& c : kb.categories) category_ids.insert(c.id);
  for (const auto& a : kb.articles) {
    if (!kb.categories.empty() && !category_ids.count(a.category)) {
      diagnostics->push_back({a.path, a.line_of("category"),
                              "category \"" + a.category + "\" is not listed in " + categories_path.string()});
    }
    used_categories.insert(a.category);
    for (std::size_t i = 0; i < a.related.size(); ++i) {
      const auto& r = a.related[i];
      if (!by_id.count(r.value)) {
        diagnostics->push_back({a.path, r.line, "related[" + std::to_string(i) + "]: no article has id \"" + r.value + "\""});
      } else if (r.value == a.id) {
        diagnostics->push_back({a.path, r.line, "related[" + std::to_string(i) + "]: an article cannot be related to itself"});
      }
    }
    for (const auto& link : a.links) {
      if (is_article_link(link.target) && is_valid_id(link.target) && !by_id.count(link.target)) {
        diagnostics->push_back({a.path, link.line, "link to unknown article \"" + link.target + "\""});
      }
    }
  }
  if (!kb.articles.empty()) {
    for (const auto& c : kb.categories) {
      if (!used_categories.count(c.id)) {
        diagnostics->push_back({categories_path.string(), c.line, "category \"" + c.id + "\" has no articles"});
      }
    }
  }
  if (kb.articles.empty() && files.empty()) diagnostics->push_back({dir, 1, "no articles (*.md) found"});

  std::sort(kb.articles.begin(), kb.articles.end(), [](const Article& x, const Article& y) { return x.id < y.id; });
  std::stable_sort(diagnostics->begin(), diagnostics->end(), [](const Diagnostic& x, const Diagnostic& y) {
    return x.path != y.path ? x.path < y.path : x.line < y.line;
  });
  return kb;
}

}  // namespace kb
