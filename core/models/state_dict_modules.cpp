#include "core/models/state_dict_modules.h"

#include "core/common/error.h"

#include <algorithm>

namespace kann {

namespace {

bool endsWith(const std::string& text, const std::string& tail) {
    return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// "<prefix>" when `key` is "<prefix><tail>" and the prefix is empty or ends a module path.
bool modulePrefix(const std::string& key, const std::string& tail, std::string& prefix) {
    if (!endsWith(key, tail)) return false;
    prefix = key.substr(0, key.size() - tail.size());
    return prefix.empty() || prefix.back() == '.';
}

bool contains(const std::vector<std::string>& keys, const std::string& key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::string suffix(const RecurrentModule& m, int layer, int direction) {
    if (m.cellForm) return "";
    return "_l" + std::to_string(layer) + (direction ? "_reverse" : "");
}

CellType cellType(const StateDict& dict, const std::string& key) {
    const PlainTensor& hh = dict.get(key, {-1, -1});
    const std::int64_t hidden = hh.shape[1], rows = hh.shape[0];
    if (hidden > 0 && rows == 3 * hidden) return CellType::GRU;
    if (hidden > 0 && rows == 4 * hidden) return CellType::LSTM;
    if (hidden > 0 && rows == hidden) return CellType::RNN;
    throw InputError(dict.source(), "'" + key + "' has shape " + hh.shapeText() +
                                        ": not 1, 3 or 4 gates of the hidden size (RNN, GRU, LSTM)");
}

// The module's keys, layer by layer and direction by direction, each checked to be present.
void collectKeys(const StateDict& dict, RecurrentModule& m) {
    for (int l = 0; l < m.layers; ++l) {
        for (int d = 0; d < (m.bidirectional ? 2 : 1); ++d) {
            const std::string end = suffix(m, l, d);
            const bool biasIh = dict.has(m.prefix + "bias_ih" + end), biasHh = dict.has(m.prefix + "bias_hh" + end);
            if (biasIh != biasHh || biasIh != m.bias)
                throw InputError(dict.source(), m.name() + " has " + (biasIh || biasHh ? "only one of" : "neither of") +
                                                    " '" + m.prefix + "bias_ih" + end + "' and '" + m.prefix + "bias_hh" +
                                                    end + "'; each layer needs both or neither (missing keys)");
            for (const char* name : {"weight_ih", "weight_hh", "bias_ih", "bias_hh"}) {
                const std::string key = m.prefix + name + end;
                if (name[0] == 'b' && !m.bias) continue;
                if (!dict.has(key)) throw InputError(dict.source(), m.name() + " lacks the key '" + key + "' (missing keys)");
                m.keys.push_back(key);
            }
        }
    }
}

RecurrentModule moduleAt(const StateDict& dict, const std::string& prefix, bool cellForm) {
    RecurrentModule m;
    m.prefix = prefix;
    m.cellForm = cellForm;
    if (!cellForm) {
        while (dict.has(prefix + "weight_ih_l" + std::to_string(m.layers))) ++m.layers;
        m.bidirectional = dict.has(prefix + "weight_ih_l0_reverse");
        if (dict.has(prefix + "weight_hr_l0"))
            throw InputError(dict.source(), "LSTMs with proj_size are not supported ('" + prefix + "weight_hr_l0')");
    }
    const std::string end = suffix(m, 0, 0);
    m.bias = dict.has(prefix + "bias_ih" + end) || dict.has(prefix + "bias_hh" + end);
    m.type = cellType(dict, prefix + "weight_hh" + end);
    m.hidden = dict.get(prefix + "weight_hh" + end, {-1, -1}).shape[1];
    m.input = dict.get(prefix + "weight_ih" + end, {-1, -1}).shape[1];
    collectKeys(dict, m);
    return m;
}

}  // namespace

std::string prefixName(const std::string& prefix) {
    return prefix.empty() || prefix.back() != '.' ? prefix : prefix.substr(0, prefix.size() - 1);
}

std::string RecurrentModule::name() const { return prefix.empty() ? "(top-level keys)" : "`" + prefixName(prefix) + "`"; }

std::string LinearModule::name() const { return prefixName(prefix); }

CellWeights RecurrentModule::cell(const StateDict& dict, int layer, int direction, std::int64_t in) const {
    const std::string end = suffix(*this, layer, direction);
    const std::int64_t rows = gateMultiple(type) * hidden;
    CellWeights c;
    c.type = cellType(dict, prefix + "weight_hh" + end);
    if (c.type != type) throw InputError(dict.source(), "'" + prefix + "weight_hh" + end + "' is not a " + cellName(type) + " layer like the first");
    c.wHh = dict.matrix(prefix + "weight_hh" + end, rows, hidden);
    c.wIh = dict.matrix(prefix + "weight_ih" + end, rows, in);
    c.bIh = bias ? dict.vector(prefix + "bias_ih" + end, rows) : Eigen::VectorXf::Zero(rows);
    c.bHh = bias ? dict.vector(prefix + "bias_hh" + end, rows) : Eigen::VectorXf::Zero(rows);
    return c;
}

std::vector<RecurrentModule> findRecurrentModules(const StateDict& dict) {
    std::vector<RecurrentModule> out;
    std::string prefix;
    for (const auto& key : dict.keys()) {
        if (modulePrefix(key, "weight_ih_l0", prefix)) out.push_back(moduleAt(dict, prefix, false));
        else if (modulePrefix(key, "weight_ih", prefix)) out.push_back(moduleAt(dict, prefix, true));
    }
    return out;
}

std::vector<LinearModule> findLinearModules(const StateDict& dict, const std::vector<std::string>& used) {
    std::vector<LinearModule> out;
    std::string prefix;
    for (const auto& key : dict.keys()) {
        if (contains(used, key) || !modulePrefix(key, "weight", prefix) || dict.at(key).shape.size() != 2) continue;
        LinearModule m{prefix, dict.at(key).shape[1], dict.at(key).shape[0], {key}};
        const std::string bias = prefix + "bias";
        if (dict.has(bias) && !contains(used, bias) && dict.at(bias).shape == std::vector<std::int64_t>{m.out})
            m.keys.push_back(bias);
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<std::string> findEmbeddings(const StateDict& dict, const std::vector<std::string>& used, std::int64_t columns) {
    std::vector<std::string> out;
    for (const LinearModule& m : findLinearModules(dict, used)) {
        if (m.keys.size() == 1 && m.in == columns) out.push_back(m.keys[0]);
    }
    return out;
}

}  // namespace kann
