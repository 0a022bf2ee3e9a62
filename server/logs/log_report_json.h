// log_report_json.h: the JSON of a log analysis (CONTRACT.md "Log analysis result"), shared by
// kb-search --log --json and POST /api/logs.
#pragma once

#include <nlohmann/json.hpp>

#include "log_analysis.h"

namespace kb {

// Every text in the report is valid UTF-8 already (LogAnalyzer::report sanitises it).
nlohmann::json to_json(const LogReport& report);

// "401.3", "401", "503 QueueFull", "FTP 530", "other": how a group's codes are shown.
std::string log_group_label(const LogGroup& group);

}  // namespace kb
