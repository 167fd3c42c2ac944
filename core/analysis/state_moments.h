#pragma once
// One pass over the valid states gathers everything the exact reduction and the least-squares fit
// need, in the full state space. Projected on a basis P they give the fit's normal equations as
// k x k products (Xpᵀ Xp = Pᵀ(G - L)P, Xpᵀ Yp = PᵀΛP), so Zp is never formed to fit C, and the
// states are read once where the reduce-then-project route reads them twice and multiplies 2.5x more.
// With the network's inputs the same pass gathers the input blocks of a fit with inputs
// (z_(t+1) ≈ z_t A + u_(t+1) B + c), so that fit never forms a [pairs x (k + inputs)] matrix either.
#include "core/analysis/hidden_states.h"
#include "core/analysis/step_inputs.h"

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <vector>

namespace kann {

// Sums over the consecutive valid pairs (t, t+1) of the input u = u_(t+1) that drives step t+1.
struct InputMoments {
    Eigen::MatrixXd gram;        // Σ uᵀu (inputs x inputs, symmetric)
    Eigen::MatrixXd stateInput;  // Σ z_tᵀ u (dim x inputs)
    Eigen::MatrixXd inputNext;   // Σ uᵀ z_(t+1) (inputs x dim)
    Eigen::RowVectorXd sum;      // Σ u
};

struct StateMoments {
    Eigen::MatrixXd gram;     // G = Σ zᵀz over the valid rows (symmetric)
    Eigen::MatrixXd lagged;   // Λ = Σ z_tᵀ z_(t+1) over the consecutive valid pairs
    Eigen::MatrixXd firsts;   // F = Σ zᵀz over each sequence's first valid row
    Eigen::MatrixXd lasts;    // L = Σ zᵀz over each sequence's last valid row
    Eigen::RowVectorXd sum, firstSum, lastSum;  // Σ z over the same rows as G, F and L
    std::optional<InputMoments> inputs;         // with stateMoments' inputs only
    std::int64_t rows = 0;
    std::int64_t pairs = 0;
};

// The moments of (z - mean) over the rows t < lengths[b], accumulated in double; with `inputs`
// (of the states' batch and time) also their InputMoments.
StateMoments stateMoments(const HiddenStates& states, const std::vector<int>& lengths, const Eigen::RowVectorXd& mean,
                          const StepInputs* inputs = nullptr);

// Adds the moments of other sequences (same dimension, both with inputs or neither): the moments of
// the union, exactly as float64 sums go.
void addMoments(StateMoments& total, const StateMoments& part);

// The moments of (z - mean) from those of z (e.g. PCA's mean, known only once every block is in).
StateMoments centredMoments(const StateMoments& m, const Eigen::RowVectorXd& mean);

}  // namespace kann
