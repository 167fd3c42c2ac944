// The one-call pipeline: reduce, fit, decompose, project; each stage timed and reported.
#include "core/analysis/analysis.h"

#include "core/analysis/analysis_steps.h"
#include "core/analysis/koopman_fit.h"
#include "core/analysis/reduction.h"
#include "core/analysis/spectrum.h"
#include "core/analysis/state_moments.h"
#include "core/common/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <stdexcept>

namespace kann {

namespace {

// With padding included every step up to `time` counts, so it must be finite too.
void requireFinitePadding(const HiddenStates& states) {
    for (std::size_t i = 0; i < states.values.size(); ++i)
        if (!std::isfinite(states.values[i])) {
            const std::size_t row = i / states.dim;
            throw InputError("hidden states", "non-finite value in padding (sequence " +
                                                  std::to_string(row / states.time) + ", step " +
                                                  std::to_string(row % states.time) +
                                                  ") while padding is included in the fit");
        }
}

// States that never move leave nothing to fit: said plainly here rather than as a rank of 1 (or 0
// once PCA centres them) or a single eigenvalue 1.
void requireMovement(const HiddenStates& states, const std::vector<int>& lengths) {
    const float* first = states.row(0, 0);
    std::int64_t rows = 0;
    for (int b = 0; b < states.batch; ++b) {
        for (int t = 0; t < lengths[b]; ++t, ++rows)
            if (!std::equal(first, first + states.dim, states.row(b, t))) return;
    }
    const bool zero = std::all_of(first, first + states.dim, [](float v) { return v == 0.0f; });
    throw AnalysisError("all " + std::to_string(rows) + " valid states are " + (zero ? "zero" : "the same vector") +
                        ": the network's state does not move on this batch, so there are no dynamics to fit "
                        "(an untrained model, or inputs that are all padding or all alike?)");
}

// φ in real form straight from the states, without Zp.
ModeStatistics streamedModes(const HiddenStates& states, const KoopmanResult& r, const Spectrum& spectrum) {
    ModeAccumulator modes(spectrum, r.batch);
    std::vector<int> sequences(r.batch);
    std::iota(sequences.begin(), sequences.end(), 0);
    addModes(modes, r.basis * modes.basis(), states, r.lengths, r.mean, sequences);
    return modes.finish(r.lengths);
}

// The basis, and with an exact reduction the moments that give the fit without Zp.
struct Reduced {
    ReductionResult reduction;
    std::optional<StateMoments> moments;
};

Reduced reduce(const HiddenStates& states, const KoopmanResult& r, const AnalysisOptions& options,
               const StepInputs* inputs) {
    const bool clamp = options.k == -1;
    if (options.reduction == Reduction::RandomizedSvd)
        return {fitReduction(states, r.lengths, r.k, options.reduction, options.seed, clamp), std::nullopt};
    Eigen::RowVectorXd mean = reductionMean(states, r.lengths, options.reduction);
    StateMoments moments = stateMoments(states, r.lengths, mean, options.fit == Fit::Inputs ? inputs : nullptr);
    ReductionResult reduction = reductionFromGram(moments.gram, moments.rows, std::move(mean), r.k, clamp);
    return {std::move(reduction), std::move(moments)};
}

// ||Yp v - λ Xp v|| / ||Xp v|| of each eigenpair from the pair statistics Xpᵀ Xp, Yp ᵀYp, Xpᵀ Yp.
Eigen::VectorXd eigenResidualsFromMoments(const StateMoments& m, const Eigen::MatrixXd& p, const Spectrum& s) {
    const Eigen::MatrixXd xx = p.transpose() * (m.gram - m.lasts) * p;
    const Eigen::MatrixXd yy = p.transpose() * (m.gram - m.firsts) * p;
    const Eigen::MatrixXd xy = p.transpose() * m.lagged * p;
    Eigen::VectorXd out(s.eigenvalues.size());
    for (Eigen::Index j = 0; j < out.size(); ++j) {
        const Eigen::VectorXcd v = s.V.col(j);
        const std::complex<double> l = s.eigenvalues(j);
        const double energy = v.dot(xx * v).real();  // vᴴ Xpᵀ Xp v
        const double misfit = v.dot(yy * v).real() - 2 * (std::conj(l) * v.dot(xy * v)).real() + std::norm(l) * energy;
        out(j) = std::sqrt(std::max(0.0, misfit) / energy);
    }
    return out;
}

void requireInputs(const HiddenStates& states, const AnalysisOptions& options, const StepInputs* inputs) {
    if (options.fit != Fit::Inputs) return;
    requireInputOptions(options);
    if (!inputs)
        throw InputError("--fit", "inputs needs the network's input at every step: run a model on a dataset "
                                  "(--model, --data), saved states do not hold their inputs");
    const std::size_t steps = static_cast<std::size_t>(states.batch) * states.time;
    if (inputs->time != states.time || inputs->dim() < 1 ||
        (inputs->index.empty() ? static_cast<std::size_t>(inputs->table.rows()) : inputs->index.size()) != steps)
        throw InputError("--fit", "the network's inputs do not cover the states' batch of " +
                                      std::to_string(states.batch) + " x " + std::to_string(states.time) + " steps");
}

}  // namespace

KoopmanResult analyzeMoments(const StateMoments& moments, int sequences, const AnalysisOptions& options) {
    if (options.reduction != Reduction::Svd)
        throw InputError("--reduction", std::string(reductionName(options.reduction)) +
                                            " needs the states; a fit from moments uses svd");
    if (options.includePadding)
        throw InputError("--include-padding", "a fit from moments covers the valid steps only");
    if (options.fit == Fit::Inputs && !moments.inputs)
        throw InputError("--fit", "inputs needs the input blocks, and these moments were gathered without them "
                                  "(kann unroll --fit inputs --moments-out)");
    requireInputOptions(options);
    KoopmanResult r;
    r.batch = sequences;
    r.dim = static_cast<int>(moments.gram.rows());
    r.k = chooseK(options.k, moments.pairs, r.dim);
    const Progress quiet;
    StageClock clock(quiet, r.timingsMs);
    clock.next();
    ReductionResult reduction = reductionFromGram(moments.gram, moments.rows, Eigen::RowVectorXd::Zero(r.dim), r.k,
                                                  options.k == -1);
    r.k = static_cast<int>(reduction.basis.cols());
    clock.next();
    const std::optional<DrivenPairs> driven = fitFromMoments(r, moments, reduction.basis, options);
    r.fit = options.fit;
    clock.next();
    static_cast<Spectrum&>(r) = decompose(r.C);
    clock.next();
    r.eigenResidual = driven ? driven->modeResiduals(*r.inputs, r) : eigenResidualsFromMoments(moments, reduction.basis, r);
    keepReduction(r, std::move(reduction));
    clock.finish();
    return r;
}

std::pair<Spectrum, ModeStatistics> refitFromMoments(const KoopmanResult& r, int k) {
    if (!r.moments) throw std::logic_error("refitFromMoments: the analysis kept no moments (only a streamed one does)");
    const Eigen::MatrixXd basis = r.basis.leftCols(k);
    Spectrum spectrum = decompose(PairStatistics(*r.moments, basis).solve().C);
    ModeStatistics stats;
    stats.eigenResidual = eigenResidualsFromMoments(*r.moments, basis, spectrum);
    return {std::move(spectrum), std::move(stats)};
}

const char* fitName(Fit f) { return f == Fit::Inputs ? "inputs" : "autonomous"; }

Fit parseFit(const std::string& s) {
    return kFits.parse(s);
}

KoopmanResult analyze(const HiddenStates& states, const AnalysisOptions& options, const Progress& progress,
                      const StepInputs* inputs) {
    states.validate("hidden states");
    requireInputs(states, options, inputs);
    if (options.includePadding) requireFinitePadding(states);
    KoopmanResult r;
    r.batch = states.batch;
    r.time = states.time;
    r.dim = states.dim;
    r.lengths = options.includePadding ? std::vector<int>(states.batch, states.time) : states.lengths;
    r.reduction = options.reduction;
    r.masked = !options.includePadding;
    r.fit = options.fit;
    std::int64_t pairs = 0;
    for (int len : r.lengths) pairs += len - 1;
    r.k = chooseK(options.k, pairs, states.dim);
    requireMovement(states, r.lengths);

    StageClock clock(progress, r.timingsMs);
    clock.next();
    Reduced reduced = reduce(states, r, options, inputs);
    r.k = static_cast<int>(reduced.reduction.basis.cols());

    clock.next();
    // Without moments (randomized SVD, for states too wide for a dim x dim Gram) the fit needs Zp.
    if (!reduced.moments || options.keepReduced) r.reduced = project(states, r.lengths, reduced.reduction);
    std::optional<DrivenPairs> driven;
    if (reduced.moments) {
        driven = fitFromMoments(r, *reduced.moments, reduced.reduction.basis, options);
    } else {
        static_cast<KoopmanFit&>(r) = fitKoopman(r.reduced, r.time, r.lengths);
    }
    keepReduction(r, std::move(reduced.reduction));

    clock.next();
    Spectrum spectrum = decompose(r.C);

    clock.next();
    const bool tabulate = options.tabulateModes && options.keepReduced;
    if (tabulate) r.modeTable = Eigen::MatrixXf::Zero(r.reduced.rows(), r.k);
    ModeStatistics stats = r.reduced.size() > 0
                               ? modeStatistics(r.reduced, r.time, r.lengths, spectrum, tabulate ? &r.modeTable : nullptr)
                               : streamedModes(states, r, spectrum);
    if (!options.keepReduced) r.reduced = RowMatrixXd();
    keepModes(r, std::move(spectrum), std::move(stats), driven);
    clock.finish();
    return r;
}

KoopmanResult spectrumOnly(const KoopmanResult& r) {
    KoopmanResult s;
    static_cast<ReductionResult&>(s) = r;
    static_cast<KoopmanFit&>(s) = r;
    static_cast<Spectrum&>(s) = r;
    s.dominance = r.dominance;  // the mode statistics but the per-sequence ones, which are the batch's
    s.eigenResidual = r.eigenResidual;
    s.dim = r.dim;
    s.k = r.k;
    s.reduction = r.reduction;
    s.masked = r.masked;
    s.fit = r.fit;
    s.inputs = r.inputs;
    return s;
}

}  // namespace kann
