#include "core/data/dataset.h"

#include "core/common/error.h"
#include "core/data/text_corpus.h"
#include "core/data/npy_series.h"
#include "core/data/text_file.h"
#include "core/data/text_table.h"
#include "core/data/ucr_series.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>

namespace kann {

namespace fs = std::filesystem;

namespace {

// Labels this large are ids, not classes; they are named instead of used as indices.
constexpr double kMaxIntegerLabel = 1e6;

std::optional<double> numericLabel(const std::string& s) {
    const auto v = parseNumber(s);
    return v && std::isfinite(*v) ? v : std::nullopt;
}

// "1.0000000e+00" -> "1": the old UCR text files write class labels as floats.
std::string numberName(double v) {
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : std::to_string(v);
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string detectFileFormat(const std::string& path, const DatasetOptions& options) {
    const std::string ext = fs::path(path).extension().string();
    if (ext == ".arff") return "arff";
    if (ext == ".ts") return "ts";
    if (ext == ".npy") return "npy";
    if (ext == ".npz") return "npz";
    if (ext == ".jsonl" || ext == ".ndjson") return "jsonl";
    const std::string content = readWholeFile(path);
    if (startsWith(content, "\x93NUMPY")) return "npy";
    if (startsWith(content, "PK\x03\x04")) return "npz";
    if (content.find('\0') != std::string::npos)
        throw InputError(path, "is a binary file of no known dataset format (series arrays: .npy or .npz; texts: "
                               "CSV, TSV, JSON Lines or plain text)");
    if (trimmed(content).empty()) throw InputError(path, "the file is empty");
    if (looksLikeSeriesTable(content)) return "csv";
    const std::string lineFormat = detectTextFormat(content);
    if (lineFormat != "lines") return lineFormat;
    const std::string table = detectTextTable(content, path, options);
    return table.empty() ? lineFormat : table;
}

std::string detectFormat(const std::string& path, const DatasetOptions& options) {
    const fs::path p(path);
    if (fs::is_directory(p)) return "aclimdb";
    const std::string ext = p.extension().string();
    if (ext == ".pos" || ext == ".neg") return "rt-polarity";
    if (!fs::exists(p)) {
        if (fs::exists(path + ".pos") || fs::exists(path + ".neg")) return "rt-polarity";
        throw InputError(path, "no such file or folder");
    }
    return detectFileFormat(path, options);
}

// "neg = 0, pos = 1": how names became the integers a model's classes are.
std::string labelMapping(const std::vector<std::string>& names) {
    constexpr std::size_t kShown = 12;
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < kShown; ++i)
        out += (i ? ", " : "") + names[i] + " = " + std::to_string(i);
    if (names.size() > kShown) out += ", ... (" + std::to_string(names.size()) + " labels)";
    return out;
}

Dataset loadFormat(const std::string& path, const std::string& format, const DatasetOptions& options) {
    if (isTextFormat(format)) return loadTextCorpus(path, format);
    if (isTextTableFormat(format)) return loadTextTable(path, format, options);
    if (isNpySeriesFormat(format)) return loadNpySeries(path, format, options);
    if (isSeriesFormat(format)) return loadSeries(path, format, options.labelColumn, options.zNormalize);
    std::string known;
    for (const std::string& f : datasetFormats()) known += (known.empty() ? "" : ", ") + f;
    throw InputError(path, "unknown dataset format '" + format + "' (known: " + known + ")");
}

}  // namespace

bool Dataset::hasLabels() const {
    return std::any_of(labels.begin(), labels.end(), [](int l) { return l >= 0; });
}

const std::vector<std::string>& datasetFormats() {
    static const std::vector<std::string> formats = {
        "auto", "label-text", "text-label", "lines", "aclimdb", "rt-polarity", "text-csv", "text-tsv", "label-text-csv",
        "jsonl", "arff", "ts", "csv", "npy", "npz"};
    return formats;
}

Dataset loadDataset(const std::string& path, const DatasetOptions& options) {
    const bool detect = options.format == "auto";
    const std::string format = detect ? detectFormat(path, options) : options.format;
    Dataset d = loadFormat(path, format, options);
    if (detect) noteFormatDetected(d);
    return d;
}

void noteFormatDetected(Dataset& d) {
    d.notes.insert(d.notes.begin(), "format '" + d.format + "' (detected; --format picks another)");
    d.detected["format"] = d.format;
}

Dataset textDataset(std::vector<std::string> texts) {
    Dataset d;
    d.source = "typed text";
    d.format = "free-text";
    d.kind = Dataset::Kind::Text;
    d.texts = std::move(texts);
    d.labels.assign(d.texts.size(), -1);
    return d;
}

void assignLabels(Dataset& dataset, const std::vector<std::string>& written) {
    std::map<std::string, std::optional<double>> distinct;
    for (const std::string& w : written)
        if (!w.empty()) distinct.emplace(w, numericLabel(w));
    const bool integers = std::all_of(distinct.begin(), distinct.end(), [](const auto& e) {
        return e.second && *e.second >= 0 && *e.second <= kMaxIntegerLabel && *e.second == std::floor(*e.second);
    });
    const bool numeric = std::all_of(distinct.begin(), distinct.end(), [](const auto& e) { return e.second.has_value(); });
    std::map<std::string, int> ids;
    dataset.labelNames.clear();
    if (integers) {
        for (const auto& [w, v] : distinct) {
            const int id = static_cast<int>(*v);
            ids[w] = id;
            if (dataset.labelNames.size() <= static_cast<std::size_t>(id)) dataset.labelNames.resize(id + 1);
            dataset.labelNames[id] = std::to_string(id);
        }
    } else {
        // Names in numeric order when they are numbers (-1 before 1), else in byte order.
        std::vector<std::pair<std::string, std::optional<double>>> order(distinct.begin(), distinct.end());
        if (numeric) std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return *a.second < *b.second; });
        for (const auto& [w, v] : order) {
            const std::string name = numeric ? numberName(*v) : w;
            // Spellings of one number ("1" and "1.0") share a label.
            if (dataset.labelNames.empty() || dataset.labelNames.back() != name) dataset.labelNames.push_back(name);
            ids[w] = static_cast<int>(dataset.labelNames.size()) - 1;
        }
    }
    dataset.labels.clear();
    for (const std::string& w : written) dataset.labels.push_back(w.empty() ? -1 : ids[w]);
    if (!integers && !dataset.labelNames.empty())
        dataset.notes.push_back("labels mapped to integers: " + labelMapping(dataset.labelNames));
}

}  // namespace kann
