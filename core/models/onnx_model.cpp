#include "core/models/onnx_model.h"

#include "core/common/error.h"
#include "core/models/recurrent_network.h"
#include "core/models/state_dict.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <sstream>

namespace kann {

namespace {

bool isRecurrent(const OnnxNode& node) { return node.op == "RNN" || node.op == "GRU" || node.op == "LSTM"; }

CellType cellTypeOf(const OnnxNode& node) {
    return node.op == "GRU" ? CellType::GRU : node.op == "LSTM" ? CellType::LSTM : CellType::RNN;
}

// Ops that move, cast or reshape a tensor without changing its values: exporters put them between
// the embedding, the recurrent nodes and the readout (batch-first transposes, squeezed directions).
const std::set<std::string> kPassThrough = {"Transpose", "Reshape", "Squeeze", "Unsqueeze", "Cast", "Identity", "Dropout", "Flatten"};
// Ops that also pick parts of a tensor (the last step, the last layer) on the way to a readout.
const std::set<std::string> kSelectors = {"Transpose", "Reshape", "Squeeze", "Unsqueeze", "Cast", "Identity",
                                          "Dropout",   "Flatten", "Gather",  "Slice"};

struct Origin {
    std::string value;
    const OnnxNode* node = nullptr;  // nullptr: a graph input or a constant
};

// Where `value` comes from once the pass-through ops are skipped. A graph that loops (invalid
// ONNX) is refused rather than followed forever.
Origin originOf(const OnnxGraph& graph, std::string value) {
    const OnnxNode* node = graph.producerOf(value);
    for (std::size_t steps = 0; node && kPassThrough.count(node->op) && !node->inputs.empty(); ++steps) {
        if (steps > graph.nodes.size())
            throw InputError(graph.source, "the graph has a cycle through " + node->label() + " (not valid ONNX)");
        value = node->inputs[0];
        node = graph.producerOf(value);
    }
    return {value, node};
}

std::int64_t intAttribute(const OnnxNode& node, const char* key, std::int64_t fallback) {
    const auto* a = node.attribute(key);
    return a ? a->i : fallback;
}

bool allZero(const PlainTensor& t) {
    return std::all_of(t.data.begin(), t.data.end(), [](float v) { return v == 0; });
}

// True when `value` is zero whatever the batch: a zero constant, or ConstantOfShape of zero (how
// exporters build a default h0 for the batch at hand), through ops that only copy or select it.
bool provablyZero(const OnnxGraph& graph, const std::string& value, std::size_t depth = 0) {
    if (graph.isConstant(value)) return allZero(graph.constants.at(value));
    const OnnxNode* node = graph.producerOf(value);
    if (!node || depth > graph.nodes.size()) return false;  // past every node: a cycle, which proves nothing
    if (node->op == "ConstantOfShape") {
        const auto* v = node->attribute("value");
        return !v || !v->hasTensor || allZero(v->tensor);
    }
    static const std::set<std::string> copies = {"Expand", "Tile", "Slice", "Gather", "Reshape", "Squeeze", "Unsqueeze",
                                                 "Transpose", "Cast", "Identity"};
    if (copies.count(node->op) && !node->inputs.empty()) return provablyZero(graph, node->inputs[0], depth + 1);
    if (node->op == "Concat")
        return std::all_of(node->inputs.begin(), node->inputs.end(),
                           [&](const auto& v) { return provablyZero(graph, v, depth + 1); });
    return false;
}

class LayerReader {
public:
    LayerReader(const OnnxGraph& graph, const OnnxNode& node, std::vector<std::string>* assumptions)
        : graph_(graph), node_(node), assumptions_(assumptions) {}

