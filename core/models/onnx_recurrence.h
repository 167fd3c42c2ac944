#pragma once
// ONNX's RNN, GRU and LSTM operators with the semantics of the ONNX specification: gate orders
// (GRU z,r,h; LSTM i,o,f,c), activation functions with their alpha/beta, clip, linear_before_reset,
// input_forget, peepholes, initial states and the reverse direction. PyTorch's cells are a special
// case of these; ONNX's extras (clip, peepholes, other activations, the GRU that resets before its
// linear map) are why this is not the CellStack.
#include "core/analysis/hidden_states.h"
#include "core/common/progress.h"
#include "core/models/unroll.h"

#include <Eigen/Core>
#include <string>
#include <vector>

namespace kann {

struct OnnxActivation {
    enum class Kind { Relu, Tanh, Sigmoid, Affine, LeakyRelu, ThresholdedRelu, ScaledTanh, HardSigmoid, Elu, Softsign, Softplus };
    Kind kind = Kind::Tanh;
    float alpha = 0, beta = 0;
};

// The activation functions of one node from its `activations`, `activation_alpha` and
// `activation_beta` attributes: alphas and betas are taken in order by the functions that use them,
// ONNX's defaults otherwise. Names are matched case-insensitively; unknown names throw InputError
// naming `where`.
std::vector<OnnxActivation> onnxActivations(const std::vector<std::string>& names, const std::vector<float>& alphas,
                                            const std::vector<float>& betas, const std::string& where);
// "Tanh", "LeakyRelu(alpha=0.1)", ...
std::string activationName(const OnnxActivation& activation);

// One direction's weights, gates in ONNX's order.
struct OnnxDirection {
    RowMatrixXf w;         // gates * hidden x input
    RowMatrixXf r;         // gates * hidden x hidden
    Eigen::VectorXf wb;    // gates * hidden
    Eigen::VectorXf rb;    // gates * hidden
    Eigen::VectorXf p;     // LSTM peepholes i, o, f (3 * hidden); empty when the node has none
    std::vector<OnnxActivation> activations;  // RNN f; GRU f, g; LSTM f, g, h
    Eigen::VectorXf initialH, initialC;       // hidden; empty = zero
};

struct OnnxRecurrentLayer {
    CellType type = CellType::GRU;
    int hidden = 0;
    int input = 0;
    std::string direction = "forward";        // forward | reverse | bidirectional
    std::vector<OnnxDirection> directions;    // one, or two for bidirectional (forward, reverse)
    float clip = 0;                           // 0: no clip
    bool linearBeforeReset = false;           // GRU
    bool inputForget = false;                 // LSTM: f = 1 - i

    // Whether directions[d] runs from the last valid step to the first.
    bool reversed(int d) const { return direction == "reverse" || (direction == "bidirectional" && d == 1); }
};

// Initial states for each sequence (batch x hidden); empty matrices use the direction's own.
struct OnnxInitialState {
    RowMatrixXf h, c;
};

// One direction's states in input time order: y row b*time + t is the state after step t (for a
// reversed direction, after steps lengths[b]-1 down to t), zero past lengths[b]. lastH/lastC hold
// the state after the last step taken (ONNX's Y_h, Y_c); c the cell states when asked for.
struct OnnxRun {
    RowMatrixXf y, c;
    RowMatrixXf lastH, lastC;
};

// A layer's inputs: (batch * time) rows of layer.input in [b][t] order, or, given token ids in that
// order (already checked), the rows ids[b * time + t] of `rows` (an embedding table, never
// expanded over the batch).
struct OnnxInput {
    OnnxInput(const RowMatrixXf& rows, const std::vector<std::int64_t>* ids = nullptr) : rows(&rows), ids(ids) {}
    const RowMatrixXf* rows;
    const std::vector<std::int64_t>* ids;
};

// Runs direction `d` of `layer` over `inputs`. Steps at or past lengths[b] never enter. Calls
// progress.step every 32 steps.
OnnxRun runOnnxDirection(const OnnxRecurrentLayer& layer, int d, const OnnxInput& inputs, int time,
                         const std::vector<int>& lengths, bool keepCell = false, const OnnxInitialState& initial = {},
                         const Progress& progress = {});

}  // namespace kann
