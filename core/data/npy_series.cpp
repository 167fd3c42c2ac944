#include "core/data/npy_series.h"

#include "core/common/error.h"
#include "core/data/ucr_series.h"
#include "core/io/npz.h"

#include <algorithm>
#include <cmath>

namespace kann {

namespace {

const std::vector<std::string> kLabelArrays = {"labels", "label", "y"};
const std::vector<std::string> kSeriesArrays = {"x", "X", "data", "series", "inputs", "signals"};

bool isOneOf(const std::string& name, const std::vector<std::string>& names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::string arrayNames(const NamedArrays& arrays) {
    std::string out;
    for (const auto& [name, a] : arrays) out += (out.empty() ? "'" : ", '") + name + "'";
    return out;
}

// The archive's series: its only array besides labels and lengths, or the one with a usual name.
const NamedArrays::value_type& seriesArray(const NamedArrays& arrays, const std::string& path) {
    std::vector<const NamedArrays::value_type*> candidates;
    for (const auto& entry : arrays)
        if (!isOneOf(entry.first, kLabelArrays) && entry.first != "lengths") candidates.push_back(&entry);
    if (candidates.size() == 1) return *candidates.front();
    for (const auto* entry : candidates)
        if (isOneOf(entry->first, kSeriesArrays)) return *entry;
    throw InputError(path, candidates.empty() ? "holds no series array (arrays: " + arrayNames(arrays) + ")"
                                              : "holds several arrays (" + arrayNames(arrays) +
                                                    "): name the series 'x' when saving it (np.savez(path, x=..., labels=..., lengths=...))");
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s;
    for (std::int64_t d : shape) s += (s.empty() ? "" : ", ") + std::to_string(d);
    return "[" + s + "]";
}

std::vector<std::int64_t> perSequence(const NpyArray& a, std::int64_t batch, const std::string& source, const std::string& what) {
    if (a.shape.size() != 1 || a.shape[0] != batch)
        throw InputError(source, what + " must be a 1-D array of " + std::to_string(batch) +
                                     " integers (one per series), found shape " + shapeText(a.shape));
    return a.toInt64(source + " (" + what + ")");
}

void fillSeries(Dataset& d, const NpyArray& x, const std::string& source) {
    if (x.shape.size() != 2 && x.shape.size() != 3)
        throw InputError(source, "series must be [b, T] or [b, T, features], found a " + std::to_string(x.shape.size()) + "-D array");
    const std::int64_t batch = x.shape[0], time = x.shape[1];
    d.channels = x.shape.size() == 3 ? static_cast<int>(x.shape[2]) : 1;
    if (batch < 1 || time < 1 || d.channels < 1) throw InputError(source, "the array holds no series (a dimension is 0)");
    const std::vector<float> values = x.toFloat();
    const auto bad = std::find_if(values.begin(), values.end(), [](float v) { return !std::isfinite(v); });
    if (bad != values.end()) {
        const auto at = (bad - values.begin()) / (time * d.channels);
        throw InputError(source, "series " + std::to_string(at) + " holds a non-finite value");
    }
    const std::size_t step = static_cast<std::size_t>(time) * d.channels;
    for (std::int64_t b = 0; b < batch; ++b)
        d.series.emplace_back(values.begin() + b * step, values.begin() + (b + 1) * step);
}

void applyLengths(Dataset& d, const std::vector<std::int64_t>& lengths, const std::string& source) {
    const std::int64_t time = d.seriesLength(0);
    for (std::size_t b = 0; b < lengths.size(); ++b) {
        if (lengths[b] < 1 || lengths[b] > time)
            throw InputError(source, "lengths: series " + std::to_string(b) + " has length " + std::to_string(lengths[b]) +
                                         ", outside 1.." + std::to_string(time));
        d.series[b].resize(static_cast<std::size_t>(lengths[b]) * d.channels);
    }
}

void applyLabels(Dataset& d, const std::vector<std::int64_t>& labels) {
    std::vector<std::string> written;
    for (std::int64_t l : labels) written.push_back(std::to_string(l));
    assignLabels(d, written);
}

}  // namespace

bool isNpySeriesFormat(const std::string& format) { return format == "npy" || format == "npz"; }

Dataset loadNpySeries(const std::string& path, const std::string& format, const DatasetOptions& options) {
    Dataset d;
    d.source = path;
    d.format = format;
    d.kind = Dataset::Kind::Series;
    std::string from;
    if (format == "npz") {
        const NamedArrays arrays = readNpz(path);
        const auto& [name, x] = seriesArray(arrays, path);
        fillSeries(d, x, path + " ('" + name + "')");
        from = "series from array '" + name + "'";
        for (const auto& [other, a] : arrays) {
            if (other == "lengths") {
                applyLengths(d, perSequence(a, x.shape[0], path, "lengths"), path);
                from += ", lengths from 'lengths'";
            } else if (isOneOf(other, kLabelArrays) && options.labelsPath.empty()) {
                applyLabels(d, perSequence(a, x.shape[0], path, "'" + other + "'"));
                from += ", labels from '" + other + "'";
            }
        }
    } else {
        fillSeries(d, readNpy(path), path);
        from = "series from the array";
    }
    if (!options.labelsPath.empty()) {
        applyLabels(d, perSequence(readNpy(options.labelsPath), static_cast<std::int64_t>(d.series.size()),
                                   options.labelsPath, "labels"));
        from += ", labels from " + options.labelsPath;
    }
    if (d.labels.empty()) d.labels.assign(d.series.size(), -1);
    if (options.zNormalize) zNormalizeSeries(d);
    d.notes.push_back("read as NumPy series [" + std::to_string(d.series.size()) + ", " + std::to_string(d.seriesLength(0)) +
                      ", " + std::to_string(d.channels) + "]: " + from);
    return d;
}

}  // namespace kann