    OnnxRecurrentLayer read() const {
        OnnxRecurrentLayer layer;
        layer.type = cellTypeOf(node_);
        layer.direction = directionAttribute();
        const std::int64_t dirs = layer.direction == "bidirectional" ? 2 : 1, G = gateMultiple(layer.type);
        const PlainTensor& r = constant(2, "R (recurrence weights)", true);
        const std::int64_t hidden = intAttribute(node_, "hidden_size", r.shape.size() == 3 ? r.shape[2] : 0);
        if (hidden <= 0) fail("has no hidden_size and R is not 3-D");
        const PlainTensor& w = constant(1, "W (input weights)", true);
        requireShape(w, "W", {dirs, G * hidden, -1});
        requireShape(r, "R", {dirs, G * hidden, hidden});
        layer.hidden = static_cast<int>(hidden);
        layer.input = static_cast<int>(w.shape[2]);
        layer.clip = node_.attribute("clip") ? node_.attribute("clip")->f : 0.0f;
        if (layer.clip < 0) fail("has a negative clip");
        layer.linearBeforeReset = intAttribute(node_, "linear_before_reset", 0) != 0;
        layer.inputForget = intAttribute(node_, "input_forget", 0) != 0;
        const PlainTensor* b = optionalConstant(3, "B (biases)");
        if (b) requireShape(*b, "B", {dirs, 2 * G * hidden});
        const PlainTensor* p = layer.type == CellType::LSTM ? optionalConstant(7, "P (peepholes)") : nullptr;
        if (p) requireShape(*p, "P", {dirs, 3 * hidden});
        const auto activations = activationsOf(layer.type, dirs);
        const std::int64_t gates = G * hidden;
        for (std::int64_t d = 0; d < dirs; ++d) {
            OnnxDirection dir;
            dir.w = slice(w, d, gates, layer.input);
            dir.r = slice(r, d, gates, hidden);
            dir.wb = b ? Eigen::VectorXf(slice(*b, d, 1, 2 * gates).row(0).head(gates).transpose()) : Eigen::VectorXf::Zero(gates);
            dir.rb = b ? Eigen::VectorXf(slice(*b, d, 1, 2 * gates).row(0).tail(gates).transpose()) : Eigen::VectorXf::Zero(gates);
            if (p) dir.p = slice(*p, d, 1, 3 * hidden).row(0).transpose();
            const std::size_t per = activations.size() / dirs;
            dir.activations.assign(activations.begin() + d * per, activations.begin() + (d + 1) * per);
            layer.directions.push_back(std::move(dir));
        }
        readInitialState(layer, 5, "initial_h", &OnnxDirection::initialH);
        if (layer.type == CellType::LSTM) readInitialState(layer, 6, "initial_c", &OnnxDirection::initialC);
        return layer;
    }

private:
    [[noreturn]] void fail(const std::string& problem) const { throw InputError(graph_.source, node_.label() + " " + problem); }

    std::string directionAttribute() const {
        const auto* a = node_.attribute("direction");
        const std::string direction = a ? a->s : "forward";
        if (direction != "forward" && direction != "reverse" && direction != "bidirectional")
            fail("has direction '" + direction + "' (ONNX knows forward, reverse and bidirectional)");
        return direction;
    }

    const PlainTensor* optionalConstant(std::size_t index, const char* what) const {
        return node_.input(index).empty() ? nullptr : &constant(index, what, true);
    }

    const PlainTensor& constant(std::size_t index, const char* what, bool required) const {
        const std::string value = node_.input(index);
        if (value.empty() && required) fail(std::string("has no input ") + what);
        const auto it = graph_.constants.find(value);
        if (it == graph_.constants.end())
            fail(std::string("reads its ") + what + " from '" + value + "', which is " +
                 (graph_.isInput(value) ? "a graph input" : "computed in the graph") +
                 ", not a constant: the weights must be initializers or Constant nodes");
        for (std::size_t i = 0; i < it->second.data.size(); ++i) {
            if (!std::isfinite(it->second.data[i]))
                fail(std::string("has a non-finite value in its ") + what + " '" + value + "' (element " +
                     std::to_string(i) + ")");
        }
        return it->second;
    }

