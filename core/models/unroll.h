#pragma once
// Runs a stack of recurrent cells (torch.nn RNN/GRU/LSTM equations) over a padded batch, without
// autograd: the input projections of all steps as one matrix product, then the recurrence.
#include "core/analysis/hidden_states.h"
#include "core/common/progress.h"
#include "core/models/state_edit.h"

#include <Eigen/Core>
#include <memory>
#include <string>
#include <vector>

namespace kann {

enum class CellType { RNN, GRU, LSTM };  // RNN: the Elman cell, tanh or relu

// "GRU", "LSTM", "RNN".
std::string cellName(CellType type);
// Rows of weight_ih per hidden unit: 1, 3 or 4.
int gateMultiple(CellType type);

// One layer's parameters in PyTorch's layout (gates stacked r,z,n for GRU and i,f,g,o for LSTM).
struct CellWeights {
    CellType type = CellType::GRU;
    RowMatrixXf wIh;      // (gates * hidden) x input
    RowMatrixXf wHh;      // (gates * hidden) x hidden
    Eigen::VectorXf bIh;  // gates * hidden (zeros for bias=False)
    Eigen::VectorXf bHh;
    bool relu = false;    // RNN: nonlinearity='relu' instead of tanh

    int inputSize() const { return static_cast<int>(wIh.cols()); }
    int hiddenSize() const { return static_cast<int>(wHh.cols()); }
};

// What one run of the stack returns: the states of the chosen layer, zero past each length.
struct UnrollRequest {
    int layer = 0;                 // which layer's states to return
    bool hiddenAndCell = false;    // LSTM: h and c concatenated
    StateEdit edit;                // when set, applied to that layer's states after every step
    // Bidirectional layers: the reverse direction's states, in its own (reversed) time order: row t
    // of a sequence of length n is the state after reading steps n-1 .. n-1-t.
    bool backward = false;
};

class CellStack {
public:
    explicit CellStack(std::vector<CellWeights> layers);
    // A bidirectional stack: `backward` holds each layer's reverse-direction cell (as PyTorch's
    // *_reverse weights); layers above the first read both directions concatenated, forward first.
    CellStack(std::vector<CellWeights> forward, std::vector<CellWeights> backward);
    ~CellStack();
    CellStack(CellStack&&) noexcept;
    CellStack& operator=(CellStack&&) noexcept;

    int layers() const;
    bool bidirectional() const;
    CellType type(int layer) const;
    int inputSize() const;
    int hiddenSize(int layer) const;
    // One layer's parameters, as given to the constructor.
    CellWeights weights(int layer) const;

    // Runs all layers from zero states over `inputs`: (batch * time) rows of inputSize(), in [b][t]
    // order; lengths[b] valid steps each. Padding steps never touch valid ones; their states are 0.
    // Calls progress.step about every 32 steps.
    HiddenStates run(const Eigen::Ref<const RowMatrixXf>& inputs, int time, const std::vector<int>& lengths,
                     const UnrollRequest& request, const Progress& progress = {}) const;
    // The same for token ids ((batch * time) in [b][t] order, each a row of `table`, already checked)
    // behind an embedding table (vocab x inputSize).
    HiddenStates run(const RowMatrixXf& table, const std::vector<std::int64_t>& tokens, int time,
                     const std::vector<int>& lengths, const UnrollRequest& request, const Progress& progress = {}) const;
    // The same for token ids read as one-hot rows of width inputSize() (ids already checked): the
    // input projection of a one-hot row is a column of W_ih, gathered, never multiplied.
    HiddenStates runOneHot(const std::vector<std::int64_t>& tokens, int time, const std::vector<int>& lengths,
                           const UnrollRequest& request, const Progress& progress = {}) const;

private:
    // Throws std::invalid_argument when the inputs do not fit the stack (a caller's bug).
    void check(std::int64_t rows, int cols, int time, const std::vector<int>& lengths, const UnrollRequest& request) const;

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kann
