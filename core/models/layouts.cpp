#include "core/models/layouts.h"

#include "core/common/error.h"
#include "core/models/recurrent_network.h"
#include "core/models/state_dict_modules.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>

namespace kann {

namespace {

const char* const kRelu = "relu";

std::string dims(std::int64_t a, std::int64_t b) { return std::to_string(a) + "×" + std::to_string(b); }
std::string arrow(std::int64_t a, std::int64_t b) { return std::to_string(a) + "→" + std::to_string(b); }

// ---------------------------------------------------------------- choices a state dict cannot record

void checkChoice(const std::string& value, const std::string& option, std::initializer_list<const char*> allowed) {
    if (value.empty()) return;
    std::string names;
    for (const char* a : allowed) {
        if (value == a) return;
        names += (names.empty() ? "" : " or ") + std::string(a);
    }
    throw InputError("--" + option, "expects " + names + ", got '" + value + "'");
}

// nn.RNN's nonlinearity for every Elman cell; the assumption is said when the option is absent.
void applyNonlinearity(std::vector<CellWeights*> cells, const StateDict& dict, const LoadOptions& options,
                       NetworkInfo& info) {
    const bool any = std::any_of(cells.begin(), cells.end(), [](const CellWeights* c) { return c->type == CellType::RNN; });
    if (!any) {
        if (!options.nonlinearity.empty())
            throw InputError(dict.source(), "--nonlinearity applies to nn.RNN and nn.RNNCell; this network has no such layer");
        return;
    }
    for (CellWeights* c : cells) c->relu = c->type == CellType::RNN && options.nonlinearity == kRelu;
    if (options.nonlinearity.empty())
        info.assumptions.push_back("nn.RNN nonlinearity: tanh assumed (a state dict does not record it); if the model "
                                   "was built with nonlinearity='relu', give --nonlinearity relu");
}

std::string cellPhrase(CellType type, bool relu, bool cellForm, const LoadOptions& options) {
    std::string text = cellName(type) + (cellForm ? "Cell" : "");
    if (type == CellType::RNN) text += options.nonlinearity.empty() ? " (tanh assumed: --nonlinearity)" : relu ? " (relu)" : " (tanh)";
    return text;
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

void refuseBackward(const StateDict& dict, const LoadOptions& options) {
    if (options.direction == "backward")
        throw InputError(dict.source(), "--direction backward, but the network is not bidirectional (no *_reverse keys)");
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

// "training checkpoint, state dict from 'model'; " — how the tensors were found, before the layout.
std::string notesPrefix(const StateDict& dict) {
    std::string text;
    for (const auto& note : dict.notes()) text += note + "; ";
    return text;
}

// What the description adds when an LSTM's cell states are analysed with its hidden states.
std::string statesNote(const LoadOptions& options) { return options.lstmHiddenAndCell ? "; states h and c analysed" : ""; }

LinearLayer readLinear(const StateDict& dict, const std::string& prefix, std::int64_t input) {
    const std::int64_t outputs = dict.get(prefix + "weight", {-1, input}).shape[0];
    const bool bias = dict.has(prefix + "bias");
    return {dict.matrix(prefix + "weight", outputs, input),
            bias ? dict.vector(prefix + "bias", outputs) : Eigen::VectorXf::Zero(outputs)};
}

// ---------------------------------------------------------------- the paper's layouts

const std::vector<std::string> kSentimentKeys = {"rnn.weight_ih",    "rnn.weight_hh", "rnn.bias_ih", "rnn.bias_hh",
                                                 "embedding.weight", "linear.weight", "linear.bias"};
const std::vector<std::string> kEcgKeys = {
    "encoder.rnn.weight_ih_l0", "encoder.rnn.weight_hh_l0", "encoder.rnn.bias_ih_l0", "encoder.rnn.bias_hh_l0",
    "decoder.rnn.weight_ih_l0", "decoder.rnn.weight_hh_l0", "decoder.rnn.bias_ih_l0", "decoder.rnn.bias_hh_l0",
    "decoder.output_layer.weight", "decoder.output_layer.bias"};

bool hasExactly(const StateDict& dict, const std::vector<std::string>& keys) {
    std::vector<std::string> have = dict.keys(), want = keys;
    std::sort(have.begin(), have.end());
    std::sort(want.begin(), want.end());
    return have == want;
}

CellWeights paperCell(const StateDict& dict, const std::string& prefix, const std::string& suffix, std::int64_t input) {
    RecurrentModule m;
    m.prefix = prefix;
    m.cellForm = suffix.empty();
    const PlainTensor& hh = dict.get(prefix + "weight_hh" + suffix, {-1, -1});
    m.hidden = hh.shape[1];
    m.type = hh.shape[0] == 3 * m.hidden ? CellType::GRU : hh.shape[0] == 4 * m.hidden ? CellType::LSTM : CellType::RNN;
    return m.cell(dict, 0, 0, input);
}

std::unique_ptr<Network> sentiment(const StateDict& dict, const LoadOptions& options) {
    dict.requireExactly(kSentimentKeys, "sentiment");
    refuseBackward(dict, options);
    const std::int64_t embed = dict.get("embedding.weight", {-1, -1}).shape[1];
    CellWeights cell = paperCell(dict, "rnn.", "", embed);
    checkLayer(dict, options, 1);
    checkCellState(dict, options, cell.type);
    RecurrentParts parts;
    parts.info = cellInfo("sentiment", cell, options.lstmHiddenAndCell);
    parts.info.cellModule = true;
    applyNonlinearity({&cell}, dict, options, parts.info);
    parts.source = dict.source();
    parts.embedding = dict.matrix("embedding.weight", -1, embed);
    parts.info.vocabSize = static_cast<int>(parts.embedding.rows());
    parts.readout = LinearChain{{readLinear(dict, "linear.", cell.hiddenSize())}, Activation::None};
    parts.info.readoutOutputs = parts.readout->outputs();
    parts.info.readoutActivation = "sigmoid";  // the reference's Model.readouts: sigmoid(linear(h))
    parts.info.detected = {{"stack", "rnn"}, {"embedding", "embedding.weight"}, {"head", "linear"}};
    parts.info.description = notesPrefix(dict) + "the paper's sentiment model: embedding `embedding.weight` " +
                             dims(parts.embedding.rows(), embed) + " → " +
                             cellPhrase(cell.type, cell.relu, true, options) + " `rnn` " +
                             arrow(embed, cell.hiddenSize()) + " → readout `linear` " +
                             arrow(cell.hiddenSize(), parts.info.readoutOutputs) + ", sigmoid" + statesNote(options);
    parts.encoder = std::make_shared<CellStack>(std::vector<CellWeights>{std::move(cell)});
    return std::make_unique<RecurrentNetwork>(std::move(parts));
}

std::unique_ptr<Network> ecgAutoencoder(const StateDict& dict, const LoadOptions& options) {
    dict.requireExactly(kEcgKeys, "ECG autoencoder");
    refuseBackward(dict, options);
    CellWeights encoder = paperCell(dict, "encoder.rnn.", "_l0", dict.get("encoder.rnn.weight_ih_l0", {-1, -1}).shape[1]);
    CellWeights decoder = paperCell(dict, "decoder.rnn.", "_l0", encoder.hiddenSize());
    checkLayer(dict, options, 1);
    checkCellState(dict, options, encoder.type);
    RecurrentParts parts;
    parts.info = cellInfo("ecg-autoencoder", encoder, options.lstmHiddenAndCell);
    applyNonlinearity({&encoder, &decoder}, dict, options, parts.info);
    parts.source = dict.source();
    LinearChain output{{readLinear(dict, "decoder.output_layer.", decoder.hiddenSize())}, Activation::None};
    parts.info.decoderOutputs = output.outputs();
    parts.info.detected = {{"stack", "encoder.rnn"}, {"head", "decoder.output_layer"}};
    parts.info.description = notesPrefix(dict) + "the paper's ECG autoencoder: encoder " +
                             cellPhrase(encoder.type, encoder.relu, false, options) + " `encoder.rnn` " +
                             arrow(encoder.inputSize(), encoder.hiddenSize()) + " → decoder `decoder.rnn` " +
                             arrow(decoder.inputSize(), decoder.hiddenSize()) +
                             " fed the encoder's last state → output `decoder.output_layer` " +
                             arrow(decoder.hiddenSize(), parts.info.decoderOutputs) + statesNote(options);
    parts.encoder = std::make_shared<CellStack>(std::vector<CellWeights>{std::move(encoder)});
    parts.decoder = std::make_shared<SequenceDecoder>(
        SequenceDecoder{CellStack(std::vector<CellWeights>{std::move(decoder)}), std::move(output)});
    return std::make_unique<RecurrentNetwork>(std::move(parts));
}

// ---------------------------------------------------------------- layouts by role

using Modules = std::vector<const RecurrentModule*>;

// A reading of the recurrent modules: the analysed stack, and (an autoencoder) a decoder fed the
// stack's last state at every step. `flag` is the --stack value that picks it.
struct Reading {
    Modules encoder, decoder;
    std::string flag;
};

// Everything a reading explains, ready to build.
struct Plan {
    Reading reading;
    std::string embedding;                  // key, or "" for series / one-hot input
    std::vector<LinearModule> head;         // readout of a stack, output layer of an autoencoder
    std::vector<std::string> ignored;       // keys set aside by choosing another with --embedding or --head
    bool orderFromFile = false;             // several orders of the head's layers fit its shapes
};

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        if (comma > start) out.push_back(text.substr(start, comma - start));
        start = comma + 1;
    }
    return out;
}

bool startsWith(const std::string& text, const std::string& head) { return text.compare(0, head.size(), head) == 0; }

std::string names(const Modules& modules, const char* separator = "+") {
    std::string out;
    for (const auto* m : modules) out += (out.empty() ? "" : separator) + prefixName(m->prefix);
    return out;
}

std::string quotedNames(const Modules& modules) {
    std::string out;
    for (const auto* m : modules) out += (out.empty() ? "" : "+") + m->name();
    return out;
}

// A path component starting with `stem` ("encoder", "enc_rnn" for "enc").
bool namedAs(const RecurrentModule& m, const std::string& stem) {
    std::size_t start = 0;
    while (start < m.prefix.size()) {
        if (m.prefix.compare(start, stem.size(), stem) == 0) return true;
        start = m.prefix.find('.', start);
        if (start == std::string::npos) break;
        ++start;
    }
    return false;
}

std::vector<Reading> candidateReadings(const StateDict& dict, const std::vector<RecurrentModule>& modules,
                                       const LoadOptions& options) {
    Modules all;
    for (const auto& m : modules) all.push_back(&m);
    if (!options.stack.empty()) {
        Reading r{{}, {}, options.stack};
        const auto picked = splitList(options.stack);
        for (const auto* m : all) {
            const bool chosen = std::any_of(picked.begin(), picked.end(), [&](const std::string& p) {
                return startsWith(m->prefix, p) || prefixName(m->prefix) == p;
            });
            (chosen ? r.encoder : r.decoder).push_back(m);
        }
        if (r.encoder.empty())
            throw InputError(dict.source(), "--stack " + options.stack + " matches no recurrent module; the modules are " +
                                                names(all, ", "));
        return {r};
    }
    if (all.size() == 1) return {{all, {}, names(all, ",")}};
    Reading named;
    for (const auto* m : all) {
        if (namedAs(*m, "enc") != namedAs(*m, "dec")) (namedAs(*m, "enc") ? named.encoder : named.decoder).push_back(m);
    }
    if (!named.encoder.empty() && !named.decoder.empty() && named.encoder.size() + named.decoder.size() == all.size()) {
        named.flag = names(named.encoder, ",");
        return {named};
    }
    std::vector<Reading> out{{all, {}, names(all, ",")}};
    for (std::size_t k = 1; k < all.size(); ++k) {
        Reading r{Modules(all.begin(), all.begin() + k), Modules(all.begin() + k, all.end()), ""};
        r.flag = names(r.encoder, ",");
        out.push_back(r);
    }
    return out;
}

// Modules that feed one another in turn: each reads what the one before it outputs.
void checkChain(const StateDict& dict, const Modules& modules, const char* role) {
    for (std::size_t i = 1; i < modules.size(); ++i) {
        if (modules[i]->input != modules[i - 1]->output())
            throw InputError(dict.source(), std::string(role) + " " + modules[i - 1]->name() + " outputs " +
                                                std::to_string(modules[i - 1]->output()) + " values, but " +
                                                modules[i]->name() + " reads " + std::to_string(modules[i]->input));
    }
    if (modules.size() > 1 && std::any_of(modules.begin(), modules.end(), [](const auto* m) { return m->bidirectional; }))
        throw InputError(dict.source(), std::string("a bidirectional module in a chain of recurrent modules (") +
                                            quotedNames(modules) + ") is not supported; pick one with --stack");
}

std::vector<std::string> usedKeys(const Reading& r) {
    std::vector<std::string> keys;
    for (const Modules* group : {&r.encoder, &r.decoder}) {
        for (const auto* m : *group) keys.insert(keys.end(), m->keys.begin(), m->keys.end());
    }
    return keys;
}

void chooseEmbedding(const StateDict& dict, Plan& plan, const std::vector<std::string>& used, const LoadOptions& options) {
    const Reading& r = plan.reading;
    const std::int64_t input = r.encoder.front()->input;
    const auto found = findEmbeddings(dict, used, input);
    if (!options.embedding.empty()) {
        if (!r.decoder.empty()) throw InputError(dict.source(), "--embedding does not apply to an autoencoder of series");
        const PlainTensor& t = dict.at(options.embedding);
        if (t.shape.size() != 2 || t.shape[1] != input)
            throw InputError(dict.source(), "--embedding " + options.embedding + ": it has shape " + t.shapeText() +
                                                ", but the stack reads " + std::to_string(input) + " inputs per step");
        plan.embedding = options.embedding;
        for (const auto& key : found) {
            if (key != options.embedding) plan.ignored.push_back(key);
        }
        return;
    }
    if (found.size() > 1) {
        std::string list;
        for (const auto& key : found) list += (list.empty() ? "" : ", ") + std::string("--embedding ") + key;
        throw InputError(dict.source(), "several keys could be the embedding of the stack's " + std::to_string(input) +
                                            " inputs; pick one (the others are then ignored): " + list);
    }
    if (found.size() == 1 && r.decoder.empty()) plan.embedding = found[0];
}

// Every order of `linears` in which each reads what the one before outputs, starting from `size`.
std::vector<std::vector<LinearModule>> completeChains(const std::vector<LinearModule>& linears, std::int64_t size) {
    std::vector<std::vector<LinearModule>> out;
    std::vector<LinearModule> chain;
    std::vector<bool> taken(linears.size(), false);
    const std::function<void(std::int64_t)> extend = [&](std::int64_t in) {
        if (chain.size() == linears.size()) {
            out.push_back(chain);
            return;
        }
        for (std::size_t i = 0; i < linears.size() && out.size() < 16; ++i) {
            if (taken[i] || linears[i].in != in) continue;
            taken[i] = true;
            chain.push_back(linears[i]);
            extend(linears[i].out);
            chain.pop_back();
            taken[i] = false;
        }
    };
    extend(size);
    return out;
}

bool inFileOrder(const std::vector<LinearModule>& chain, const std::vector<LinearModule>& linears) {
    for (std::size_t i = 0; i < chain.size(); ++i) {
        if (chain[i].prefix != linears[i].prefix) return false;
    }
    return true;
}

std::string keyList(const std::vector<LinearModule>& linears) {
    std::vector<std::string> keys;
    for (const auto& l : linears) keys.insert(keys.end(), l.keys.begin(), l.keys.end());
    return joinNames(keys);
}

void chooseHead(const StateDict& dict, Plan& plan, const std::vector<std::string>& used, const LoadOptions& options) {
    std::vector<LinearModule> linears;
    for (auto& l : findLinearModules(dict, used)) {
        if (options.head.empty() || startsWith(l.prefix, options.head) || l.name() == options.head) linears.push_back(l);
        else plan.ignored.insert(plan.ignored.end(), l.keys.begin(), l.keys.end());
    }
    if (!options.head.empty() && linears.empty())
        throw InputError(dict.source(), "--head " + options.head + " matches no linear layer");
    const Reading& r = plan.reading;
    const std::int64_t from = (r.decoder.empty() ? r.encoder : r.decoder).back()->output();
    if (linears.empty()) return;
    const auto chains = completeChains(linears, from);
    if (chains.empty()) {
        std::string starts;
        for (const auto& l : linears) {
            if (l.in == from) starts += (starts.empty() ? "" : ", ") + std::string("--head ") + l.name();
        }
        throw InputError(dict.source(), "unexplained keys: " + keyList(linears) +
                                            " (they form no chain of linear layers reading the " + std::to_string(from) +
                                            " outputs of " + r.encoder.back()->name() + ")" +
                                            (starts.empty() ? "" : "; if one is the head, pick it (the rest is then ignored): " + starts));
    }
    const auto fileOrder = std::find_if(chains.begin(), chains.end(), [&](const auto& c) { return inFileOrder(c, linears); });
    plan.head = fileOrder != chains.end() ? *fileOrder : chains.front();
    plan.orderFromFile = chains.size() > 1;
}

void refuseUnexplained(const StateDict& dict, const Plan& plan, std::vector<std::string> used) {
    used.insert(used.end(), plan.ignored.begin(), plan.ignored.end());
    if (!plan.embedding.empty()) used.push_back(plan.embedding);
    for (const auto& l : plan.head) used.insert(used.end(), l.keys.begin(), l.keys.end());
    const std::set<std::string> explained(used.begin(), used.end());
    std::vector<std::string> rest;
    for (const auto& key : dict.keys()) {
        if (!explained.count(key)) rest.push_back(key);
    }
    if (!rest.empty())
        throw InputError(dict.source(), "unexplained keys: " + joinNames(rest) +
                                            " (no role fits them: embedding, recurrent stack or linear head)");
}

Plan planReading(const StateDict& dict, const Reading& reading, const LoadOptions& options) {
    checkChain(dict, reading.encoder, "in the stack,");
    Plan plan{reading, {}, {}, {}, false};
    const std::vector<std::string> used = usedKeys(reading);
    if (!reading.decoder.empty()) {
        checkChain(dict, reading.decoder, "in the decoder,");
        if (reading.encoder.back()->bidirectional)
            throw InputError(dict.source(), "an autoencoder with a bidirectional encoder is not supported");
        if (reading.decoder.front()->input != reading.encoder.back()->hidden)
            throw InputError(dict.source(), "decoder " + reading.decoder.front()->name() + " reads " +
                                                std::to_string(reading.decoder.front()->input) + " values, not the " +
                                                std::to_string(reading.encoder.back()->hidden) + " of encoder " +
                                                reading.encoder.back()->name() + "'s state");
    }
    chooseEmbedding(dict, plan, used, options);
    std::vector<std::string> taken = used;
    taken.insert(taken.end(), plan.ignored.begin(), plan.ignored.end());
    if (!plan.embedding.empty()) taken.push_back(plan.embedding);
    chooseHead(dict, plan, taken, options);
    if (!reading.decoder.empty() && (plan.head.empty() || plan.head.back().out != reading.encoder.front()->input))
        throw InputError(dict.source(), "decoder " + quotedNames(reading.decoder) +
                                            " has no output layer giving back the encoder's " +
                                            std::to_string(reading.encoder.front()->input) + " inputs per step");
    refuseUnexplained(dict, plan, used);
    return plan;
}

std::string describeReading(const Reading& r) {
    if (r.decoder.empty()) return "one stack " + quotedNames(r.encoder) + " (--stack " + r.flag + ")";
    return "encoder " + quotedNames(r.encoder) + ", decoder " + quotedNames(r.decoder) +
           " fed the encoder's last state (--stack " + r.flag + ")";
}

// The one reading that fits, or a refusal listing those that do.
Plan choosePlan(const StateDict& dict, const std::vector<Reading>& readings, const LoadOptions& options) {
    if (readings.size() == 1) return planReading(dict, readings[0], options);
    std::vector<Plan> fits;
    std::optional<InputError> firstError;
    for (const auto& r : readings) {
        try {
            fits.push_back(planReading(dict, r, options));
        } catch (const InputError& e) {
            if (!firstError) firstError = e;
        }
    }
    if (fits.size() == 1) return fits[0];
    if (fits.empty()) throw *firstError;
    std::string list;
    for (std::size_t i = 0; i < fits.size(); ++i) list += (i ? "; " : "") + describeReading(fits[i].reading);
    throw InputError(dict.source(), "the recurrent modules can be read in " + std::to_string(fits.size()) +
                                        " ways, pick one with --stack: " + list);
}

// ---------------------------------------------------------------- building a plan

struct StackCells {
    std::vector<CellWeights> forward, backward;
};

StackCells readCells(const StateDict& dict, const Modules& modules) {
    StackCells cells;
    for (const auto* m : modules) {
        for (int l = 0; l < m->layers; ++l) {
            const std::int64_t input = l == 0 ? m->input : m->output();
            cells.forward.push_back(m->cell(dict, l, 0, input));
            if (m->bidirectional) cells.backward.push_back(m->cell(dict, l, 1, input));
        }
    }
    return cells;
}

LinearChain readChain(const StateDict& dict, const std::vector<LinearModule>& head, Activation between) {
    LinearChain chain{{}, between};
    for (const auto& l : head) chain.layers.push_back(readLinear(dict, l.prefix, l.in));
    return chain;
}

Activation headActivation(const StateDict& dict, const Plan& plan, const LoadOptions& options, NetworkInfo& info) {
    if (plan.head.size() < 2) {
        if (!options.headActivation.empty())
            throw InputError(dict.source(), "--head-activation applies to heads of two or more linear layers; this one has " +
                                                std::to_string(plan.head.size()));
        return Activation::None;
    }
    if (!options.headActivation.empty()) return parseActivation(options.headActivation);
    info.assumptions.push_back("the activation between the head's linear layers: relu assumed (a state dict does not "
                               "record it); give --head-activation relu|tanh|gelu|none");
    return Activation::Relu;
}

std::string headPhrase(const std::vector<LinearModule>& head, Activation between, bool assumed) {
    std::string path, sizes = std::to_string(head.front().in);
    for (std::size_t i = 0; i < head.size(); ++i) {
        if (i) path += "→" + activationName(between) + "→";
        path += head[i].name();
        sizes += "→" + std::to_string(head[i].out);
    }
    return path + " " + sizes + (assumed ? " (relu assumed: --head-activation)" : "");
}

std::string modulesPhrase(const Modules& modules, const StackCells& cells, const LoadOptions& options) {
    const auto* first = modules.front();
    std::string text = (first->bidirectional ? "bidirectional " : "") +
                       cellPhrase(first->type, cells.forward.front().relu, first->cellForm, options) +
                       (first->cellForm && modules.size() == 1 ? " " : " stack ") + quotedNames(modules);
    const std::size_t layers = cells.forward.size();
    if (layers > 1) text += " " + std::to_string(layers) + " layers";
    text += " " + std::to_string(first->input);
    for (const auto& c : cells.forward) text += "→" + std::to_string(c.hiddenSize());
    return text;
}

// The layout in words: NetworkInfo::description.
std::string describe(const StateDict& dict, const Plan& plan, const StackCells& enc, const StackCells& dec,
                     const LoadOptions& options, const NetworkInfo& info, Activation between, bool headApplied) {
    const bool headAssumed = plan.head.size() > 1 && options.headActivation.empty();
    std::string text = notesPrefix(dict);
    const Reading& r = plan.reading;
    if (!plan.embedding.empty()) text += "embedding `" + plan.embedding + "` " + dims(info.vocabSize, info.inputSize) + " → ";
    else if (r.decoder.empty())
        text += std::to_string(info.inputSize) + (info.inputSize == 1 ? " feature" : " features") +
                " per step (or token ids as one-hot rows) → ";
    text += (r.decoder.empty() ? "" : "encoder ") + modulesPhrase(r.encoder, enc, options);
    if (info.layers > 1) text += " (--layer " + std::to_string(info.analysedLayer) + " analysed)";
    if (!enc.backward.empty())
        text += info.timeReversed ? ", backward direction analysed in reversed time (--direction)"
                                  : ", forward direction analysed (--direction)";
    if (!r.decoder.empty()) {
        text += " → decoder " + modulesPhrase(r.decoder, dec, options) + " fed the encoder's last state → output " +
                headPhrase(plan.head, between, headAssumed);
    } else if (!plan.head.empty()) {
        text += " → head " + headPhrase(plan.head, between, headAssumed);
        if (!headApplied)
            text += !enc.backward.empty() ? " (not applied: it reads both directions)"
                                          : " (not applied: it reads the last layer)";
    }
    if (plan.orderFromFile) text += "; the head's order is the file's (several orders fit its shapes)";
    if (!plan.ignored.empty()) text += "; ignored (not chosen): " + joinNames(plan.ignored);
    return text + statesNote(options);
}

// The reading chosen, as --stack, --embedding and --head name its parts.
std::map<std::string, std::string> detectedRoles(const Plan& plan) {
    std::map<std::string, std::string> roles{{"stack", plan.reading.flag}};
    if (!plan.embedding.empty()) roles["embedding"] = plan.embedding;
    std::string head;
    for (const auto& l : plan.head) head += (head.empty() ? "" : "+") + l.name();
    if (!head.empty()) roles["head"] = head;
    return roles;
}

std::unique_ptr<Network> buildPlan(const StateDict& dict, const Plan& plan, const LoadOptions& options) {
    const Reading& r = plan.reading;
    StackCells enc = readCells(dict, r.encoder), dec = readCells(dict, r.decoder);
    const int layers = static_cast<int>(enc.forward.size());
    checkLayer(dict, options, layers);
    const int layer = options.layer < 0 ? layers - 1 : options.layer;
    checkCellState(dict, options, enc.forward[layer].type);
    const bool bidirectional = !enc.backward.empty();
    if (!bidirectional) refuseBackward(dict, options);

    RecurrentParts parts;
    parts.source = dict.source();
    parts.info = cellInfo(r.decoder.empty() ? "stack" : "autoencoder", enc.forward[layer], options.lstmHiddenAndCell);
    std::vector<CellWeights*> all;
    for (StackCells* s : {&enc, &dec}) {
        for (auto* v : {&s->forward, &s->backward}) {
            for (auto& c : *v) all.push_back(&c);
        }
    }
    applyNonlinearity(all, dict, options, parts.info);
    parts.info.cellModule = r.encoder.size() == 1 && r.encoder[0]->cellForm;
    parts.info.inputSize = static_cast<int>(r.encoder.front()->input);
    parts.info.layers = layers;
    parts.info.analysedLayer = layer;
    parts.backward = options.direction == "backward";
    parts.info.timeReversed = parts.backward;
    if (bidirectional && options.direction.empty())
        parts.info.assumptions.push_back("bidirectional stack: the forward direction is analysed; give --direction "
                                         "backward for the other");
    if (!plan.embedding.empty()) {
        parts.embedding = dict.matrix(plan.embedding, -1, parts.info.inputSize);
        parts.info.vocabSize = static_cast<int>(parts.embedding.rows());
    } else {
        parts.info.oneHotInput = r.decoder.empty();
    }
    const Activation between = headActivation(dict, plan, options, parts.info);
    // The head reads the last layer: it applies to the states only when those are analysed.
    const bool headApplied = r.decoder.empty() && !plan.head.empty() && layer == layers - 1 && !bidirectional;
    parts.info.description = describe(dict, plan, enc, dec, options, parts.info, between, headApplied);
    parts.info.detected = detectedRoles(plan);
    if (!r.decoder.empty()) {
        parts.decoder = std::make_shared<SequenceDecoder>(
            SequenceDecoder{CellStack(std::move(dec.forward)), readChain(dict, plan.head, between)});
        parts.info.decoderOutputs = parts.decoder->output.outputs();
    } else if (headApplied) {
        parts.readout = readChain(dict, plan.head, between);
        parts.info.readoutOutputs = parts.readout->outputs();
    }
    parts.encoder = std::make_shared<CellStack>(std::move(enc.forward), std::move(enc.backward));
    return std::make_unique<RecurrentNetwork>(std::move(parts));
}

std::unique_ptr<Network> byRoles(const StateDict& dict, const LoadOptions& options) {
    const std::vector<RecurrentModule> modules = findRecurrentModules(dict);
    if (modules.empty())
        throw InputError(dict.source(), "no torch.nn RNN/GRU/LSTM keys (weight_ih_l0, or weight_ih of a Cell) among: " +
                                            joinNames(dict.keys()));
    return buildPlan(dict, choosePlan(dict, candidateReadings(dict, modules, options), options), options);
}

bool choosesRoles(const LoadOptions& options) {
    return !options.stack.empty() || !options.embedding.empty() || !options.head.empty();
}

}  // namespace

std::string detectLayout(const StateDict& dict) {
    if (hasExactly(dict, kEcgKeys)) return "ecg-autoencoder";
    if (hasExactly(dict, kSentimentKeys)) return "sentiment";
    if (findRecurrentModules(dict).empty())
        throw InputError(dict.source(), "no torch.nn RNN/GRU/LSTM keys (weight_ih_l0, or weight_ih of a Cell) among: " +
                                            joinNames(dict.keys()));
    return "stack";
}

namespace {

void addOnce(std::vector<std::string>& list, const std::string& value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// "classifier" for "classifier.0.": the module holding a layer, when it holds more than one.
std::string parentOf(const LinearModule& layer, const std::vector<LinearModule>& all) {
    const std::string name = layer.name();
    const std::size_t dot = name.rfind('.');
    if (dot == std::string::npos) return "";
    const std::string parent = name.substr(0, dot);
    const auto inside = std::count_if(all.begin(), all.end(), [&](const auto& l) { return startsWith(l.prefix, parent + "."); });
    return inside > 1 ? parent : "";
}

}  // namespace

LayoutChoices layoutChoices(const StateDict& dict) {
    LayoutChoices choices;
    const std::vector<RecurrentModule> modules = findRecurrentModules(dict);
    if (modules.empty()) return choices;
    std::vector<std::string> recurrentKeys;
    for (const auto& m : modules) {
        addOnce(choices.stacks, prefixName(m.prefix));
        recurrentKeys.insert(recurrentKeys.end(), m.keys.begin(), m.keys.end());
    }
    for (const Reading& r : candidateReadings(dict, modules, {})) addOnce(choices.stacks, r.flag);
    for (const auto& m : modules) {
        for (const auto& key : findEmbeddings(dict, recurrentKeys, m.input)) addOnce(choices.embeddings, key);
    }
    const std::vector<LinearModule> linears = findLinearModules(dict, recurrentKeys);
    for (const auto& l : linears) {
        if (std::find(choices.embeddings.begin(), choices.embeddings.end(), l.keys[0]) != choices.embeddings.end()) continue;
        if (const std::string parent = parentOf(l, linears); !parent.empty()) addOnce(choices.heads, parent);
        addOnce(choices.heads, l.name());
    }
    return choices;
}

std::unique_ptr<Network> buildNetwork(const StateDict& dict, const LoadOptions& options) {
    checkChoice(options.nonlinearity, "nonlinearity", {"tanh", "relu"});
    checkChoice(options.direction, "direction", {"forward", "backward"});
    if (!options.headActivation.empty()) parseActivation(options.headActivation);
    const std::string layout = options.arch != "auto" ? options.arch : choosesRoles(options) ? "stack" : detectLayout(dict);
    if (layout == "sentiment") return sentiment(dict, options);
    if (layout == "ecg-autoencoder") return ecgAutoencoder(dict, options);
    if (layout == "stack") return byRoles(dict, options);
    throw InputError(dict.source(), "unknown architecture '" + options.arch +
                                        "' (auto, sentiment, ecg-autoencoder, stack or torchscript)");
}

}  // namespace kann