    void requireShape(const PlainTensor& t, const char* what, const std::vector<std::int64_t>& shape) const {
        bool ok = t.shape.size() == shape.size();
        for (std::size_t i = 0; ok && i < shape.size(); ++i) ok = shape[i] < 0 || shape[i] == t.shape[i];
        if (!ok) {
            PlainTensor expected;
            expected.shape = shape;
            fail(std::string("has ") + what + " of shape " + t.shapeText() + "; expected " + expected.shapeText() +
                 " (-1: any)");
        }
    }

    // Direction d's rows x cols block of a [directions, rows, cols] tensor.
    static RowMatrixXf slice(const PlainTensor& t, std::int64_t d, std::int64_t rows, std::int64_t cols) {
        return Eigen::Map<const RowMatrixXf>(t.data.data() + d * rows * cols, rows, cols);
    }

    std::vector<OnnxActivation> activationsOf(CellType type, std::int64_t dirs) const {
        static const std::map<CellType, std::vector<std::string>> defaults = {
            {CellType::RNN, {"Tanh"}}, {CellType::GRU, {"Sigmoid", "Tanh"}}, {CellType::LSTM, {"Sigmoid", "Tanh", "Tanh"}}};
        const std::size_t per = defaults.at(type).size();
        std::vector<std::string> names;
        std::vector<float> alphas, betas;
        if (const auto* a = node_.attribute("activations")) names = a->strings;
        if (const auto* a = node_.attribute("activation_alpha")) alphas = a->floats;
        if (const auto* a = node_.attribute("activation_beta")) betas = a->floats;
        if (names.empty()) {
            for (std::int64_t d = 0; d < dirs; ++d) names.insert(names.end(), defaults.at(type).begin(), defaults.at(type).end());
        }
        if (names.size() == per && dirs == 2) names.insert(names.end(), names.begin(), names.end());
        if (names.size() != per * dirs)
            fail("lists " + std::to_string(names.size()) + " activations; a " + std::to_string(dirs) + "-direction " +
                 node_.op + " takes " + std::to_string(per * dirs));
        return onnxActivations(names, alphas, betas, graph_.source + ": " + node_.label());
    }

    void note(const std::string& text) const {
        if (assumptions_) assumptions_->push_back(text);
    }

    // The initial state: one state for every sequence when constant, zero when provably zero or
    // when the graph leaves it to the caller (said in the assumptions).
    void readInitialState(OnnxRecurrentLayer& layer, std::size_t index, const char* what,
                          Eigen::VectorXf OnnxDirection::*member) const {
        const std::string value = node_.input(index);
        if (value.empty() || provablyZero(graph_, value)) return;
        if (!graph_.isConstant(value)) {
            note(node_.label() + ": " + what + " comes from '" + value + "', " +
                 (graph_.isInput(value) ? "a graph input" : "computed in the graph") + "; the states start from zero");
            return;
        }
        const PlainTensor& t = constant(index, what, true);
        const bool batchFirst = intAttribute(node_, "layout", 0) != 0;
        const std::int64_t dirs = static_cast<std::int64_t>(layer.directions.size());
        if (t.shape.size() != 3 || t.shape[batchFirst ? 1 : 0] != dirs || t.shape[2] != layer.hidden)
            fail(std::string("has ") + what + " of shape " + t.shapeText() + ", not [directions, batch, hidden]");
        const std::int64_t batch = t.shape[batchFirst ? 0 : 1], H = layer.hidden;
        for (std::int64_t d = 0; d < dirs; ++d) {
            const auto at = [&](std::int64_t b) {
                const std::int64_t offset = (batchFirst ? b * dirs + d : d * batch + b) * H;
                return Eigen::Map<const Eigen::VectorXf>(t.data.data() + offset, H);
            };
            for (std::int64_t b = 1; b < batch; ++b) {
                if (at(b) != at(0))
                    fail(std::string("has a constant ") + what + " that differs between batch positions; the analysis "
                                                              "needs one initial state for every sequence");
            }
            if (batch > 0) layer.directions[d].*member = at(0);
        }
    }

