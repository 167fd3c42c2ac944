#include "core/data/ucr_series.h"

#include "core/common/error.h"
#include "core/data/text_file.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

namespace kann {

namespace {

bool isNumber(std::string_view s) { return parseNumber(s).has_value(); }

bool isIntegral(std::string_view s) {
    const auto v = parseNumber(s);
    return v && std::isfinite(*v) && *v == std::floor(*v);
}

// Fields of one table line: comma-separated when `comma`, else separated by runs of spaces/tabs.
void splitFields(std::string_view line, bool comma, std::vector<std::string_view>& out) {
    out.clear();
    if (comma) {
        for (std::string_view f : splitOn(line, ',')) out.push_back(trimmed(f));
        return;
    }
    std::size_t pos = 0;
    while ((pos = line.find_first_not_of(" \t", pos)) != std::string_view::npos) {
        const std::size_t end = line.find_first_of(" \t", pos);
        out.push_back(line.substr(pos, end == std::string_view::npos ? end : end - pos));
        pos = end;
    }
}

// A table's rows, with the 1-based line number each came from.
struct Table {
    std::vector<std::vector<std::string_view>> rows;
    std::vector<std::size_t> lineNumbers;
};

bool allNonNumeric(const std::vector<std::string_view>& fields) {
    return std::none_of(fields.begin(), fields.end(), isNumber);
}

// Rows of lines[from..], skipping blank and comment lines and a header row of column names.
Table readTable(const std::vector<std::string_view>& lines, std::size_t from, char comment) {
    Table t;
    std::optional<bool> comma;
    bool headerSeen = false;
    for (std::size_t i = from; i < lines.size(); ++i) {
        const std::string_view line = trimmed(lines[i]);
        if (line.empty() || line[0] == comment) continue;
        if (!comma) comma = line.find(',') != std::string_view::npos;
        std::vector<std::string_view> fields;
        splitFields(line, *comma, fields);
        if (t.rows.empty() && !headerSeen && fields.size() > 1 && allNonNumeric(fields)) {
            headerSeen = true;
            continue;
        }
        t.rows.push_back(std::move(fields));
        t.lineNumbers.push_back(i + 1);
    }
    return t;
}

enum class LabelAt { None, First, Last };

bool columnIsLabelLike(const Table& t, std::size_t column) {
    const bool integers = std::all_of(t.rows.begin(), t.rows.end(), [&](const auto& r) { return isIntegral(r[column]); });
    const bool names = std::none_of(t.rows.begin(), t.rows.end(), [&](const auto& r) { return isNumber(r[column]); });
    return integers || names;
}

LabelAt chooseLabelColumn(const Table& t, const std::string& option, bool preferLast, const std::string& path) {
    if (option == "none") return LabelAt::None;
    if (option == "first") return LabelAt::First;
    if (option == "last") return LabelAt::Last;
    if (option != "auto")
        throw InputError(path, "unknown label column '" + option + "' (expected auto, first, last or none)");
    if (t.rows.front().size() < 2) return LabelAt::None;
    const bool first = columnIsLabelLike(t, 0), last = columnIsLabelLike(t, t.rows.front().size() - 1);
    if (first && last) return preferLast ? LabelAt::Last : LabelAt::First;
    return first ? LabelAt::First : last ? LabelAt::Last : LabelAt::None;
}

std::string where(std::size_t line, std::size_t column) {
    return "line " + std::to_string(line) + ", column " + std::to_string(column + 1);
}

float seriesValue(std::string_view field, const std::string& path, const std::string& at) {
    const auto v = parseNumber(field);
    if (!v) throw InputError(path, at + ": '" + std::string(field) + "' is not a number");
    if (!std::isfinite(*v) || std::abs(*v) > 3.4e38)
        throw InputError(path, at + ": non-finite value '" + std::string(field) + "'");
    return static_cast<float>(*v);
}

Dataset seriesFromTable(const std::string& path, const Table& t, const std::string& labelOption, bool preferLast) {
    if (t.rows.empty()) throw InputError(path, "the file holds no series");
    const std::size_t width = t.rows.front().size();
    for (std::size_t r = 0; r < t.rows.size(); ++r)
        if (t.rows[r].size() != width)
            throw InputError(path, "line " + std::to_string(t.lineNumbers[r]) + " has " +
                                       std::to_string(t.rows[r].size()) + " fields, line " +
                                       std::to_string(t.lineNumbers[0]) + " has " + std::to_string(width) +
                                       " (ragged rows)");
    const LabelAt at = chooseLabelColumn(t, labelOption, preferLast, path);
    const std::size_t labelColumn = at == LabelAt::First ? 0 : width - 1;
    const std::size_t first = at == LabelAt::First ? 1 : 0;
    const std::size_t last = at == LabelAt::Last ? width - 1 : width;
    if (first >= last) throw InputError(path, "the rows hold a label but no values");
    Dataset d;
    std::vector<std::string> written;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        std::vector<float> values;
        values.reserve(last - first);
        for (std::size_t c = first; c < last; ++c)
            values.push_back(seriesValue(t.rows[r][c], path, where(t.lineNumbers[r], c)));
        d.series.push_back(std::move(values));
        written.emplace_back(at == LabelAt::None ? std::string_view() : t.rows[r][labelColumn]);
    }
    assignLabels(d, written);
    return d;
}

// Case-insensitive prefix test for ARFF and .ts keywords.
bool startsWithWord(std::string_view line, std::string_view word) {
    if (line.size() < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) != word[i]) return false;
    return line.size() == word.size() || line[word.size()] == ' ' || line[word.size()] == '\t';
}

