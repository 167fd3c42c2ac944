#include "core/data/dataset.h"

#include "core/common/error.h"
#include "core/data/text_corpus.h"
#include "core/data/text_file.h"
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

std::string detectFormat(const std::string& path) {
    const fs::path p(path);
    if (fs::is_directory(p)) return "aclimdb";
    const std::string ext = p.extension().string();
    if (ext == ".pos" || ext == ".neg") return "rt-polarity";
    if (!fs::exists(p)) {
        if (fs::exists(path + ".pos") || fs::exists(path + ".neg")) return "rt-polarity";
        throw InputError(path, "no such file or folder");
    }
    if (ext == ".arff") return "arff";
    if (ext == ".ts") return "ts";
    const std::string content = readWholeFile(path);
    if (trimmed(content).empty()) throw InputError(path, "the file is empty");
    return looksLikeSeriesTable(content) ? "csv" : detectTextFormat(content);
}

}  // namespace

bool Dataset::hasLabels() const {
    return std::any_of(labels.begin(), labels.end(), [](int l) { return l >= 0; });
}

const std::vector<std::string>& datasetFormats() {
    static const std::vector<std::string> formats = {"auto",    "label-text",  "text-label", "lines", "aclimdb",
                                                     "rt-polarity", "arff", "ts",         "csv"};
    return formats;
}

Dataset loadDataset(const std::string& path, const DatasetOptions& options) {
    const std::string format = options.format == "auto" ? detectFormat(path) : options.format;
    if (isTextFormat(format)) return loadTextCorpus(path, format);
    if (isSeriesFormat(format)) return loadSeries(path, format, options.labelColumn, options.zNormalize);
    std::string known;
    for (const std::string& f : datasetFormats()) known += (known.empty() ? "" : ", ") + f;
    throw InputError(path, "unknown dataset format '" + format + "' (known: " + known + ")");
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
}

}  // namespace kann