    const OnnxGraph& graph_;
    const OnnxNode& node_;
    std::vector<std::string>* assumptions_;
};

// ---------------------------------------------------------------- the chain of recurrent nodes

// The recurrent node whose Y (through pass-through ops) feeds `node`, or nullptr.
const OnnxNode* previousLayer(const OnnxGraph& graph, const OnnxNode& node) {
    const Origin origin = originOf(graph, node.input(0));
    const OnnxNode* source = origin.node;
    return source && isRecurrent(*source) && !source->outputs.empty() && origin.value == source->outputs[0] ? source : nullptr;
}

std::string opsOf(const OnnxGraph& graph) {
    std::vector<std::string> ops;
    for (const auto& node : graph.nodes) {
        if (std::find(ops.begin(), ops.end(), node.op) == ops.end()) ops.push_back(node.op);
    }
    return joinNames(ops);
}

// The input of a chain's first layer: a graph input (a series), or token ids (a graph input) read
// through a table: a Gather from a constant matrix (an embedding), or a OneHot node, whose rows
// are those of a scaled identity matrix.
struct ChainInput {
    bool fromGraphInput = false;
    RowMatrixXf table;  // token id -> input row; empty for a series
    std::string name;   // "embedding Gather 5000×64", "one-hot OneHot 65"
};

// The largest one-hot depth read as a table (64 MB of floats).
constexpr std::int64_t kMaxOneHotDepth = 4096;

bool idsFromInput(const OnnxGraph& graph, const std::string& value) {
    const Origin ids = originOf(graph, value);
    return !ids.node && graph.isInput(ids.value);
}

ChainInput gatherInput(const OnnxGraph& graph, const OnnxNode& gather) {
    ChainInput in;
    const auto table = graph.constants.find(gather.input(0));
    if (table == graph.constants.end() || table->second.shape.size() != 2 || intAttribute(gather, "axis", 0) != 0 ||
        !idsFromInput(graph, gather.input(1)))
        return in;
    const PlainTensor& t = table->second;
    in.fromGraphInput = true;
    in.table = Eigen::Map<const RowMatrixXf>(t.data.data(), t.shape[0], t.shape[1]);
    in.name = "embedding Gather " + std::to_string(t.shape[0]) + "×" + std::to_string(t.shape[1]);
    return in;
}

ChainInput oneHotInput(const OnnxGraph& graph, const OnnxNode& oneHot) {
    ChainInput in;
    const auto depth = graph.constants.find(oneHot.input(1)), values = graph.constants.find(oneHot.input(2));
    if (depth == graph.constants.end() || depth->second.numel() != 1 || values == graph.constants.end() ||
        values->second.numel() != 2 || intAttribute(oneHot, "axis", -1) != -1 || !idsFromInput(graph, oneHot.input(0)))
        return in;
    const auto d = static_cast<std::int64_t>(depth->second.data[0]);
    if (d < 1 || d > kMaxOneHotDepth)
        throw InputError(graph.source, oneHot.label() + " has depth " + std::to_string(d) + "; one-hot inputs of 1.." +
                                           std::to_string(kMaxOneHotDepth) + " classes are supported");
    const float off = values->second.data[0], on = values->second.data[1];
    in.fromGraphInput = true;
    in.table = RowMatrixXf::Constant(d, d, off);
    in.table.diagonal().setConstant(on);
    in.name = "one-hot OneHot " + std::to_string(d);
    return in;
}

ChainInput chainInput(const OnnxGraph& graph, const OnnxNode& first) {
    const Origin origin = originOf(graph, first.input(0));
    if (!origin.node) {
        ChainInput in;
        in.fromGraphInput = graph.isInput(origin.value);
        return in;
    }
    if (origin.node->op == "Gather") return gatherInput(graph, *origin.node);
    if (origin.node->op == "OneHot") return oneHotInput(graph, *origin.node);
    return {};
}

std::vector<std::vector<const OnnxNode*>> chains(const OnnxGraph& graph) {
    std::vector<std::vector<const OnnxNode*>> out;
    for (const auto& node : graph.nodes) {
        if (!isRecurrent(node)) continue;
        const OnnxNode* previous = previousLayer(graph, node);
        auto chain = std::find_if(out.begin(), out.end(), [&](const auto& c) { return c.back() == previous; });
        if (previous && chain != out.end()) chain->push_back(&node);
        else out.push_back({&node});
    }
    return out;
}

std::string chainText(const std::vector<const OnnxNode*>& chain) {
    std::string text;
    for (const auto* node : chain) text += (text.empty() ? "" : " -> ") + node->label();
    return text;
}

// The chain fed by the graph's input; refuses graphs with none or several, naming them.
std::vector<const OnnxNode*> recurrentChain(const OnnxGraph& graph) {
    const auto all = chains(graph);
    if (all.empty())
        throw InputError(graph.source, "no RNN, GRU or LSTM node among the graph's " + std::to_string(graph.nodes.size()) +
                                           " nodes (ops: " + opsOf(graph) + ")");
    std::vector<std::vector<const OnnxNode*>> fed;
    for (const auto& chain : all) {
        if (chainInput(graph, *chain[0]).fromGraphInput) fed.push_back(chain);
    }
    if (fed.size() == 1) return fed[0];
    if (fed.empty()) {
        const Origin origin = originOf(graph, all[0][0]->input(0));
        throw InputError(graph.source, all[0][0]->label() + " reads '" + origin.value + "', " +
                                           (origin.node ? "computed by " + origin.node->label() : std::string("a constant")) +
                                           "; only a graph input, or a Gather embedding or OneHot of one, may feed the first "
                                           "recurrent layer");
    }
    std::string list;
    for (const auto& chain : fed) list += (list.empty() ? "" : "; ") + chainText(chain);
    throw InputError(graph.source, "several recurrent chains read the graph's input (" + list + "); only one is supported");
}

// ---------------------------------------------------------------- the readout

struct Readout {
    LinearLayer layer;
    std::string activation;
    std::string text;  // "Gemm 'fc' 128->1"
};

const OnnxNode* soleConsumer(const OnnxGraph& graph, const std::string& value, const std::string& op) {
    const auto consumers = graph.consumersOf(value);
    return consumers.size() == 1 && consumers[0]->op == op && !consumers[0]->outputs.empty() ? consumers[0] : nullptr;
}

// A Gemm, or a MatMul with an Add, whose weight is a constant: the linear map the last layer's
// states reach through selections (last step, last layer) and reshapes.
const OnnxNode* linearAfter(const OnnxGraph& graph, const OnnxNode& last) {
    std::vector<std::string> frontier(last.outputs.begin(), last.outputs.begin() + std::min<std::size_t>(2, last.outputs.size()));
    std::set<std::string> seen;
    while (!frontier.empty()) {
        const std::string value = frontier.back();
        frontier.pop_back();
        if (value.empty() || !seen.insert(value).second) continue;
        for (const auto* node : graph.consumersOf(value)) {
            if ((node->op == "Gemm" || node->op == "MatMul") && node->input(0) == value && !node->outputs.empty()) return node;
            if (kSelectors.count(node->op) && node->input(0) == value) frontier.insert(frontier.end(), node->outputs.begin(), node->outputs.end());
        }
    }
    return nullptr;
}

std::optional<Readout> readoutOf(const OnnxGraph& graph, const OnnxNode& linear) {
    const auto weight = graph.constants.find(linear.input(1));
    if (weight == graph.constants.end() || weight->second.shape.size() != 2) return std::nullopt;
    const PlainTensor& w = weight->second;
    const bool gemm = linear.op == "Gemm";
    if (gemm && intAttribute(linear, "transA", 0) != 0) return std::nullopt;
    const bool transposed = gemm && intAttribute(linear, "transB", 0) != 0;  // w is outputs x inputs
    const Eigen::Map<const RowMatrixXf> m(w.data.data(), w.shape[0], w.shape[1]);
    Readout r;
    r.layer.weight = transposed ? RowMatrixXf(m) : RowMatrixXf(m.transpose());
    const auto outputs = r.layer.weight.rows();
    r.layer.bias = Eigen::VectorXf::Zero(outputs);
    std::string out = linear.outputs[0];
    if (gemm) {
        const float alpha = linear.attribute("alpha") ? linear.attribute("alpha")->f : 1.0f;
        const float beta = linear.attribute("beta") ? linear.attribute("beta")->f : 1.0f;
        r.layer.weight *= alpha;
        const auto c = graph.constants.find(linear.input(2));
        if (c != graph.constants.end() && c->second.numel() == outputs)
            r.layer.bias = beta * Eigen::Map<const Eigen::VectorXf>(c->second.data.data(), outputs);
    } else if (const OnnxNode* add = soleConsumer(graph, out, "Add")) {
        const auto c = graph.constants.find(add->input(add->input(0) == out ? 1 : 0));
        if (c != graph.constants.end() && c->second.numel() == outputs) {
            r.layer.bias = Eigen::Map<const Eigen::VectorXf>(c->second.data.data(), outputs);
            out = add->outputs[0];
        }
    }
    if (soleConsumer(graph, out, "Sigmoid")) r.activation = "sigmoid";
    r.text = linear.label() + " " + std::to_string(r.layer.weight.cols()) + "→" + std::to_string(outputs) +
             (r.activation.empty() ? "" : " with " + r.activation);
    return r;
}

// ---------------------------------------------------------------- the network

class OnnxNetwork : public Network {
public:
    OnnxNetwork(NetworkInfo info, std::string source, RowMatrixXf embedding, std::vector<OnnxRecurrentLayer> layers,
                int direction, std::optional<LinearLayer> readout)
        : info_(std::move(info)), source_(std::move(source)), embedding_(std::move(embedding)),
          layers_(std::move(layers)), direction_(direction), readout_(std::move(readout)) {}

