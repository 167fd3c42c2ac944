#include "core/data/text_table.h"

#include "core/common/error.h"
#include "core/data/csv_table.h"
#include "core/data/json_lines.h"
#include "core/data/text_file.h"

#include <algorithm>
#include <fstream>
#include <optional>

namespace kann {

namespace {

// Header names that mark the text and the label, compared in lower case.
const std::vector<std::string> kTextNames = {"text", "review", "sentence", "content", "comment", "document",
                                             "tweet", "body", "message", "utterance", "review_text"};
const std::vector<std::string> kLabelNames = {"label", "labels", "sentiment", "class", "polarity", "target",
                                              "category", "y"};

std::string lowered(std::string_view s) {
    std::string out(trimmed(s));
    for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return out;
}

std::string quotedList(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", '" : "'") + names[i] + "'";
    return out;
}

bool isInteger(std::string_view s) {
    s = trimmed(s);
    if (!s.empty() && s[0] == '-') s.remove_prefix(1);
    return !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The columns whose names are among `candidates`.
std::vector<std::size_t> namedLike(const std::vector<std::string>& names, const std::vector<std::string>& candidates) {
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (std::find(candidates.begin(), candidates.end(), lowered(names[i])) != candidates.end()) found.push_back(i);
    return found;
}

// A header line's names, quotes ignored.
std::vector<std::string> headerNames(std::string_view line, char delimiter) {
    const std::vector<std::string_view> fields = splitOn(line, delimiter);
    return {fields.begin(), fields.end()};
}

// A table as the loader sees it: column names (numbers when headerless) and data rows.
struct Table {
    std::string path;
    std::string what;  // "column" or "field"
    std::vector<std::string> names;
    CsvRecords data;
};

// "--text-column" or "--text-field" for role "text".
std::string flagFor(const Table& t, const std::string& role) { return "--" + role + "-" + t.what; }

std::string describeColumn(const Table& t, std::size_t c) {
    return t.what + " '" + t.names[c] + "'" + (t.names[c] == std::to_string(c + 1) ? "" : " (" + std::to_string(c + 1) + ")");
}

// The column `option` names: a name of the header, else a 1-based number.
std::size_t namedColumn(const Table& t, const std::string& option, const std::string& flag) {
    for (std::size_t i = 0; i < t.names.size(); ++i)
        if (t.names[i] == option) return i;
    for (std::size_t i = 0; i < t.names.size(); ++i)
        if (lowered(t.names[i]) == lowered(option)) return i;
    if (isInteger(option) && std::stoi(option) >= 1 && static_cast<std::size_t>(std::stoi(option)) <= t.names.size())
        return static_cast<std::size_t>(std::stoi(option)) - 1;
    throw InputError(t.path, "no " + t.what + " '" + option + "' for " + flag + " (" + t.what + "s: " + quotedList(t.names) +
                                 ", or a number from 1 to " + std::to_string(t.names.size()) + ")");
}

std::optional<std::size_t> detected(const Table& t, const std::vector<std::string>& candidates, const std::string& role,
                                    const std::string& flag) {
    const std::vector<std::size_t> found = namedLike(t.names, candidates);
    if (found.size() > 1)
        throw InputError(t.path, t.what + "s '" + t.names[found[0]] + "' and '" + t.names[found[1]] + "' could both be the " +
                                     role + ": choose one with " + flag + " NAME|N");
    if (found.empty()) return std::nullopt;
    return found[0];
}

std::size_t textColumn(const Table& t, const std::string& option, bool headerless) {
    const std::string flag = flagFor(t, "text");
    if (option != "auto") return namedColumn(t, option, flag);
    if (headerless && t.names.size() == 2) return 1;
    if (auto c = detected(t, kTextNames, "text", flag)) return *c;
    throw InputError(t.path, "no " + t.what + " is named like a text (text, review, sentence, ...) among " +
                                 quotedList(t.names) + ": choose it with " + flag + " NAME|N");
}

std::optional<std::size_t> labelColumn(const Table& t, const std::string& option, bool headerless) {
    if (option == "none") return std::nullopt;
    if (option == "first") return 0;
    if (option == "last") return t.names.size() - 1;
    if (option != "auto") return namedColumn(t, option, flagFor(t, "label"));
    if (headerless) return 0;
    return detected(t, kLabelNames, "label", flagFor(t, "label"));
}

Table readTable(const std::string& path, const std::string& format) {
    const std::string content = readTextFile(path);
    Table t;
    t.path = path;
    t.what = format == "jsonl" ? "field" : "column";
    t.data = format == "jsonl" ? readJsonLines(content, path) : parseCsv(content, format == "text-tsv" ? '\t' : ',', path);
    if (t.data.rows.empty() || (format != "label-text-csv" && t.data.rows.size() == 1))
        throw InputError(path, "the file holds no texts");
    if (format == "label-text-csv") {
        for (std::size_t i = 0; i < t.data.rows.front().size(); ++i) t.names.push_back(std::to_string(i + 1));
    } else {
        t.names = std::move(t.data.rows.front());
        t.data.rows.erase(t.data.rows.begin());
        t.data.lines.erase(t.data.lines.begin());
    }
    for (std::size_t r = 0; r < t.data.rows.size(); ++r)
        if (t.data.rows[r].size() != t.names.size())
            throw InputError(path, "line " + std::to_string(t.data.lines[r]) + " has " + std::to_string(t.data.rows[r].size()) +
                                       " fields, the " + (format == "label-text-csv" ? "first row" : "header") + " has " +
                                       std::to_string(t.names.size()));
    return t;
}

const char* formatWords(const std::string& format) {
    if (format == "text-csv") return "CSV with a header row";
    if (format == "text-tsv") return "TSV with a header row";
    if (format == "label-text-csv") return "CSV without a header, label first";
    return "JSON Lines";
}

}  // namespace

bool isTextTableFormat(const std::string& format) {
    return format == "text-csv" || format == "text-tsv" || format == "label-text-csv" || format == "jsonl";
}

std::string detectTextTable(std::string_view content, const std::string& path, const DatasetOptions& options) {
    const std::string_view body = trimmed(content);
    if (body.empty()) return "";
    if (body[0] == '{') return "jsonl";
    if (body[0] == '[')
        throw InputError(path, "is a JSON array, not JSON Lines: write one JSON object per line (--format jsonl)");
    const std::string_view firstLine = body.substr(0, body.find('\n'));
    for (const char delimiter : {'\t', ','}) {
        if (firstLine.find(delimiter) == std::string_view::npos) continue;
        const char* tableFormat = delimiter == '\t' ? "text-tsv" : "text-csv";
        CsvRecords r;
        try {
            r = parseCsv(content, delimiter, path);
        } catch (const InputError&) {
            // A quote left open in prose with commas is no table; in a table it is the user's to fix.
            if (delimiter == ',' && namedLike(headerNames(firstLine, delimiter), kTextNames).empty()) continue;
            throw;
        }
        const std::vector<std::string>& first = r.rows.front();
        if (first.size() > 1 && (options.textColumn != "auto" || !namedLike(first, kTextNames).empty())) return tableFormat;
        const bool even = r.rows.size() > 1 && first.size() > 1 &&
                          std::all_of(r.rows.begin(), r.rows.end(), [&](const auto& row) { return row.size() == first.size(); });
        const bool labelFirst = std::all_of(r.rows.begin(), r.rows.end(), [](const auto& row) { return isInteger(row[0]); });
        if (delimiter == ',' && even && first.size() == 2 && labelFirst) return "label-text-csv";
        if (even || labelFirst || delimiter == '\t')
            throw InputError(path, std::string("has ") + (delimiter == '\t' ? "tab" : "comma") +
                                       "-separated fields but no header naming a text column (first row: " + quotedList(first) +
                                       "): say how to read it with --format " + tableFormat +
                                       " --text-column NAME|N (a header row), --format " +
                                       (delimiter == '\t' ? "label-text or text-label (no header)" : "label-text-csv (no header, label first)") +
                                       ", or --format lines (one text per line)");
    }
    return "";
}

std::vector<std::string> textTableColumns(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    if (!in || !std::getline(in, line) || line.find('\0') != std::string::npos) return {};
    if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    const std::string_view first = trimmed(line);
    try {
        if (!first.empty() && first[0] == '{') return readJsonLines(first, path).rows.front();
        for (const char delimiter : {'\t', ','})
            if (first.find(delimiter) != std::string_view::npos) return parseCsv(first, delimiter, path).rows.front();
    } catch (const InputError&) {
        // not a table's first line: nothing to offer
    }
    return {};
}

Dataset loadTextTable(const std::string& path, const std::string& format, const DatasetOptions& options) {
    const Table t = readTable(path, format);
    const bool headerless = format == "label-text-csv";
    const std::size_t text = textColumn(t, options.textColumn, headerless);
    const std::optional<std::size_t> label = labelColumn(t, options.labelColumn, headerless);
    if (label == text) throw InputError(path, "the text and the label are both " + describeColumn(t, text));
    Dataset d;
    std::vector<std::string> written;
    for (const auto& row : t.data.rows) {
        d.texts.push_back(row[text]);
        written.emplace_back(label ? trimmed(row[*label]) : std::string_view());
    }
    d.notes.push_back(std::string("read as ") + formatWords(format) + ": " + std::to_string(d.texts.size()) +
                      " texts from " + describeColumn(t, text) +
                      (label ? ", labels from " + describeColumn(t, *label) : ", no labels") +
                      " (" + flagFor(t, "text") + ", " + flagFor(t, "label") + " choose others)");
    if (options.textColumn == "auto") d.detected["text-column"] = t.names[text];
    if (options.labelColumn == "auto") d.detected["label-column"] = label ? t.names[*label] : "none";
    assignLabels(d, written);
    d.source = path;
    d.format = format;
    d.kind = Dataset::Kind::Text;
    return d;
}

}  // namespace kann
