#include "core/models/layouts.h"

#include "core/common/error.h"
#include "core/models/recurrent_network.h"

#include <algorithm>

namespace kann {

namespace {

bool endsWith(const std::string& text, const std::string& tail) {
    return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// The four keys of one cell: "<prefix>weight_ih<suffix>", ...
struct CellKeys {
    std::string prefix, suffix;
    std::string key(const char* name) const { return prefix + name + suffix; }
    std::vector<std::string> all(bool bias) const {
        std::vector<std::string> keys{key("weight_ih"), key("weight_hh")};
        if (bias) keys.insert(keys.end(), {key("bias_ih"), key("bias_hh")});
        return keys;
    }
};

// A cell's weights; the type comes from the gate multiple (3h GRU, 4h LSTM, h tanh RNN).
CellWeights readCell(const StateDict& dict, const CellKeys& keys, std::int64_t input) {
    const PlainTensor& hh = dict.get(keys.key("weight_hh"), {-1, -1});
    const std::int64_t hidden = hh.shape[1], rows = hh.shape[0];
    CellWeights cell;
    if (hidden > 0 && rows == 3 * hidden) cell.type = CellType::GRU;
    else if (hidden > 0 && rows == 4 * hidden) cell.type = CellType::LSTM;
    else if (hidden > 0 && rows == hidden) cell.type = CellType::RNN;
    else
        throw InputError(dict.source(), "'" + keys.key("weight_hh") + "' has shape " + hh.shapeText() +
                                            ": not 1, 3 or 4 gates of the hidden size (RNN, GRU, LSTM)");
    cell.wHh = dict.matrix(keys.key("weight_hh"), rows, hidden);
    cell.wIh = dict.matrix(keys.key("weight_ih"), rows, input);
    const bool bias = dict.has(keys.key("bias_ih"));
    cell.bIh = bias ? dict.vector(keys.key("bias_ih"), rows) : Eigen::VectorXf::Zero(rows);
    cell.bHh = bias ? dict.vector(keys.key("bias_hh"), rows) : Eigen::VectorXf::Zero(rows);
    return cell;
}

std::int64_t columns(const StateDict& dict, const std::string& key) { return dict.get(key, {-1, -1}).shape[1]; }

LinearLayer readLinear(const StateDict& dict, const std::string& prefix, std::int64_t input) {
    const std::int64_t outputs = dict.get(prefix + "weight", {-1, input}).shape[0];
    return {dict.matrix(prefix + "weight", outputs, input), dict.vector(prefix + "bias", outputs)};
}

void rejectUnsupported(const StateDict& dict) {
    for (const auto& key : dict.keys()) {
        if (endsWith(key, "_reverse"))
            throw InputError(dict.source(), "bidirectional RNNs are not supported ('" + key +
                                                "'): their states do not form one trajectory in time");
        if (key.find("weight_hr_l") != std::string::npos)
            throw InputError(dict.source(), "LSTMs with proj_size are not supported ('" + key + "')");
    }
}

NetworkInfo cellInfo(const std::string& layout, const CellWeights& cell, bool hiddenAndCell) {
    NetworkInfo info;
    info.layout = layout;
    info.cell = cellName(cell.type);
    info.inputSize = cell.inputSize();
    info.hiddenSize = cell.hiddenSize();
    info.lstmHiddenAndCell = hiddenAndCell;
    info.stateDim = hiddenAndCell ? 2 * info.hiddenSize : info.hiddenSize;
    return info;
}

void checkLayer(const StateDict& dict, const LoadOptions& options, int layers) {
    if (options.layer < -1 || options.layer >= layers)
        throw InputError(dict.source(), "layer " + std::to_string(options.layer) + " was requested, but the network has " +
                                            std::to_string(layers) + (layers == 1 ? " layer" : " layers"));
}

void checkCellState(const StateDict& dict, const LoadOptions& options, CellType analysed) {
    if (options.lstmHiddenAndCell && analysed != CellType::LSTM)
        throw InputError(dict.source(), "states h and c were requested, but the network is a " + cellName(analysed) +
                                            " (only an LSTM has a cell state)");
}

std::unique_ptr<Network> sentiment(const StateDict& dict, const LoadOptions& options) {
    const CellKeys rnn{"rnn.", ""};
    std::vector<std::string> expected = rnn.all(true);
    expected.insert(expected.end(), {"embedding.weight", "linear.weight", "linear.bias"});
    dict.requireExactly(expected, "sentiment");
    const std::int64_t embed = columns(dict, "embedding.weight");
    CellWeights cell = readCell(dict, rnn, embed);
    checkLayer(dict, options, 1);
    checkCellState(dict, options, cell.type);
    RecurrentParts parts;
    parts.info = cellInfo("sentiment", cell, options.lstmHiddenAndCell);
    parts.source = dict.source();
    parts.embedding = dict.matrix("embedding.weight", -1, embed);
    parts.info.vocabSize = static_cast<int>(parts.embedding.rows());
    parts.readout = readLinear(dict, "linear.", cell.hiddenSize());
    parts.info.readoutOutputs = static_cast<int>(parts.readout->weight.rows());
    parts.info.readoutActivation = "sigmoid";  // the reference's Model.readouts: sigmoid(linear(h))
    parts.encoder = std::make_shared<CellStack>(std::vector<CellWeights>{std::move(cell)});
    return std::make_unique<RecurrentNetwork>(std::move(parts));
}

std::unique_ptr<Network> ecgAutoencoder(const StateDict& dict, const LoadOptions& options) {
    const CellKeys encoderKeys{"encoder.rnn.", "_l0"}, decoderKeys{"decoder.rnn.", "_l0"};
    std::vector<std::string> expected = encoderKeys.all(true);
    for (const auto& key : decoderKeys.all(true)) expected.push_back(key);
    expected.insert(expected.end(), {"decoder.output_layer.weight", "decoder.output_layer.bias"});
    dict.requireExactly(expected, "ECG autoencoder");
    CellWeights encoder = readCell(dict, encoderKeys, columns(dict, encoderKeys.key("weight_ih")));
    CellWeights decoder = readCell(dict, decoderKeys, encoder.hiddenSize());
    checkLayer(dict, options, 1);
    checkCellState(dict, options, encoder.type);
    RecurrentParts parts;
    parts.info = cellInfo("ecg-autoencoder", encoder, options.lstmHiddenAndCell);
    parts.source = dict.source();
    LinearLayer output = readLinear(dict, "decoder.output_layer.", decoder.hiddenSize());
    parts.info.decoderOutputs = static_cast<int>(output.weight.rows());
    parts.encoder = std::make_shared<CellStack>(std::vector<CellWeights>{std::move(encoder)});
    parts.decoder = std::make_shared<SequenceDecoder>(
        SequenceDecoder{CellStack(std::vector<CellWeights>{std::move(decoder)}), std::move(output)});
    return std::make_unique<RecurrentNetwork>(std::move(parts));
}

// The prefix of the stack's keys ("", "rnn.", "model.gru.", ...).
std::string stackPrefix(const StateDict& dict) {
    std::vector<std::string> prefixes;
    for (const auto& key : dict.keys()) {
        if (endsWith(key, "weight_ih_l0")) prefixes.push_back(key.substr(0, key.size() - 12));
    }
    if (prefixes.empty())
        throw InputError(dict.source(), "no torch.nn RNN/GRU/LSTM keys (weight_ih_l0) among: " + joinNames(dict.keys()));
    if (prefixes.size() > 1)
        throw InputError(dict.source(), "several recurrent stacks (" + joinNames(prefixes) + "); only one is supported");
    return prefixes[0];
}

// A linear readout after the stack: the one `<name>.weight` / `<name>.bias` pair left over.
std::string readoutPrefix(const StateDict& dict, const std::vector<std::string>& used) {
    std::vector<std::string> rest;
    for (const auto& key : dict.keys()) {
        if (std::find(used.begin(), used.end(), key) == used.end()) rest.push_back(key);
    }
    if (rest.size() != 2 || !endsWith(rest[0], "weight") || rest[1] != rest[0].substr(0, rest[0].size() - 6) + "bias")
        return "";
    return rest[0].substr(0, rest[0].size() - 6);
}

std::unique_ptr<Network> stack(const StateDict& dict, const LoadOptions& options) {
    const std::string prefix = stackPrefix(dict);
    const bool bias = dict.has(prefix + "bias_ih_l0");
    std::vector<std::string> expected;
    std::vector<CellWeights> cells;
    std::int64_t input = columns(dict, prefix + "weight_ih_l0");
    for (int l = 0; dict.has(prefix + "weight_ih_l" + std::to_string(l)); ++l) {
        const CellKeys keys{prefix, "_l" + std::to_string(l)};
        for (const auto& key : keys.all(bias)) expected.push_back(key);
        cells.push_back(readCell(dict, keys, input));
        input = cells.back().hiddenSize();
    }
    const bool embedding = dict.has("embedding.weight");
    if (embedding) expected.push_back("embedding.weight");
    const std::string readout = readoutPrefix(dict, expected);
    if (!readout.empty()) expected.insert(expected.end(), {readout + "weight", readout + "bias"});
    dict.requireExactly(expected, "RNN stack");

    const int layers = static_cast<int>(cells.size());
    checkLayer(dict, options, layers);
    const int layer = options.layer < 0 ? layers - 1 : options.layer;
    checkCellState(dict, options, cells[layer].type);
    RecurrentParts parts;
    parts.info = cellInfo("stack", cells[layer], options.lstmHiddenAndCell);
    parts.info.inputSize = cells[0].inputSize();
    parts.info.layers = layers;
    parts.info.analysedLayer = layer;
    parts.source = dict.source();
    if (embedding) {
        parts.embedding = dict.matrix("embedding.weight", -1, cells[0].inputSize());
        parts.info.vocabSize = static_cast<int>(parts.embedding.rows());
    }
    // The readout reads the last layer: it applies to the states only when those are analysed.
    if (!readout.empty() && layer == layers - 1) {
        parts.readout = readLinear(dict, readout, cells.back().hiddenSize());
        parts.info.readoutOutputs = static_cast<int>(parts.readout->weight.rows());
    }
    parts.encoder = std::make_shared<CellStack>(std::move(cells));
    return std::make_unique<RecurrentNetwork>(std::move(parts));
}

}  // namespace

std::string detectLayout(const StateDict& dict) {
    if (dict.has("encoder.rnn.weight_ih_l0") && dict.has("decoder.rnn.weight_ih_l0")) return "ecg-autoencoder";
    if (dict.has("rnn.weight_ih")) return "sentiment";
    stackPrefix(dict);  // throws, listing the keys, when there is no stack either
    return "stack";
}

std::unique_ptr<Network> buildNetwork(const StateDict& dict, const LoadOptions& options) {
    rejectUnsupported(dict);
    const std::string layout = options.arch == "auto" ? detectLayout(dict) : options.arch;
    if (layout == "sentiment") return sentiment(dict, options);
    if (layout == "ecg-autoencoder") return ecgAutoencoder(dict, options);
    if (layout == "stack") return stack(dict, options);
    throw InputError(dict.source(), "unknown architecture '" + options.arch +
                                        "' (auto, sentiment, ecg-autoencoder, stack or torchscript)");
}

}  // namespace kann