    const NetworkInfo& info() const override { return info_; }

    HiddenStates unroll(const InputBatch& batch, const Progress& progress) const override {
        checkNetworkInput(batch, embedding_, info_.inputSize, source_);
        const bool tokens = batch.kind == InputBatch::Kind::Tokens;
        const RowMatrixXf series =
            tokens ? RowMatrixXf()
                   : Eigen::Map<const RowMatrixXf>(batch.values.data(), static_cast<Eigen::Index>(batch.batch) * batch.time,
                                                   batch.features);
        // Layer 0 reads the embedding by token id; each layer above reads the one below's states.
        OnnxInput input = tokens ? OnnxInput(embedding_, &batch.tokens) : OnnxInput(series);
        RowMatrixXf below;
        const int analysed = info_.analysedLayer;
        int run = 0;
        const int runs = analysed + 1 + [&] {
            int n = 0;
            for (int l = 0; l < analysed; ++l) n += static_cast<int>(layers_[l].directions.size()) - 1;
            return n;
        }();
        const auto part = [&](int k) {
            Progress p = progress;
            if (progress.report)
                p.report = [&, k](std::int64_t done, std::int64_t total, const std::string& stage) {
                    progress.report(k * total + done, runs * total, stage);
                };
            return p;
        };
        for (int l = 0; l < analysed; ++l) {
            const OnnxRecurrentLayer& L = layers_[l];
            RowMatrixXf next(static_cast<Eigen::Index>(batch.batch) * batch.time,
                             L.hidden * static_cast<Eigen::Index>(L.directions.size()));
            for (int d = 0; d < static_cast<int>(L.directions.size()); ++d)
                next.middleCols(d * L.hidden, L.hidden) =
                    runOnnxDirection(L, d, input, batch.time, batch.lengths, false, {}, part(run++)).y;
            below = std::move(next);
            input = OnnxInput(below);
        }
        const OnnxRecurrentLayer& L = layers_[analysed];
        const OnnxRun out = runOnnxDirection(L, direction_, input, batch.time, batch.lengths, info_.lstmHiddenAndCell, {},
                                             part(run));
        return ownTimeOrder(out, L.reversed(direction_), batch);
    }

