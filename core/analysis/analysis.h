#pragma once
// The KANN analysis in one call: reduce hidden states, fit the Koopman operator, decompose it.
// Row-vector convention throughout (paper, Naiman & Azencot 2023): Zp[:, t] * C ~= Zp[:, t+1].
#include "core/analysis/hidden_states.h"
#include "core/common/progress.h"

#include <Eigen/Core>
#include <complex>
#include <map>
#include <string>
#include <vector>

namespace kann {

enum class Reduction { Svd, Pca, RandomizedSvd };
const char* reductionName(Reduction r);          // "svd", "pca", "rsvd"
Reduction parseReduction(const std::string& s);  // throws InputError("--reduction", ...)

struct AnalysisOptions {
    int k = -1;                    // components kept; -1 = min(p, m) - 1, p = valid pairs, and at
                                   // most the states' numerical rank (noise directions hold no dynamics)
    Reduction reduction = Reduction::Svd;
    bool includePadding = false;   // true reproduces the reference notebook (fit over padding)
    unsigned seed = 42;            // randomized SVD only
    bool keepReduced = true;       // false: KoopmanResult::reduced stays empty, the analysis streams over
                                   // the states and holds nothing of their size (kann analyze's JSON
                                   // needs no Zp; the per-click queries below do)
    bool tabulateModes = false;    // also fill KoopmanResult::modeTable (the studio: clicks must take
                                   // well under a frame on a paper-size batch)
};

struct KoopmanResult {
    // Input description.
    int batch = 0, time = 0, dim = 0;
    std::vector<int> lengths;       // as used by the fit (all == time when includePadding)
    int k = 0;
    Reduction reduction = Reduction::Svd;
    bool masked = true;             // !includePadding

    // Reduction: Zp = (Z - mean) * P.
    Eigen::VectorXd singularValues;  // all available, descending (for the scree plot)
    Eigen::MatrixXd basis;           // P: dim x k, orthonormal columns
    Eigen::RowVectorXd mean;         // zero unless PCA
    RowMatrixXd reduced;             // Zp: (batch*time) x k, rows [b][t]; padded rows are zero
                                     // (empty when !AnalysisOptions::keepReduced)
    // φ of every mode in real form, Zp·realModeBasis (see spectrum.h), column-major float: a
    // per-click query reads its mode's one or two columns, O(batch*time), instead of streaming Zp,
    // O(batch*time*k). Empty unless AnalysisOptions::tabulateModes (and keepReduced).
    Eigen::MatrixXf modeTable;

    // Fit and spectrum.
    Eigen::MatrixXd C;                   // k x k
    Eigen::VectorXcd eigenvalues;        // sorted by modulus desc, then imaginary part desc
    Eigen::MatrixXcd V;                  // right eigenvectors as columns: C V = V diag(lambda)
    Eigen::MatrixXcd U;                  // V^-1
    std::vector<int> partner;            // index of the conjugate partner, -1 for real eigenvalues
    Eigen::VectorXd dominance;           // Eq. 10: mean over batch of sum over valid t of |phi_j|
    double residual = 0;                 // ||Xp C - Yp||_F / ||Yp||_F over valid pairs
    // Trust in each eigenpair as a Koopman eigenpair (residual DMD, Colbrook & Townsend): with
    // φ_j(t) = Zp[t]·v_j, a true eigenfunction obeys φ_j(t+1) = λ_j φ_j(t), so
    // eigenResidual_j = ||Yp v_j - λ_j Xp v_j|| / ||Xp v_j|| over the valid pairs (Xp = Zp[t],
    // Yp = Zp[t+1]). Near 0 for a real mode of the dynamics; O(1) for an artefact of the fit.
    Eigen::VectorXd eigenResidual;

    std::map<std::string, double> timingsMs;  // stage -> milliseconds
};

// Runs the whole analysis. Throws InputError/AnalysisError on bad or degenerate input,
// Cancelled when progress.cancel is raised.
KoopmanResult analyze(const HiddenStates& states, const AnalysisOptions& options,
                      const Progress& progress = {});

// The fit from the states' moments alone (uncentred, padding masked; e.g. merged from parts run on
// other machines): basis, singular values, C, spectrum, residual and eigenResidual (from the same
// moments, accurate to ~1e-7 absolute like the residual). Dominance sums |φ| over the states, so
// it stays empty, as do lengths and reduced; time is 0. Only the exact SVD reduction applies: PCA's
// mean and the randomized SVD need the states (InputError("--reduction", ...)).
struct StateMoments;
KoopmanResult analyzeMoments(const StateMoments& moments, int sequences, const AnalysisOptions& options);

// ---- Cheap per-click queries (no refit; O(batch * time), or O(batch * time * k) without
//      r.modeTable); they need r.reduced ----

// |phi_j| for eigenvector j: batch x time, zero on padding.
RowMatrixXf modeMagnitude(const KoopmanResult& r, int j);
// Re(phi_j) with a sign chosen by the caller (orientation): batch x time, zero on padding.
RowMatrixXf modeRealPart(const KoopmanResult& r, int j);
// Complex phi_j: batch x time.
Eigen::Matrix<std::complex<double>, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>
modeValues(const KoopmanResult& r, int j);
// Norm of the projection onto the real 2-D subspace of a conjugate pair (j and its partner);
// for a real eigenvalue the same as modeMagnitude.
RowMatrixXf pairMagnitude(const KoopmanResult& r, int j);

enum class ReconstructionForm { PaperAbsolute, ExactRealPart };
// Eq. 11: Zp * |V_J U_J| (paper) or Re(Zp V_J U_J) (exact), J = {j, partner(j)}, mapped back to
// hidden space with P^T (plus the PCA mean). Result: HiddenStates of the input's shape.
HiddenStates reconstructFromPair(const KoopmanResult& r, int j, ReconstructionForm form);

}  // namespace kann
