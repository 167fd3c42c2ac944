#pragma once
// Step 3 of KANN: the Koopman operator C (k x k) by least squares on consecutive pairs,
// row-vector convention: Zp[t]·C ≈ Zp[t+1].
#include "core/analysis/hidden_states.h"
#include "core/analysis/state_moments.h"

#include <Eigen/Core>
#include <vector>

namespace kann {

struct KoopmanFit {
    Eigen::MatrixXd C;
    double residual = 0;  // ||Xp·C - Yp||_F / ||Yp||_F
    std::int64_t pairs = 0;
};

// Fits C on the pairs (t, t+1) with t + 1 < lengths[b] of each sequence b, whose rows are
// reduced[b*time + t]: pairs never cross a sequence's end.
// Solved by normal equations scaled to unit diagonal: the reduced columns are nearly orthogonal
// (a PCA basis), so the scaled system is well conditioned and as accurate as a QR of Xp, at the
// cost of one pass of BLAS products instead of a tall QR.
// The residual comes from the same Gram matrices (||Yp||² - <B, C>): accurate to ~1e-7 absolute.
// Throws AnalysisError when there are fewer pairs than components or the pairs do not determine C.
KoopmanFit fitKoopman(const RowMatrixXd& reduced, int time, const std::vector<int>& lengths);

// The least-squares statistics of the fit (Xpᵀ Xp, Xpᵀ Yp, ||Yp||²), summed over sequences or
// projected from the states' moments (the analysis' route: no Zp needed).
class PairStatistics {
public:
    explicit PairStatistics(Eigen::Index k);
    // The statistics of the states' moments projected on the basis P (dim x k): no pass over the states.
    PairStatistics(const StateMoments& moments, const Eigen::MatrixXd& basis);
    // Given statistics of any regressors X (n columns) for targets Yp (k columns): Xᵀ X (n x n),
    // Xᵀ Yp (n x k), ||Yp||²; solve() then gives the n x k coefficients.
    PairStatistics(Eigen::MatrixXd xx, Eigen::MatrixXd xy, double yy, std::int64_t pairs);
    // Adds the pairs of one sequence's reduced states (consecutive steps in order).
    void add(const Eigen::Ref<const RowMatrixXd>& steps);
    // The fit as fitKoopman's; throws the same AnalysisErrors.
    KoopmanFit solve() const;

private:
    Eigen::MatrixXd xx_, xy_;  // Xpᵀ Xp (its upper triangle is read), Xpᵀ Yp
    double yy_ = 0;
    std::int64_t pairs_ = 0;
};

}  // namespace kann