    RowMatrixXf readout(const RowMatrixXf& states) const override {
        if (!readout_) return Network::readout(states);
        if (states.cols() != info_.stateDim)
            throw InputError(source_, "the readout takes states of dimension " + std::to_string(info_.stateDim) + ", got " +
                                          std::to_string(states.cols()));
        return readout_->apply(states.leftCols(info_.hiddenSize));
    }

private:
    // A reversed direction's states in its own time order: step t is the state after reading
    // steps n-1 .. n-1-t of a sequence of length n.
    HiddenStates ownTimeOrder(const OnnxRun& out, bool reversed, const InputBatch& batch) const {
        const int H = info_.hiddenSize;
        HiddenStates states = HiddenStates::zeros(batch.batch, batch.time, info_.stateDim);
        states.lengths = batch.lengths;
        for (int b = 0; b < batch.batch; ++b) {
            const int n = batch.lengths[b];
            for (int t = 0; t < n; ++t) {
                const Eigen::Index from = static_cast<Eigen::Index>(b) * batch.time + (reversed ? n - 1 - t : t);
                Eigen::Map<Eigen::RowVectorXf>(states.row(b, t), H) = out.y.row(from);
                if (out.c.size()) Eigen::Map<Eigen::RowVectorXf>(states.row(b, t) + H, H) = out.c.row(from);
            }
        }
        return states;
    }