Dataset loadArff(const std::string& path, const std::string& labelOption) {
    const std::string content = readWholeFile(path);
    const auto lines = splitLines(content, true);
    // A headerless .arff (like ECG5000_TRAIN.arff) is a plain table; with a header, data follow @data.
    std::size_t dataStart = 0;
    bool nominalLast = false;  // the last @attribute is a {class,list}: the ARFF way to mark labels
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = trimmed(lines[i]);
        if (line.empty() || line[0] == '%') continue;
        if (line[0] != '@') break;
        if (startsWithWord(line, "@attribute")) {
            nominalLast = line.find('{') != std::string_view::npos;
            if (line.find("relational") != std::string_view::npos)
                throw InputError(path, "line " + std::to_string(i + 1) +
                                           ": relational (multivariate) ARFF attributes are not supported; use the .ts file");
        }
        if (startsWithWord(line, "@data")) {
            dataStart = i + 1;
            break;
        }
    }
    const std::string option = labelOption == "auto" && nominalLast ? "last" : labelOption;
    return seriesFromTable(path, readTable(lines, dataStart, '%'), option, true);
}

Dataset loadDelimited(const std::string& path, const std::string& labelOption) {
    const std::string content = readWholeFile(path);
    return seriesFromTable(path, readTable(splitLines(content, true), 0, '#'), labelOption, false);
}

// .ts: '@' header lines, then one series per line: dimensions separated by ':', values by ',',
// then the class label when @classLabel is true.
struct TsHeader {
    bool classLabel = false;
    bool targetLabel = false;
    bool equalLength = false;
    std::size_t dataStart = 0;
};

TsHeader readTsHeader(const std::string& path, const std::vector<std::string_view>& lines) {
    TsHeader h;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = trimmed(lines[i]);
        if (line.empty() || line[0] == '#') continue;
        const bool isTrue = line.find(" true") != std::string_view::npos || line.find("\ttrue") != std::string_view::npos;
        if (startsWithWord(line, "@classlabel")) h.classLabel = isTrue;
        else if (startsWithWord(line, "@targetlabel")) h.targetLabel = isTrue;
        else if (startsWithWord(line, "@equallength")) h.equalLength = isTrue;
        else if (startsWithWord(line, "@timestamps") && isTrue)
            throw InputError(path, "line " + std::to_string(i + 1) + ": time-stamped .ts series are not supported");
        else if (startsWithWord(line, "@data")) {
            h.dataStart = i + 1;
            return h;
        }
    }
    throw InputError(path, "no @data line: not a .ts file");
}

// One .ts data line: its dimensions interleaved as [t * channels + c], and its label if any.
struct TsRow {
    std::vector<float> values;
    std::size_t channels = 0;
    std::size_t steps = 0;
    std::string label;
};

TsRow parseTsRow(const std::string& path, std::string_view line, std::size_t n, bool labelled) {
    std::vector<std::string_view> dims = splitOn(line, ':');
    TsRow row;
    const std::string at = "line " + std::to_string(n);
    if (labelled) {
        if (dims.size() < 2) throw InputError(path, at + " has no label after its values");
        row.label = std::string(trimmed(dims.back()));
        dims.pop_back();
    }
    row.channels = dims.size();
    std::vector<std::string_view> fields;
    for (std::size_t c = 0; c < dims.size(); ++c) {
        splitFields(dims[c], true, fields);
        if (c == 0) {
            row.steps = fields.size();
            row.values.resize(row.steps * row.channels);
        } else if (fields.size() != row.steps) {
            throw InputError(path, at + ": dimension " + std::to_string(c + 1) + " has " + std::to_string(fields.size()) +
                                       " values, dimension 1 has " + std::to_string(row.steps));
        }
        for (std::size_t t = 0; t < fields.size(); ++t)
            row.values[t * row.channels + c] = seriesValue(
                fields[t], path, at + ", dimension " + std::to_string(c + 1) + ", value " + std::to_string(t + 1));
    }
    return row;
}

