#pragma once
// One pass over the valid states gathers everything the exact reduction and the least-squares fit
// need, in the full state space. Projected on a basis P they give the fit's normal equations as
// k x k products (Xpᵀ Xp = Pᵀ(G - L)P, Xpᵀ Yp = PᵀΛP), so Zp is never formed to fit C, and the
// states are read once where the reduce-then-project route reads them twice and multiplies 2.5x more.
#include "core/analysis/hidden_states.h"

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace kann {

struct StateMoments {
    Eigen::MatrixXd gram;     // G = Σ zᵀz over the valid rows (symmetric)
    Eigen::MatrixXd lagged;   // Λ = Σ z_tᵀ z_(t+1) over the consecutive valid pairs
    Eigen::MatrixXd firsts;   // F = Σ zᵀz over each sequence's first valid row
    Eigen::MatrixXd lasts;    // L = Σ zᵀz over each sequence's last valid row
    std::int64_t rows = 0;
    std::int64_t pairs = 0;
};

// The moments of (z - mean) over the rows t < lengths[b], accumulated in double.
StateMoments stateMoments(const HiddenStates& states, const std::vector<int>& lengths, const Eigen::RowVectorXd& mean);

}  // namespace kann