    NetworkInfo info_;
    std::string source_;
    RowMatrixXf embedding_;  // token id -> input row (an embedding, or one-hot rows); empty for a series
    std::vector<OnnxRecurrentLayer> layers_;
    int direction_;
    std::optional<LinearLayer> readout_;
};

int analysedLayer(const std::string& source, const LoadOptions& options, int layers) {
    if (options.layer < -1 || options.layer >= layers)
        throw InputError(source, "layer " + std::to_string(options.layer) + " was requested, but the ONNX graph has " +
                                     std::to_string(layers) + (layers == 1 ? " recurrent layer" : " recurrent layers"));
    return options.layer < 0 ? layers - 1 : options.layer;
}

// Which direction of `layer` is analysed; what was assumed goes to `assumptions`.
int chooseDirection(const std::string& source, const OnnxNode& node, const OnnxRecurrentLayer& layer,
                    const LoadOptions& options, std::vector<std::string>& assumptions) {
    if (!options.direction.empty() && options.direction != "forward" && options.direction != "backward")
        throw InputError(source, "--direction " + options.direction + ": use forward or backward");
    const bool backward = options.direction == "backward";
    if (layer.direction == "bidirectional") {
        if (options.direction.empty())
            assumptions.push_back(node.label() + " is bidirectional: its forward direction is analysed "
                                                 "(--direction backward for the other)");
        return backward ? 1 : 0;
    }
    if (layer.direction == "reverse") {
        if (options.direction == "forward")
            throw InputError(source, "--direction forward, but " + node.label() + " runs in reverse only");
        return 0;
    }
    if (backward) throw InputError(source, "--direction backward, but " + node.label() + " runs forward only");
    return 0;
}

// "ONNX GRU (linear_before_reset=1) 64→128, embedding Gather 5000×64": the network's input size and
// the analysed layer's hidden size, as the other layouts say it.
std::string describe(const OnnxNode& node, const OnnxRecurrentLayer& layer, const ChainInput& input, int inputSize,
                     int layers, int analysed) {
    std::ostringstream text;
    text << "ONNX " << (layers > 1 ? std::to_string(layers) + "-layer " : "") << node.op;
    std::vector<std::string> traits;
    if (layer.type == CellType::GRU) traits.push_back("linear_before_reset=" + std::to_string(layer.linearBeforeReset ? 1 : 0));
    if (layer.direction != "forward") traits.push_back(layer.direction);
    std::string activations;
    for (const auto& a : layer.directions[0].activations) activations += (activations.empty() ? "" : ",") + activationName(a);
    const bool defaults = activations == (layer.type == CellType::RNN    ? "Tanh"
                                          : layer.type == CellType::GRU  ? "Sigmoid,Tanh"
                                                                         : "Sigmoid,Tanh,Tanh");
    if (!defaults) traits.push_back("activations " + activations);
    if (layer.clip > 0) traits.push_back("clip " + std::to_string(layer.clip));
    if (layer.directions[0].p.size() > 0) traits.push_back("peepholes");
    if (!traits.empty()) text << " (" << joinNames(traits) << ")";
    text << " " << inputSize << "→" << layer.hidden;
    if (layers > 1) text << ", layer " << analysed << " analysed";
    if (input.table.size()) text << ", " << input.name;
    return text.str();
}

}  // namespace

OnnxRecurrentLayer onnxRecurrentLayer(const OnnxGraph& graph, const OnnxNode& node, std::vector<std::string>* assumptions) {
    return LayerReader(graph, node, assumptions).read();
}

std::unique_ptr<Network> loadOnnxModel(const std::string& path, const LoadOptions& options) {
    const OnnxGraph graph = readOnnxModel(path);
    const auto chain = recurrentChain(graph);
    NetworkInfo info;
    std::vector<OnnxRecurrentLayer> layers;
    for (const auto* node : chain) {
        layers.push_back(onnxRecurrentLayer(graph, *node, &info.assumptions));
        const auto& L = layers.back();
        const int fed = layers.size() > 1 ? layers[layers.size() - 2].hidden * static_cast<int>(layers[layers.size() - 2].directions.size()) : L.input;
        if (L.input != fed)
            throw InputError(path, node->label() + " takes inputs of size " + std::to_string(L.input) + ", but the layer before gives " + std::to_string(fed));
    }
    const int analysed = analysedLayer(path, options, static_cast<int>(layers.size()));
    const OnnxNode& node = *chain[analysed];
    const OnnxRecurrentLayer& L = layers[analysed];
    const int direction = chooseDirection(path, node, L, options, info.assumptions);
    if (options.lstmHiddenAndCell && L.type != CellType::LSTM)
        throw InputError(path, "states h and c were requested, but " + node.label() + " is a " + node.op +
                                   " (only an LSTM has a cell state)");
    ChainInput input = chainInput(graph, *chain[0]);
    if (input.table.size() && input.table.cols() != layers[0].input)
        throw InputError(path, "the " + input.name + " gives inputs of size " + std::to_string(input.table.cols()) + ", but " +
                                   chain[0]->label() + " takes " + std::to_string(layers[0].input));
    info.layout = "onnx";
    info.cell = cellName(L.type);
    info.inputSize = layers[0].input;
    info.hiddenSize = L.hidden;
    info.layers = static_cast<int>(layers.size());
    info.analysedLayer = analysed;
    info.vocabSize = static_cast<int>(input.table.rows());
    info.lstmHiddenAndCell = options.lstmHiddenAndCell;
    info.stateDim = options.lstmHiddenAndCell ? 2 * L.hidden : L.hidden;
    info.timeReversed = L.reversed(direction);
    info.description = describe(node, L, input, info.inputSize, info.layers, analysed);
    std::optional<LinearLayer> readout;
    if (const OnnxNode* linear = linearAfter(graph, *chain.back())) {
        auto r = readoutOf(graph, *linear);
        if (r && r->layer.weight.cols() == L.hidden && L.directions.size() == 1 && analysed == info.layers - 1) {
            info.readoutOutputs = static_cast<int>(r->layer.weight.rows());
            info.readoutActivation = r->activation;
            info.description += ", readout " + r->text;
            readout = std::move(r->layer);
        } else {
            info.assumptions.push_back("the " + linear->label() + " after the recurrent layers is not used as a readout: " +
                                 (r ? "it does not read the analysed states alone" : "it is not a linear map with a constant weight"));
        }
    }
    return std::make_unique<OnnxNetwork>(std::move(info), path, std::move(input.table), std::move(layers), direction,
                                         std::move(readout));
}

}  // namespace kann
