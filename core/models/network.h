#pragma once
// A trained sequence network the analysis can look into. No Torch types here: the header is
// included across the app and UI, and <torch/torch.h> stays inside core/models/*.cpp.
#include "core/analysis/hidden_states.h"
#include "core/analysis/step_inputs.h"
#include "core/common/progress.h"
#include "core/data/input_batch.h"
#include "core/models/state_edit.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kann {

struct NetworkInfo {
    std::string layout;       // "sentiment", "ecg-autoencoder", "stack", "autoencoder", "torchscript", "onnx"
    // The layout in words, as detected: "embedding `emb.weight` 5000×64 → GRU stack `rnn` ...",
    // "ONNX GRU (linear_before_reset=1) 64→128, embedding Gather 5000×64"
    std::string description;
    // What the file could not say and was assumed, each with the option that changes it: printed
    // on stderr by the CLI and shown in the studio's info line.
    std::vector<std::string> assumptions;
    // What detection settled, by the option that would pick another: {"stack", "rnn1"},
    // {"embedding", "emb.weight"}, {"head", "fc1+fc2"}. The studio shows them in those options' lists.
    std::map<std::string, std::string> detected;
    std::string cell;         // "GRU", "LSTM", "RNN" (empty for TorchScript)
    bool cellModule = false;  // torch.nn.GRUCell & co. rather than torch.nn.GRU
    int inputSize = 0;        // features per step (embedding dim when hasEmbedding)
    int hiddenSize = 0;
    int layers = 1;
    int analysedLayer = 0;    // stacks: which layer's states are analysed
    int vocabSize = 0;        // > 0 when the network starts with an embedding
    bool oneHotInput = false; // no embedding: token ids are read as one-hot rows of width inputSize
    // The states run in reversed time (a bidirectional stack's backward direction): the state at
    // step t of a sequence of length n belongs to token n-1-t.
    bool timeReversed = false;
    int stateDim = 0;         // dimension of the analysed states (2 * hidden for LSTM h and c)
    bool lstmHiddenAndCell = false;
    int readoutOutputs = 0;   // 0 = no readout
    std::string readoutActivation;  // "sigmoid" when the model squashes its readout logits (the paper's sentiment model)
    int decoderOutputs = 0;   // 0 = no decoder
    std::string summary() const;  // one line for people: "sentiment GRUCell 128->256, vocab 32379, readout 1"
};

class Network {
public:
    virtual ~Network() = default;
    virtual const NetworkInfo& info() const = 0;
    // States after each step, starting from zeros; padding steps are left zero.
    virtual HiddenStates unroll(const InputBatch& batch, const Progress& progress = {}) const = 0;
    // The same with `edit` applied to the analysed state after every step (the returned states are
    // the edited ones). Throws InputError for models whose steps cannot be reached (TorchScript).
    virtual HiddenStates unrollEdited(const InputBatch& batch, const StateEdit& edit, const Progress& progress = {}) const;
    // The input the network receives at each step of `batch`: a series' own features, or for a
    // model with an embedding its rows of the tokens. Throws InputError when the model cannot say
    // (tokens into a TorchScript model).
    virtual StepInputs stepInputs(const InputBatch& batch) const;
    // Readout logits for states given as rows (n x stateDim) -> n x readoutOutputs.
    virtual RowMatrixXf readout(const RowMatrixXf& states) const;
    // Decodes final encoder states (b x stateDim) into b series of `time` steps:
    // returns b x (time * decoderOutputs), row-major.
    virtual RowMatrixXf decode(const RowMatrixXf& finalStates, int time) const;
};

// How to read a checkpoint where its keys and shapes leave a choice; empty strings mean "detect"
// (and a choice the file cannot settle is refused, or assumed and said in NetworkInfo::assumptions).
struct LoadOptions {
    std::string arch = "auto";     // auto | sentiment | ecg-autoencoder | stack | torchscript | onnx
    int layer = -1;                // stacks: analysed layer, -1 = last
    bool lstmHiddenAndCell = false;  // --lstm-state hc
    std::string stack;             // --stack: key prefixes of the analysed recurrent modules, comma-separated
    std::string embedding;         // --embedding: the embedding's key
    std::string head;              // --head: key prefix of the readout head's linear layers
    std::string headActivation;    // --head-activation relu|tanh|gelu|none (heads of several layers)
    std::string nonlinearity;      // --nonlinearity tanh|relu (nn.RNN / RNNCell)
    std::string direction;         // --direction forward|backward (bidirectional stacks)
};

// Opens a state-dict checkpoint (torch.save(model.state_dict())), a TorchScript file or an ONNX model.
// Throws InputError naming the file and the problem.
std::unique_ptr<Network> loadNetwork(const std::string& path, const LoadOptions& options = {});

}  // namespace kann