Dataset loadTs(const std::string& path, const std::string& labelOption) {
    const std::string content = readWholeFile(path);
    const auto lines = splitLines(content, true);
    const TsHeader h = readTsHeader(path, lines);
    Dataset d;
    std::vector<std::string> written;
    std::size_t firstLine = 0;
    for (std::size_t i = h.dataStart; i < lines.size(); ++i) {
        const std::string_view line = trimmed(lines[i]);
        if (line.empty() || line[0] == '#') continue;
        TsRow row = parseTsRow(path, line, i + 1, h.classLabel || h.targetLabel);
        const std::string at = "line " + std::to_string(i + 1);
        if (d.series.empty()) {
            d.channels = static_cast<int>(row.channels);
            firstLine = i + 1;
        } else if (row.channels != static_cast<std::size_t>(d.channels)) {
            throw InputError(path, at + " has " + std::to_string(row.channels) + " dimensions, line " +
                                       std::to_string(firstLine) + " has " + std::to_string(d.channels));
        } else if (h.equalLength && row.values.size() != d.series.front().size()) {
            throw InputError(path, at + " has " + std::to_string(row.steps) + " steps, line " + std::to_string(firstLine) +
                                       " has " + std::to_string(d.seriesLength(0)) + ", though @equalLength is true");
        }
        d.series.push_back(std::move(row.values));
        // A regression target is not a class: it is dropped, as is any label under --label-column none.
        written.push_back(h.classLabel && labelOption != "none" ? row.label : "");
    }
    if (d.series.empty()) throw InputError(path, "the file holds no series");
    assignLabels(d, written);
    return d;
}

}  // namespace

bool isSeriesFormat(const std::string& format) { return format == "arff" || format == "ts" || format == "csv"; }

bool looksLikeSeriesTable(std::string_view content) {
    std::vector<std::string_view> fields;
    bool first = true;
    for (std::size_t start = 0; start < content.size();) {
        const std::size_t end = std::min(content.find('\n', start), content.size());
        const std::string_view line = trimmed(content.substr(start, end - start));
        start = end + 1;
        if (line.empty()) continue;
        splitFields(line, line.find(',') != std::string_view::npos, fields);
        const auto numeric = static_cast<std::size_t>(std::count_if(fields.begin(), fields.end(), isNumber));
        if (first && fields.size() > 1 && numeric == 0) {  // a header row of column names
            first = false;
            continue;
        }
        // The first data row decides: numbers, with at most one name (a label) at either end.
        // Later rows are the parser's business, so a bad value is reported, not read as text.
        const bool labelAtEnd = numeric + 1 == fields.size() && (!isNumber(fields.front()) || !isNumber(fields.back()));
        return numeric >= 2 && (numeric == fields.size() || labelAtEnd);
    }
    return false;
}

Dataset loadSeries(const std::string& path, const std::string& format, const std::string& labelColumn,
                   bool zNormalize) {
    Dataset d = format == "arff" ? loadArff(path, labelColumn)
                : format == "ts" ? loadTs(path, labelColumn)
                                 : loadDelimited(path, labelColumn);
    d.source = path;
    d.format = format;
    d.kind = Dataset::Kind::Series;
    if (zNormalize) zNormalizeSeries(d);
    return d;
}

void zNormalizeSeries(Dataset& dataset) {
    const std::size_t channels = static_cast<std::size_t>(dataset.channels);
    for (std::vector<float>& s : dataset.series) {
        const std::size_t steps = s.size() / channels;
        for (std::size_t c = 0; c < channels; ++c) {
            double sum = 0, squares = 0;
            for (std::size_t t = 0; t < steps; ++t) sum += s[t * channels + c];
            const double mean = sum / static_cast<double>(steps);
            for (std::size_t t = 0; t < steps; ++t) squares += (s[t * channels + c] - mean) * (s[t * channels + c] - mean);
            const double sd = std::sqrt(squares / static_cast<double>(steps));
            const double scale = sd > 1e-12 ? 1.0 / sd : 1.0;
            for (std::size_t t = 0; t < steps; ++t)
                s[t * channels + c] = static_cast<float>((s[t * channels + c] - mean) * scale);
        }
    }
}

}  // namespace kann
