// log_articles.h: the article that explains each failure group of a log analysis, found by the
// searcher from the group's codes, once per group (never per line).
#pragma once

#include <string>
#include <string_view>

#include "log_analysis.h"
#include "searcher.h"

namespace kb {

// The text searched for a group: its codes as IIS writes them (a W3C record under its #Fields
// directive, or the HTTPERR reason), the error title IIS shows ("HTTP Error 401.3 -
// Unauthorized") and `win32_meaning`, the dictionary's meaning of its Win32 status (or empty).
std::string log_group_query(const LogGroup& group, const std::string& win32_meaning);

// Sets `article` on every group of `report` (with the first step of the article's Fix section):
// among the searcher's first answers for its query, the first that lists all the group's codes
// (status.substatus and Win32 status), else the first that lists its status, else the first
// answer. Leaves it empty when nothing matches. One search per distinct group.
void attach_articles(Searcher& searcher, LogReport* report);

// The first step (list item or paragraph) of the "Fix" section of an article's HTML that contains
// `hint` (any step when `hint` is empty), as plain text of at most 300 bytes cut at a word; empty
// when there is none. HTTPERR groups pass their reason: one article explains several reasons.
std::string article_fix(const std::string& html, std::string_view hint = {});

}  // namespace kb
