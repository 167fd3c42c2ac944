#pragma once
// The networks a state dict describes: an optional embedding, a stack of recurrent cells, an
// optional linear readout, and for the ECG autoencoder a decoder stack with its output layer.
#include "core/models/network.h"
#include "core/models/unroll.h"

#include <memory>
#include <optional>

namespace kann {

// y = x·Wᵀ + b, as torch.nn.Linear.
struct LinearLayer {
    RowMatrixXf weight;  // outputs x inputs
    Eigen::VectorXf bias;
    RowMatrixXf apply(const Eigen::Ref<const RowMatrixXf>& x) const;
};

// The decoder of an autoencoder: fed the encoder's last hidden state at every step, from zero state.
struct SequenceDecoder {
    CellStack rnn;
    LinearLayer output;
};

struct RecurrentParts {
    NetworkInfo info;
    std::string source;                     // the checkpoint, for errors
    RowMatrixXf embedding;                  // vocab x inputSize; empty when the input is a series
    std::shared_ptr<CellStack> encoder;
    std::optional<LinearLayer> readout;
    std::shared_ptr<SequenceDecoder> decoder;
};

// Throws InputError(source, ...) unless `batch` is what a network with this embedding (vocab x
// inputSize; empty when it reads a series of inputSize features) takes: ids in the vocabulary.
void checkNetworkInput(const InputBatch& batch, const RowMatrixXf& embedding, int inputSize, const std::string& source);

class RecurrentNetwork : public Network {
public:
    explicit RecurrentNetwork(RecurrentParts parts);
    const NetworkInfo& info() const override { return parts_.info; }
    HiddenStates unroll(const InputBatch& batch, const Progress& progress = {}) const override;
    HiddenStates unrollEdited(const InputBatch& batch, const StateEdit& edit, const Progress& progress = {}) const override;
    StepInputs stepInputs(const InputBatch& batch) const override;
    RowMatrixXf readout(const RowMatrixXf& states) const override;
    RowMatrixXf decode(const RowMatrixXf& finalStates, int time) const override;
    // The parts it was built from (the fixed-point search reads the cells' weights).
    const RecurrentParts& parts() const { return parts_; }

private:
    HiddenStates run(const InputBatch& batch, const StateEdit& edit, const Progress& progress) const;
    // The h part of states given as rows (LSTM states analysed as h and c hold h first).
    Eigen::Ref<const RowMatrixXf> hiddenPart(const RowMatrixXf& states, const char* what) const;

    RecurrentParts parts_;
};

}  // namespace kann
