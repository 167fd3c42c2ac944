#pragma once
// The KANN analysis in one call: reduce hidden states, fit the Koopman operator, decompose it.
// Row-vector convention throughout (paper, Naiman & Azencot 2023): Zp[:, t] * C ~= Zp[:, t+1].
#include "core/analysis/hidden_states.h"
#include "core/analysis/koopman_fit.h"
#include "core/analysis/reduction.h"
#include "core/analysis/spectrum.h"
#include "core/analysis/step_inputs.h"
#include "core/common/named_values.h"
#include "core/common/progress.h"

#include <Eigen/Core>
#include <complex>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kann {


// Autonomous: z_(t+1) ≈ z_t·C (the paper). Inputs: z_(t+1) ≈ z_t·A + u_(t+1)·B + c, the spectrum of A.
enum class Fit { Autonomous, Inputs };
const char* fitName(Fit f);          // "autonomous", "inputs"
inline constexpr NamedValues<Fit, 2> kFits{"--fit", {Fit::Autonomous, Fit::Inputs}, fitName};
Fit parseFit(const std::string& s);  // throws InputError("--fit", ...)

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
    Fit fit = Fit::Autonomous;     // Inputs needs the network's StepInputs and an exact reduction (svd, pca)
    int inputK = -1;               // Inputs: components of the inputs' own SVD; -1 = min(input dim, k);
                                   // always at most the inputs' numerical rank
};

// The input terms of a fit with inputs, z_(t+1) ≈ z_t·C + u_(t+1)·B + offset (C is then A).
struct InputTerms {
    Eigen::MatrixXd B;               // input dim x k: the input u pushes z by u·B (mode j by u·B·v_j)
    Eigen::RowVectorXd offset;       // c, 1 x k
    Eigen::MatrixXd basis;           // Q, input dim x inputK, orthonormal: the fit saw the inputs as u·Q
    Eigen::VectorXd singularValues;  // of the inputs over the pairs, descending
    int dim = 0, k = 0;              // input dim, components kept
    double residualAutonomous = 0;   // the autonomous fit's relative residual on the same pairs
};

// The analysis is its steps' results (reduction.h, koopman_fit.h, spectrum.h), each held once as
// its step returned it, plus what the steps were run on.
//   ReductionResult: singularValues, basis P (dim x k), mean (zero unless PCA): Zp = (Z - mean)·P.
//   KoopmanFit:      C (k x k), residual over the valid pairs, pairs.
//   Spectrum:        eigenvalues (modulus descending), V, U = V⁻¹, conjugate partners.
//   ModeStatistics:  dominance (Eq. 10) and each eigenpair's residual.
// With Fit::Inputs, C is the A of z_(t+1) ≈ z_t·A + u_(t+1)·B + c and residual that fit's.
struct StateMoments;
struct KoopmanResult : ReductionResult, KoopmanFit, Spectrum, ModeStatistics {
    int batch = 0, time = 0, dim = 0;
    std::vector<int> lengths;       // as used by the fit (all == time when includePadding)
    int k = 0;
    Reduction reduction = Reduction::Svd;
    bool masked = true;             // !includePadding
    RowMatrixXd reduced;            // Zp: (batch*time) x k, rows [b][t]; padded rows are zero
                                    // (empty when !AnalysisOptions::keepReduced)
    // φ of every mode in real form, Zp·realModeBasis (see spectrum.h), column-major float: a
    // per-click query reads its mode's one or two columns, O(batch*time), instead of streaming Zp,
    // O(batch*time*k). Empty unless AnalysisOptions::tabulateModes (and keepReduced).
    Eigen::MatrixXf modeTable;
    Fit fit = Fit::Autonomous;
    std::optional<InputTerms> inputs;  // with Fit::Inputs
    // Set when the states were never held whole (analyzeStreamed): how they were read instead.
    struct Streamed {
        int blocks = 0;          // blocks of sequences per pass
        std::string secondPass;  // how the second pass got the states again, e.g. "re-unroll"
        std::string reason;      // why the analysis streamed, e.g. "--stream on"
    };
    std::optional<Streamed> streamed;
    // A streamed analysis's moments (centred on `mean`), from which the fit on fewer components is
    // refitted without the states (refitFromMoments); null otherwise.
    std::shared_ptr<const StateMoments> moments;
    std::map<std::string, double> timingsMs;  // stage -> milliseconds
};

// Runs the whole analysis; Fit::Inputs needs `inputs`, the network's input at every step of the
// states' batch. Throws InputError/AnalysisError on bad or degenerate input, Cancelled when
// progress.cancel is raised.
KoopmanResult analyze(const HiddenStates& states, const AnalysisOptions& options,
                      const Progress& progress = {}, const StepInputs* inputs = nullptr);

// The fit from the states' moments alone (uncentred, padding masked; e.g. merged from parts run on
// other machines): basis, singular values, C, spectrum, residual and eigenResidual (from the same
// moments, accurate to ~1e-7 absolute like the residual). Dominance sums |φ| over the states, so
// it stays empty, as do lengths and reduced; time is 0. Only the exact SVD reduction applies: PCA's
// mean and the randomized SVD need the states (InputError("--reduction", ...)).
KoopmanResult analyzeMoments(const StateMoments& moments, int sequences, const AnalysisOptions& options);

// r's reduction, operator, spectrum and mode statistics without its batch (lengths, reduced,
// modeTable, timings): what projecting other sequences on r's modes needs.
KoopmanResult spectrumOnly(const KoopmanResult& r);

// The autonomous fit on the first k components of r's basis (1 <= k <= r.k) from r.moments: its
// spectrum and each eigenpair's residual (ModeStatistics without dominance, which sums over the
// states). Throws std::logic_error for a result without moments, AnalysisError like analyze().
std::pair<Spectrum, ModeStatistics> refitFromMoments(const KoopmanResult& r, int k);

// ---- Cheap per-click queries (no refit; O(batch * time), or O(batch * time * k) without
//      r.modeTable); they need r.reduced and throw std::logic_error without it ----

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
// Eq. 11 on some rows of hidden states (n x dim) instead of r's Zp: each row projected, ((h - mean)·P),
// rebuilt from the pair and mapped back: n x dim. Needs no Zp, so a streamed result can use it.
// Throws InputError for a mode out of range or rows of another dimension.
RowMatrixXf reconstructRowsFromPair(const KoopmanResult& r, const RowMatrixXf& states, int j, ReconstructionForm form);

}  // namespace kann
