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

// The activation between the layers of a head: what a state dict cannot record.
enum class Activation { None, Relu, Tanh, Gelu };

// "none", "relu", "tanh", "gelu".
std::string activationName(Activation a);
// The activation named `name`; throws InputError("--head-activation", ...) for another name.
Activation parseActivation(const std::string& name);

// torch.nn.Linear layers in turn, `between` applied after every layer but the last (MLP heads:
// fc1 -> relu -> fc2, nn.Sequential(Linear, ReLU, Linear)).
struct LinearChain {
    std::vector<LinearLayer> layers;
    Activation between = Activation::Relu;
    RowMatrixXf apply(const Eigen::Ref<const RowMatrixXf>& x) const;
    int outputs() const { return static_cast<int>(layers.back().weight.rows()); }
};

// The decoder of an autoencoder: fed the encoder's last hidden state at every step, from zero state.
struct SequenceDecoder {
    CellStack rnn;
    LinearChain output;
};

struct RecurrentParts {
    NetworkInfo info;
    std::string source;                     // the checkpoint, for errors
    RowMatrixXf embedding;                  // vocab x inputSize; empty when the input is a series or one-hot
    std::shared_ptr<CellStack> encoder;
    bool backward = false;                  // analyse the reverse direction of a bidirectional stack
    std::optional<LinearChain> readout;
    std::shared_ptr<SequenceDecoder> decoder;
};

// Throws InputError(source, ...) unless `batch` is what a network with this embedding (vocab x
// inputSize; empty when it reads a series of inputSize features, or with oneHotTokens token ids
// read as one-hot rows of inputSize) takes: ids in the vocabulary.
void checkNetworkInput(const InputBatch& batch, const RowMatrixXf& embedding, int inputSize, const std::string& source,
                       bool oneHotTokens = false);

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
