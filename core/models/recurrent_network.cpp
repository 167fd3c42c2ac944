#include "core/models/recurrent_network.h"

#include "core/common/error.h"

#include <cmath>

namespace kann {

RowMatrixXf LinearLayer::apply(const Eigen::Ref<const RowMatrixXf>& x) const {
    RowMatrixXf y = x * weight.transpose();
    y.rowwise() += bias.transpose();
    return y;
}

std::string activationName(Activation a) {
    switch (a) {
        case Activation::None: return "none";
        case Activation::Relu: return "relu";
        case Activation::Tanh: return "tanh";
        case Activation::Gelu: return "gelu";
    }
    return "?";
}

Activation parseActivation(const std::string& name) {
    for (const Activation a : {Activation::None, Activation::Relu, Activation::Tanh, Activation::Gelu}) {
        if (activationName(a) == name) return a;
    }
    throw InputError("--head-activation", "expects relu, tanh, gelu or none, got '" + name + "'");
}

namespace {

void activate(RowMatrixXf& y, Activation a) {
    switch (a) {
        case Activation::None: return;
        case Activation::Relu: y = y.cwiseMax(0.0f); return;
        case Activation::Tanh: y = y.array().tanh(); return;
        case Activation::Gelu:  // torch.nn.GELU's exact form: x·Φ(x)
            y = y.unaryExpr([](float x) { return 0.5f * x * (1.0f + std::erf(x * 0.70710678118654752f)); });
            return;
    }
}

}  // namespace

RowMatrixXf LinearChain::apply(const Eigen::Ref<const RowMatrixXf>& x) const {
    RowMatrixXf y = layers.front().apply(x);
    for (std::size_t i = 1; i < layers.size(); ++i) {
        activate(y, between);
        y = layers[i].apply(y);
    }
    return y;
}

RecurrentNetwork::RecurrentNetwork(RecurrentParts parts) : parts_(std::move(parts)) {}

namespace {

void checkLengths(const InputBatch& batch, const std::string& source) {
    if (batch.batch <= 0 || batch.time <= 0) throw InputError(source, "the input batch is empty");
    if (batch.lengths.size() != static_cast<std::size_t>(batch.batch))
        throw InputError(source, "the input batch has " + std::to_string(batch.lengths.size()) + " lengths for " +
                                     std::to_string(batch.batch) + " sequences");
    for (int b = 0; b < batch.batch; ++b) {
        if (batch.lengths[b] < 1 || batch.lengths[b] > batch.time)
            throw InputError(source, "sequence " + std::to_string(b) + " has length " +
                                         std::to_string(batch.lengths[b]) + ", outside 1.." + std::to_string(batch.time));
    }
}

}  // namespace

void checkNetworkInput(const InputBatch& batch, const RowMatrixXf& embedding, int inputSize, const std::string& source,
                       bool oneHotTokens) {
    checkLengths(batch, source);
    const std::size_t rows = static_cast<std::size_t>(batch.batch) * batch.time;
    const bool tokens = batch.kind == InputBatch::Kind::Tokens, embedded = embedding.size() > 0;
    if (tokens ? !embedded && !oneHotTokens : embedded)
        throw InputError(source, std::string("the network expects ") + (tokens ? "a series" : "tokens") +
                                     " (it " + (tokens ? "has no" : "starts with an") + " embedding), got " +
                                     (tokens ? "tokens" : "a series"));
    if (!tokens) {
        if (batch.features != inputSize || batch.values.size() != rows * batch.features)
            throw InputError(source, "the series has " + std::to_string(batch.features) +
                                         " features per step; the network takes " + std::to_string(inputSize));
        return;
    }
    if (batch.tokens.size() != rows) throw InputError(source, "the token batch is not batch x time");
    // Without an embedding, a token is the one-hot row of its id: the vocabulary is the input size.
    const std::int64_t vocab = embedded ? embedding.rows() : inputSize;
    const char* what = embedded ? "the embedding's vocabulary" : "the one-hot input width (the vocabulary)";
    for (int b = 0; b < batch.batch; ++b) {
        for (int t = 0; t < batch.lengths[b]; ++t) {
            const std::int64_t id = batch.tokens[static_cast<std::size_t>(b) * batch.time + t];
            if (id < 0 || id >= vocab)
                throw InputError(source, "token id " + std::to_string(id) + " (sequence " + std::to_string(b) + ", step " +
                                             std::to_string(t) + ") is outside " + what + " of " + std::to_string(vocab));
        }
    }
}

HiddenStates RecurrentNetwork::unroll(const InputBatch& batch, const Progress& progress) const {
    return run(batch, {}, progress);
}

HiddenStates RecurrentNetwork::unrollEdited(const InputBatch& batch, const StateEdit& edit, const Progress& progress) const {
    return run(batch, edit, progress);
}

StepInputs RecurrentNetwork::stepInputs(const InputBatch& batch) const {
    if (batch.kind != InputBatch::Kind::Tokens) return Network::stepInputs(batch);
    checkNetworkInput(batch, parts_.embedding, parts_.info.inputSize, parts_.source, parts_.info.oneHotInput);
    StepInputs in;
    in.time = batch.time;
    // A one-hot model's step input is the identity row of its token.
    in.table = parts_.embedding.size() > 0 ? parts_.embedding
                                           : RowMatrixXf::Identity(parts_.info.inputSize, parts_.info.inputSize);
    in.index = batch.tokens;
    return in;
}

HiddenStates RecurrentNetwork::run(const InputBatch& batch, const StateEdit& edit, const Progress& progress) const {
    checkNetworkInput(batch, parts_.embedding, parts_.info.inputSize, parts_.source, parts_.info.oneHotInput);
    const UnrollRequest request{parts_.info.analysedLayer, parts_.info.lstmHiddenAndCell, edit, parts_.backward};
    if (batch.kind == InputBatch::Kind::Tokens && parts_.embedding.size() > 0)
        return parts_.encoder->run(parts_.embedding, batch.tokens, batch.time, batch.lengths, request, progress);
    if (batch.kind == InputBatch::Kind::Tokens)
        return parts_.encoder->runOneHot(batch.tokens, batch.time, batch.lengths, request, progress);
    const Eigen::Map<const RowMatrixXf> series(batch.values.data(), static_cast<Eigen::Index>(batch.batch) * batch.time,
                                               batch.features);
    return parts_.encoder->run(series, batch.time, batch.lengths, request, progress);
}

Eigen::Ref<const RowMatrixXf> RecurrentNetwork::hiddenPart(const RowMatrixXf& states, const char* what) const {
    if (states.cols() != parts_.info.stateDim)
        throw InputError(parts_.source, std::string(what) + " takes states of dimension " +
                                            std::to_string(parts_.info.stateDim) + ", got " + std::to_string(states.cols()));
    return states.leftCols(parts_.info.hiddenSize);
}

RowMatrixXf RecurrentNetwork::readout(const RowMatrixXf& states) const {
    if (!parts_.readout) return Network::readout(states);
    return parts_.readout->apply(hiddenPart(states, "the readout"));
}

RowMatrixXf RecurrentNetwork::decode(const RowMatrixXf& finalStates, int time) const {
    if (!parts_.decoder) return Network::decode(finalStates, time);
    if (time < 1) throw InputError(parts_.source, "the decoder needs at least one step");
    const auto h = hiddenPart(finalStates, "the decoder");
    const Eigen::Index batch = h.rows();
    // The reference repeats the encoder's last hidden state over the series length.
    RowMatrixXf inputs(batch * time, h.cols());
    for (Eigen::Index b = 0; b < batch; ++b) inputs.middleRows(b * time, time).rowwise() = h.row(b);
    UnrollRequest last;
    last.layer = parts_.decoder->rnn.layers() - 1;
    const HiddenStates out = parts_.decoder->rnn.run(inputs, time, std::vector<int>(batch, time), last);
    const RowMatrixXf series = parts_.decoder->output.apply(out.matrix());
    return Eigen::Map<const RowMatrixXf>(series.data(), batch, series.size() / std::max<Eigen::Index>(batch, 1));
}

}  // namespace kann
