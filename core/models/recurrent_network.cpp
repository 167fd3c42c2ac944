#include "core/models/recurrent_network.h"

#include "core/common/error.h"

namespace kann {

RowMatrixXf LinearLayer::apply(const Eigen::Ref<const RowMatrixXf>& x) const {
    RowMatrixXf y = x * weight.transpose();
    y.rowwise() += bias.transpose();
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

void checkNetworkInput(const InputBatch& batch, const RowMatrixXf& embedding, int inputSize, const std::string& source) {
    checkLengths(batch, source);
    const std::size_t rows = static_cast<std::size_t>(batch.batch) * batch.time;
    const bool tokens = batch.kind == InputBatch::Kind::Tokens;
    if (tokens != (embedding.size() > 0))
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
    for (int b = 0; b < batch.batch; ++b) {
        for (int t = 0; t < batch.lengths[b]; ++t) {
            const std::int64_t id = batch.tokens[static_cast<std::size_t>(b) * batch.time + t];
            if (id < 0 || id >= embedding.rows())
                throw InputError(source, "token id " + std::to_string(id) + " (sequence " + std::to_string(b) + ", step " +
                                             std::to_string(t) + ") is outside the embedding's vocabulary of " +
                                             std::to_string(embedding.rows()));
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
    checkNetworkInput(batch, parts_.embedding, parts_.info.inputSize, parts_.source);
    StepInputs in;
    in.time = batch.time;
    in.table = parts_.embedding;
    in.index = batch.tokens;
    return in;
}

HiddenStates RecurrentNetwork::run(const InputBatch& batch, const StateEdit& edit, const Progress& progress) const {
    checkNetworkInput(batch, parts_.embedding, parts_.info.inputSize, parts_.source);
    const UnrollRequest request{parts_.info.analysedLayer, parts_.info.lstmHiddenAndCell, edit};
    if (batch.kind == InputBatch::Kind::Tokens)
        return parts_.encoder->run(parts_.embedding, batch.tokens, batch.time, batch.lengths, request, progress);
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
    const HiddenStates out = parts_.decoder->rnn.run(inputs, time, std::vector<int>(batch, time), {});
    const RowMatrixXf series = parts_.decoder->output.apply(out.matrix());
    return Eigen::Map<const RowMatrixXf>(series.data(), batch, series.size() / std::max<Eigen::Index>(batch, 1));
}

}  // namespace kann
