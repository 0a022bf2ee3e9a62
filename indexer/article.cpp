// article.cpp: front matter with yaml-cpp, body with md4c (see article.h).
#include "article.h"

#include <md4c-html.h>
#include <md4c.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "codes.h"
#include "text.h"

namespace kb {
namespace {

constexpr unsigned kMarkdownFlags = MD_DIALECT_GITHUB | MD_FLAG_NOHTML;

const char* const kKeys[] = {"id", "title", "summary", "category", "codes", "products", "phrases", "related", "kind"};

int count_lines(std::string_view s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

// What md4c tells us about the body: sections, links, plain text.
struct BodyScan {
  std::string_view body;
  int first_line = 1;
  struct Section {
    std::string title;
    int line = 1;
    std::string text;
  };
  std::vector<Section> sections;  // level-2 headings and the text under them
  std::string text;               // all plain text
  std::vector<BodyLink> links;
  bool in_h2 = false;
  std::string heading;
  int heading_line = 1;

  int line_at(const char* p) const {
    if (p < body.data() || p > body.data() + body.size()) return first_line;
    return first_line + count_lines(body.substr(0, static_cast<std::size_t>(p - body.data())));
  }

  void append(std::string_view s) {
    text.append(s);
    if (in_h2) heading.append(s);
    else if (!sections.empty()) sections.back().text.append(s);
  }
};

int on_enter_block(MD_BLOCKTYPE type, void* detail, void* user) {
  auto* scan = static_cast<BodyScan*>(user);
  if (type == MD_BLOCK_H && static_cast<MD_BLOCK_H_DETAIL*>(detail)->level == 2) {
    scan->in_h2 = true;
    scan->heading.clear();
    scan->heading_line = 0;
  }
  return 0;
}

int on_leave_block(MD_BLOCKTYPE type, void* detail, void* user) {
  auto* scan = static_cast<BodyScan*>(user);
  if (type == MD_BLOCK_H && static_cast<MD_BLOCK_H_DETAIL*>(detail)->level == 2) {
    scan->in_h2 = false;
    scan->sections.push_back({scan->heading, scan->heading_line, {}});
  }
  scan->append("\n");
  return 0;
}

int on_enter_span(MD_SPANTYPE type, void* detail, void* user) {
  auto* scan = static_cast<BodyScan*>(user);
  if (type == MD_SPAN_A) {
    const MD_ATTRIBUTE& href = static_cast<MD_SPAN_A_DETAIL*>(detail)->href;
    scan->links.push_back({std::string(href.text, href.size), scan->line_at(href.text)});
  }
  return 0;
}

int on_leave_span(MD_SPANTYPE, void*, void*) { return 0; }

int on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* user) {
  auto* scan = static_cast<BodyScan*>(user);
  if (scan->in_h2 && scan->heading_line == 0) scan->heading_line = scan->line_at(text);
  switch (type) {
    case MD_TEXT_NULLCHAR:
      break;
    case MD_TEXT_BR:
    case MD_TEXT_SOFTBR:
      scan->append(" ");
      break;
    default:
      scan->append(std::string_view(text, size));
  }
  return 0;
}

BodyScan scan_body(std::string_view body, int first_line) {
  BodyScan scan;
  scan.body = body;
  scan.first_line = first_line;
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = kMarkdownFlags;
  parser.enter_block = on_enter_block;
  parser.leave_block = on_leave_block;
  parser.enter_span = on_enter_span;
  parser.leave_span = on_leave_span;
  parser.text = on_text;
  md_parse(body.data(), static_cast<MD_SIZE>(body.size()), &parser, &scan);
  return scan;
}

void append_html(const MD_CHAR* text, MD_SIZE size, void* user) {
  static_cast<std::string*>(user)->append(text, size);
}

std::string render_html(std::string_view body) {
  std::string html;
  md_html(body.data(), static_cast<MD_SIZE>(body.size()), append_html, &html, kMarkdownFlags, 0);
  return html;
}

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

class FrontMatterReader {
 public:
  FrontMatterReader(std::string_view path, int first_line, std::vector<Diagnostic>* diagnostics)
      : path_(path), first_line_(first_line), diagnostics_(diagnostics) {}

  int line(const YAML::Node& node) const {
    YAML::Mark mark = node.Mark();
    return mark.is_null() ? first_line_ : first_line_ + mark.line;
  }

  void error(int line, std::string message) {
    ok_ = false;
    diagnostics_->push_back({path_, line, std::move(message)});
  }

  std::string scalar(const YAML::Node& map, const char* key, bool required) {
    YAML::Node node = map[key];
    if (!node) {
      if (required) error(first_line_, std::string("missing key \"") + key + "\"");
      return {};
    }
    if (!node.IsScalar()) {
      error(line(node), std::string(key) + ": expected a single text value");
      return {};
    }
    std::string value = trim(node.Scalar());
    if (value.empty()) error(line(node), std::string(key) + ": must not be empty");
    return value;
  }

