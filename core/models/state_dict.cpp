#include "core/models/state_dict.h"

#include "core/common/error.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace kann {

std::string joinNames(const std::vector<std::string>& names, std::size_t limit) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < limit; ++i) out += (i ? ", " : "") + names[i];
    if (names.size() > limit) out += " ... (" + std::to_string(names.size() - limit) + " more)";
    return out;
}

namespace {

// "[3, 7]": the index of flat element `flat` in a C-order tensor of `shape`.
std::string indexText(const std::vector<std::int64_t>& shape, std::int64_t flat) {
    std::vector<std::int64_t> index(shape.size());
    for (std::size_t d = shape.size(); d-- > 0;) {
        index[d] = flat % shape[d];
        flat /= shape[d];
    }
    PlainTensor at;
    at.shape = index;
    return at.shapeText();
}

// NaN or infinite weights would only show up as non-finite states much later; name the first one.
void requireFiniteWeights(const std::vector<NamedTensor>& tensors, const std::string& source) {
    for (const NamedTensor& t : tensors) {
        const auto& data = t.tensor.data;
        const auto bad = std::find_if(data.begin(), data.end(), [](float v) { return !std::isfinite(v); });
        if (bad == data.end()) continue;
        const std::int64_t flat = bad - data.begin();
        throw InputError(source, "'" + t.key + "' holds a non-finite weight (" + std::to_string(*bad) + ") at " +
                                     indexText(t.tensor.shape, flat) + ", element " + std::to_string(flat) + " of " +
                                     std::to_string(data.size()) +
                                     ": the model diverged in training or the file is damaged");
    }
}

}  // namespace

StateDict::StateDict(std::vector<NamedTensor> tensors, std::string source, std::vector<std::string> notes)
    : tensors_(std::move(tensors)), source_(std::move(source)), notes_(std::move(notes)) {
    requireFiniteWeights(tensors_, source_);
    for (std::size_t i = 0; i < tensors_.size(); ++i) index_[tensors_[i].key] = i;
}

std::vector<std::string> StateDict::keys() const {
    std::vector<std::string> out;
    for (const auto& t : tensors_) out.push_back(t.key);
    return out;
}

const PlainTensor& StateDict::at(const std::string& key) const {
    const auto it = index_.find(key);
    if (it == index_.end()) throw InputError(source_, "the state dict has no key '" + key + "'");
    return tensors_[it->second].tensor;
}

const PlainTensor& StateDict::get(const std::string& key, const std::vector<std::int64_t>& shape) const {
    const PlainTensor& t = at(key);
    bool ok = t.shape.size() == shape.size();
    for (std::size_t i = 0; ok && i < shape.size(); ++i) ok = shape[i] < 0 || shape[i] == t.shape[i];
    if (!ok) {
        PlainTensor expected;
        expected.shape = shape;
        std::string text = expected.shapeText();
        for (std::size_t pos; (pos = text.find("-1")) != std::string::npos;) text.replace(pos, 2, "*");
        throw InputError(source_, "'" + key + "' has shape " + t.shapeText() + ", expected " + text);
    }
    return t;
}

RowMatrixXf StateDict::matrix(const std::string& key, std::int64_t rows, std::int64_t cols) const {
    const PlainTensor& t = get(key, {rows, cols});
    return Eigen::Map<const RowMatrixXf>(t.data.data(), t.shape[0], t.shape[1]);
}

Eigen::VectorXf StateDict::vector(const std::string& key, std::int64_t size) const {
    const PlainTensor& t = get(key, {size});
    return Eigen::Map<const Eigen::VectorXf>(t.data.data(), t.shape[0]);
}

void StateDict::requireExactly(const std::vector<std::string>& expected, const std::string& layout) const {
    const std::set<std::string> wanted(expected.begin(), expected.end());
    std::vector<std::string> missing, unexpected;
    for (const auto& key : expected) {
        if (!has(key)) missing.push_back(key);
    }
    for (const auto& t : tensors_) {
        if (!wanted.count(t.key)) unexpected.push_back(t.key);
    }
    if (missing.empty() && unexpected.empty()) return;
    std::string problem = "the keys do not match the " + layout + " layout:";
    if (!missing.empty()) problem += " missing keys: " + joinNames(missing) + (unexpected.empty() ? "" : ";");
    if (!unexpected.empty()) problem += " unexpected keys: " + joinNames(unexpected);
    throw InputError(source_, problem);
}

}  // namespace kann
