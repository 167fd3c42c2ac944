#include "core/data/json_lines.h"

#include "core/common/error.h"
#include "core/data/text_file.h"

#include <nlohmann/json.hpp>

#include <map>

namespace kann {

namespace {

using Json = nlohmann::ordered_json;

std::string valueText(const Json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return "";
    return v.dump();
}

// nlohmann's message without its "[json.exception...] " prefix.
std::string parseProblem(const Json::exception& e) {
    const std::string what = e.what();
    const std::size_t close = what.find("] ");
    return close == std::string::npos ? what : what.substr(close + 2);
}

}  // namespace

CsvRecords readJsonLines(std::string_view content, const std::string& source) {
    CsvRecords out;
    out.rows.emplace_back();
    out.lines.push_back(0);
    std::map<std::string, std::size_t, std::less<>> columns;
    const auto lines = splitLines(content, true);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (trimmed(lines[i]).empty()) continue;
        const std::string at = "line " + std::to_string(i + 1);
        Json object;
        try {
            object = Json::parse(lines[i]);
        } catch (const Json::exception& e) {
            throw InputError(source, at + " is not valid JSON: " + parseProblem(e));
        }
        if (!object.is_object()) throw InputError(source, at + " is not a JSON object (JSON Lines holds one object per line)");
        std::vector<std::string> row(out.rows[0].size());
        for (const auto& [key, value] : object.items()) {
            auto [it, added] = columns.emplace(key, out.rows[0].size());
            if (added) out.rows[0].push_back(key);
            if (it->second >= row.size()) row.resize(it->second + 1);
            row[it->second] = valueText(value);
        }
        out.rows.push_back(std::move(row));
        out.lines.push_back(i + 1);
    }
    for (auto& row : out.rows) row.resize(out.rows[0].size());
    return out;
}

}  // namespace kann