  std::vector<Located> list(const YAML::Node& map, const char* key, bool required) {
    std::vector<Located> out;
    YAML::Node node = map[key];
    if (!node) {
      if (required) error(first_line_, std::string("missing key \"") + key + "\"");
      return out;
    }
    if (node.IsNull()) return out;
    if (!node.IsSequence()) {
      error(line(node), std::string(key) + ": expected a list");
      return out;
    }
    std::size_t i = 0;
    for (const auto& item : node) {
      if (!item.IsScalar() || trim(item.Scalar()).empty()) {
        error(line(item), std::string(key) + "[" + std::to_string(i) + "]: expected a non-empty text value");
      } else {
        out.push_back({trim(item.Scalar()), line(item)});
      }
      ++i;
    }
    return out;
  }

  bool ok() const { return ok_; }

 private:
  std::string path_;
  int first_line_;
  std::vector<Diagnostic>* diagnostics_;
  bool ok_ = true;
};

std::vector<std::string> values(const std::vector<Located>& located) {
  std::vector<std::string> out;
  for (const auto& l : located) out.push_back(l.value);
  return out;
}

}  // namespace

std::string Diagnostic::str() const { return path + ":" + std::to_string(line) + ": " + message; }

int Article::line_of(const std::string& key) const {
  auto it = key_lines.find(key);
  return it == key_lines.end() ? 1 : it->second;
}

std::vector<std::string> Article::linked_ids() const {
  std::vector<std::string> out;
  std::set<std::string> seen{id};
  for (const auto& r : related) {
    if (seen.insert(r.value).second) out.push_back(r.value);
  }
  for (const auto& l : links) {
    if (is_article_link(l.target) && seen.insert(l.target).second) out.push_back(l.target);
  }
  return out;
}

bool is_valid_id(std::string_view id) {
  return !id.empty() && id.size() <= 100 &&
         std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

bool is_article_link(std::string_view target) {
  return target.find(':') == std::string_view::npos && target.find('/') == std::string_view::npos &&
         target.find('#') == std::string_view::npos && target.find('.') == std::string_view::npos;
}

std::string rewrite_article_links(std::string_view html, const std::vector<BodyLink>& links) {
  std::string out(html);
  std::set<std::string> done;
  for (const auto& link : links) {
    if (!is_article_link(link.target) || !is_valid_id(link.target) || !done.insert(link.target).second) continue;
    const std::string from = "href=\"" + link.target + "\"";
    const std::string to = "href=\"/articles/" + link.target + "\"";
    for (std::size_t pos = out.find(from); pos != std::string::npos; pos = out.find(from, pos + to.size())) {
      out.replace(pos, from.size(), to);
    }
  }
  return out;
}

std::optional<Article> parse_article(std::string_view path, std::string_view text,
                                     std::vector<Diagnostic>* diagnostics) {
  const std::string p(path);
  auto fail = [&](int line, std::string message) {
    diagnostics->push_back({p, line, std::move(message)});
    return std::nullopt;
  };
  if (text.empty()) return fail(1, "empty file");
  if (text.size() > kMaxArticleBytes) {
    return fail(1, "file is " + std::to_string(text.size()) + " bytes; articles are at most " +
                       std::to_string(kMaxArticleBytes) + " bytes");
  }
  if (std::size_t good = valid_utf8_prefix(text); good != text.size()) {
    return fail(1 + count_lines(text.substr(0, good)), "not valid UTF-8");
  }
  if (text.find('\0') != std::string_view::npos) return fail(1, "file contains a NUL byte");
  if (text.rfind("---\n", 0) != 0 && text.rfind("---\r\n", 0) != 0) {
    return fail(1, "expected front matter: the first line must be \"---\"");
  }
  std::size_t fm_start = text.find('\n') + 1;
  std::size_t fm_end = std::string_view::npos, body_start = std::string_view::npos;
  for (std::size_t pos = fm_start; pos < text.size();) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line == "---") {
      fm_end = pos;
      body_start = nl == std::string_view::npos ? text.size() : nl + 1;
      break;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  if (fm_end == std::string_view::npos) return fail(1, "front matter is not closed by a \"---\" line");

  std::string_view front = text.substr(fm_start, fm_end - fm_start);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(front));
  } catch (const YAML::Exception& e) {
    int line = e.mark.is_null() ? 2 : 2 + e.mark.line;
    return fail(line, "invalid YAML: " + e.msg);
  }
  if (!root.IsMap()) return fail(2, "front matter must be a YAML mapping of keys to values");

