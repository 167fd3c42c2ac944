#pragma once
// Koopman with inputs (DMD with control; Proctor, Brunton & Kutz 2016): a network is driven by a
// new input at every step, so the fit z_(t+1) ≈ z_t·A + u_(t+1)·B + c separates what the state
// carries over (A, whose spectrum is analysed) from what each input pushes in (B) over the same
// valid pairs as the autonomous fit. Wide inputs enter through their own truncated SVD, u·Q.
// Everything comes from the states' one-pass moments: no [pairs x (k + inputs)] matrix is formed.
#include "core/analysis/analysis.h"
#include "core/analysis/spectrum.h"
#include "core/analysis/state_moments.h"

#include <Eigen/Core>

namespace kann {

struct DrivenFit {
    Eigen::MatrixXd A;         // k x k
    InputTerms terms;          // B in the input's own coordinates, c, Q; residualAutonomous left 0
    double residual = 0;       // ||X·[A; B̃; c] - Yp||_F / ||Yp||_F over the valid pairs
};

// The Gram matrix of [z_t | u_(t+1)·Q | 1 | z_(t+1)] over the valid pairs, projected from the
// moments (which must hold inputs) on the state basis P, with Q the inputs' first inputK right
// singular vectors (-1: min(inputs, k)), fewer when the inputs span fewer dimensions.
class DrivenPairs {
public:
    // Throws AnalysisError when the inputs are zero on every step that has a predecessor.
    DrivenPairs(const StateMoments& moments, const Eigen::MatrixXd& basis, int inputK);
    // The least-squares fit; throws AnalysisError like the autonomous fit when the pairs do not determine it.
    DrivenFit solve() const;
    // Trust in each eigenpair of A for the driven dynamics:
    // ||Yp v_j - λ_j Xp v_j - (u Q) B̃ v_j - c v_j|| / ||Xp v_j|| over the valid pairs.
    Eigen::VectorXd modeResiduals(const InputTerms& terms, const Spectrum& spectrum) const;

private:
    Eigen::Index k_ = 0, q_ = 0;
    std::int64_t pairs_ = 0;
    Eigen::MatrixXd joint_;  // (2k + q + 1) square
    Eigen::MatrixXd inputBasis_;
    Eigen::VectorXd inputSingularValues_;
};

}  // namespace kann
