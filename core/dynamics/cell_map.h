#pragma once
// One recurrent cell as a map on its state under a constant input, s' = F(s, x), in double
// precision (torch.nn's RNN/GRU/LSTM equations, gates in PyTorch's order). The state is h, or
// [h, c] for an LSTM: c carries the LSTM's dynamics even when only h is analysed.
#include "core/models/unroll.h"

#include <Eigen/Core>
#include <memory>
#include <vector>

namespace kann {

class CellMap {
public:
    // Throws std::invalid_argument when the weights' shapes disagree (a caller's bug).
    explicit CellMap(const CellWeights& weights);
    ~CellMap();
    CellMap(CellMap&&) noexcept;
    CellMap& operator=(CellMap&&) noexcept;

    CellType type() const;
    int inputSize() const;
    int hiddenSize() const;
    int stateDim() const;  // hidden, or 2 * hidden for an LSTM

    // F(s, x) for each row s of `states` (n x stateDim).
    RowMatrixXd step(const RowMatrixXd& states, const Eigen::VectorXd& input) const;
    // q(s) = ½‖F(s, x) − s‖² for each row, and (when `gradient` is given) ∇q for each row, by autograd.
    Eigen::VectorXd speed(const RowMatrixXd& states, const Eigen::VectorXd& input, RowMatrixXd* gradient = nullptr) const;
    // ∂F/∂s at each row (stateDim x stateDim, row i = ∂F_i/∂s), by autograd.
    std::vector<Eigen::MatrixXd> jacobians(const RowMatrixXd& states, const Eigen::VectorXd& input) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kann