  Article a;
  a.path = p;
  FrontMatterReader reader(path, 2, diagnostics);
  try {
    for (const auto& kv : root) {
      std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
      a.key_lines[key] = reader.line(kv.first);
      if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys)) {
        reader.error(reader.line(kv.first), "unknown key \"" + key + "\"");
      }
    }
    a.id = reader.scalar(root, "id", true);
    a.title = reader.scalar(root, "title", true);
    a.summary = reader.scalar(root, "summary", true);
    a.category = reader.scalar(root, "category", true);
    auto codes = reader.list(root, "codes", true);
    a.products = values(reader.list(root, "products", true));
    auto phrases = reader.list(root, "phrases", true);
    a.related = reader.list(root, "related", true);
    if (root["kind"]) {
      const std::string kind = reader.scalar(root, "kind", false);
      if (kind == "hub") a.hub = true;
      else if (kind != "article") reader.error(a.line_of("kind"), "kind: \"" + kind + "\" is not \"article\" or \"hub\"");
    }

    const std::string stem = std::filesystem::path(p).stem().string();
    if (!a.id.empty() && !is_valid_id(a.id)) {
      reader.error(a.line_of("id"), "id \"" + a.id + "\" must be lower-case letters, digits and '-'");
    } else if (!a.id.empty() && a.id != stem) {
      reader.error(a.line_of("id"), "id \"" + a.id + "\" does not match the file name \"" + stem + ".md\"");
    }
    const std::string folder = std::filesystem::path(p).parent_path().filename().string();
    if (!a.category.empty() && !folder.empty() && folder != a.category) {
      reader.error(a.line_of("category"),
                   "category \"" + a.category + "\" does not match the folder \"" + folder + "\"");
    }
    if (root["codes"] && codes.empty()) reader.error(a.line_of("codes"), "codes: list at least one code");
    std::set<std::string> seen_codes;
    for (std::size_t i = 0; i < codes.size(); ++i) {
      const auto& c = codes[i];
      std::string where = "codes[" + std::to_string(i) + "]: ";
      if (canonical_code_kind(c.value)) {
        if (!seen_codes.insert(c.value).second) reader.error(c.line, where + "\"" + c.value + "\" is listed twice");
        a.codes.push_back(c.value);
      } else if (auto n = normalize_code(c.value)) {
        reader.error(c.line, where + "\"" + c.value + "\" is not in canonical form (write \"" + *n + "\")");
      } else {
        reader.error(c.line, where + "\"" + c.value + "\" is not a known code");
      }
    }
    a.phrases = values(phrases);
    if (root["phrases"] && (a.phrases.size() < kMinPhrases || a.phrases.size() > kMaxPhrases)) {
      reader.error(a.line_of("phrases"), "phrases: " + std::to_string(a.phrases.size()) + " given; list " +
                                             std::to_string(kMinPhrases) + " to " + std::to_string(kMaxPhrases));
    }
    for (const auto& r : a.related) {
      if (!is_valid_id(r.value)) reader.error(r.line, "related: \"" + r.value + "\" is not an article id");
    }
  } catch (const YAML::Exception& e) {
    return fail(e.mark.is_null() ? 2 : 2 + e.mark.line, "invalid front matter: " + e.msg);
  }

  a.body_line = 1 + count_lines(text.substr(0, body_start));
  a.body = std::string(text.substr(body_start));
  BodyScan scan = scan_body(a.body, a.body_line);
  a.text = std::move(scan.text);
  a.links = std::move(scan.links);
  a.words = count_words(a.text);
  a.html = rewrite_article_links(render_html(a.body), a.links);

  // Sections: exactly kSections, in order, none empty.
  std::size_t next = 0;
  for (const auto& s : scan.sections) {
    const std::string title = trim(s.title);
    auto known = std::find(std::begin(kSections), std::end(kSections), title);
    if (known == std::end(kSections)) {
      reader.error(s.line, "unexpected section \"## " + title + "\" (sections are Symptoms, Cause, Diagnose, Fix, See also)");
      continue;
    }
    std::size_t index = static_cast<std::size_t>(known - std::begin(kSections));
    if (index < next) {
      reader.error(s.line, "section \"## " + title + "\" is out of order or repeated");
      continue;
    }
    for (; next < index; ++next) {
      reader.error(s.line, std::string("missing section \"## ") + kSections[next] + "\" before \"## " + title + "\"");
    }
    next = index + 1;
    if (title == kSections[0]) a.symptoms = s.text;
    if (count_words(s.text) == 0) reader.error(s.line, "section \"## " + title + "\" is empty");
  }
  for (; next < std::size(kSections); ++next) {
    reader.error(a.body_line + count_lines(a.body), std::string("missing section \"## ") + kSections[next] + "\"");
  }
  if (a.words < kMinWords || a.words > kMaxWords) {
    reader.error(a.body_line, "body has " + std::to_string(a.words) + " words; articles have " +
                                  std::to_string(kMinWords) + " to " + std::to_string(kMaxWords));
  }
  for (const auto& link : a.links) {
    if (is_article_link(link.target)) {
      if (!is_valid_id(link.target)) reader.error(link.line, "link \"" + link.target + "\" is not an article id");
    } else if (link.target.rfind("https://", 0) != 0 && link.target.rfind("http://", 0) != 0 &&
               link.target.rfind("mailto:", 0) != 0) {
      reader.error(link.line, "link \"" + link.target + "\": only article ids, http(s) and mailto links are allowed");
    }
  }
  if (!reader.ok()) return std::nullopt;
  return a;
}

}  // namespace kb
