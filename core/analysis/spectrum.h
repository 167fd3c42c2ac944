#pragma once
// Step 4-5 of KANN: eigen decomposition of C and per-mode statistics over the batch.
#include "core/analysis/hidden_states.h"

#include <Eigen/Core>
#include <functional>
#include <vector>

namespace kann {

struct Spectrum {
    Eigen::VectorXcd eigenvalues;  // by modulus descending, then imaginary part descending, then real part
    Eigen::MatrixXcd V;            // right eigenvectors (columns), unit norm, largest-modulus entry real > 0
    Eigen::MatrixXcd U;            // V^-1
    std::vector<int> partner;      // conjugate partner's index, -1 for real eigenvalues
};

// C = V·diag(λ)·U. Conjugate partners are exact conjugates (eigenvalue and eigenvector).
// Throws AnalysisError when the decomposition fails or C is defective (V not invertible).
Spectrum decompose(const Eigen::MatrixXd& C);

// Real k x k matrix W with φ = Zp·W in real form: for a real eigenvalue column j of W is v_j; for
// a pair (j with Im λ_j > 0, partner p) column j is Re v_j and column p is Im v_j, so that
// φ_j = (Zp·W)_j + i·(Zp·W)_p and φ_p = conj(φ_j).
Eigen::MatrixXd realModeBasis(const Spectrum& s);

struct ModeStatistics {
    Eigen::VectorXd dominance;      // Eq. 10: mean over sequences of sum over valid t of |φ_j(t)|
    // Trust in each eigenpair as a Koopman eigenpair (residual DMD, Colbrook & Townsend): a true
    // eigenfunction obeys φ_j(t+1) = λ_j φ_j(t), so ||Yp v_j - λ_j Xp v_j|| / ||Xp v_j|| over the
    // valid pairs (Xp = Zp[t], Yp = Zp[t+1]) is near 0 for a real mode of the dynamics and O(1) for
    // an artefact of the fit. With inputs the driven terms are subtracted too (input_fit.h).
    Eigen::VectorXd eigenResidual;
    // Each sequence's mean |φ_j| over the steps summed (its valid ones, unless padding is fitted):
    // batch x k, what the label AUCs and logit correlations rank (core/insight/mode_ranking.h). Small
    // beside the states, so every route keeps it, streamed ones included; empty from moments alone.
    Eigen::MatrixXd sequenceMagnitude;
    // Each sequence's Re φ_j at the last step summed: batch x k, what orients the signed colouring
    // with the readout over the whole batch (modeOrientation, core/pipeline/mode_colouring.h). Kept
    // by every route like sequenceMagnitude, so a streamed batch is oriented as a held one.
    Eigen::MatrixXd sequenceFinal;
};

// φ = Zp·V over the rows t < lengths[b] (rows b*time + t of reduced), summarised per mode.
// With `table` ((batch*time) x k, zero-initialised), φ in real form (Zp·realModeBasis) is written
// there too, from the same products.
ModeStatistics modeStatistics(const RowMatrixXd& reduced, int time, const std::vector<int>& lengths,
                              const Spectrum& s, Eigen::MatrixXf* table = nullptr);

// The same statistics accumulated a run of steps at a time, from φ in real form. Each conjugate
// pair is summarised once (its partner's |φ| and residual are the same), in contiguous columns:
// basis() = [Re v_j of the complex modes with Im λ_j > 0 | v_j of the real modes | Im v_j of the
// same complex modes], k columns in all.
class ModeAccumulator {
public:
    // For a batch of `sequences` sequences.
    ModeAccumulator(const Spectrum& s, int sequences);
    // k x k: φ in real form is Zp·basis().
    const Eigen::MatrixXd& basis() const { return basis_; }
    // Adds the rows of Zp·basis() for consecutive steps of sequence `sequence`; with `continues`
    // they follow the previous call's last row in the same sequence.
    void add(const Eigen::Ref<const RowMatrixXd>& parts, int sequence, bool continues);
    // For each column of basis(), the column of realModeBasis it equals.
    std::vector<Eigen::Index> realBasisColumns() const;
    // Adds the sums of the processes that share a batch, through `sum` (elementwise, in place, the
    // same result in every process), so that each holds the whole batch's.
    void sumAcross(const std::function<void(std::vector<double>&)>& sum);
    // The statistics of sequences of `lengths` steps (those added): dominance averaged over them,
    // each one's magnitude over its steps.
    ModeStatistics finish(const std::vector<int>& lengths) const;

private:
    Eigen::Index complex_ = 0;          // pairs, each once (upper member)
    std::vector<Eigen::Index> upper_;   // mode of each summarised column: complex, then real
    std::vector<int> partner_;
    Eigen::MatrixXd basis_;
    Eigen::ArrayXd lr_, li_;            // λ of each summarised mode
    Eigen::ArrayXd absSum_, misfit_, energy_, prevRe_, prevIm_;
    Eigen::ArrayXXd sequenceSum_;       // summarised modes x sequences: each one's Σ_t |φ|
    Eigen::ArrayXXd sequenceLast_;      // summarised modes x sequences: each one's last row added (Re φ)
};

}  // namespace kann
