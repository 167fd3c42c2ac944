#include "core/analysis/analysis_steps.h"

#include "core/analysis/blas.h"
#include "core/analysis/koopman_fit.h"
#include "core/analysis/row_blocks.h"
#include "core/common/error.h"

#include <algorithm>

namespace kann {

namespace {

const char* const kStages[] = {"reduce", "fit", "eig", "project"};
constexpr int kStageCount = 4;

double ms(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

// The fit with inputs in place of the autonomous one; the autonomous residual on the same pairs is kept.
DrivenPairs fitDriven(KoopmanResult& r, const StateMoments& moments, const Eigen::MatrixXd& basis, int inputK) {
    DrivenPairs pairs(moments, basis, inputK);
    DrivenFit fit = pairs.solve();
    r.C = std::move(fit.A);
    r.residual = fit.residual;
    r.pairs = moments.pairs;
    r.inputs = std::move(fit.terms);
    r.inputs->residualAutonomous = PairStatistics(moments, basis).solve().residual;
    return pairs;
}

}  // namespace

StageClock::StageClock(const Progress& progress, std::map<std::string, double>& timings)
    : progress_(progress), timings_(timings), start_(Clock::now()), stageStart_(start_) {}

void StageClock::next() {
    close();
    if (stage_ < kStageCount) progress_.step(stage_, kStageCount, kStages[stage_]);
}

void StageClock::finish() {
    close();
    timings_["total"] = ms(start_, Clock::now());
    progress_.step(kStageCount, kStageCount, "done");
}

void StageClock::close() {
    const auto now = Clock::now();
    if (stage_ >= 0) timings_[kStages[stage_]] = ms(stageStart_, now);
    stageStart_ = now;
    ++stage_;
}

int chooseK(int requested, std::int64_t pairs, int dim) {
    const std::int64_t most = std::min<std::int64_t>(pairs, dim);
    if (most < 2 && requested == -1)
        throw AnalysisError("only " + std::to_string(pairs) + " consecutive pairs in " + std::to_string(dim) +
                            " dimensions: the default k = min(pairs, dim) - 1 leaves nothing to fit");
    if (requested == -1) return static_cast<int>(most - 1);
    if (requested < 1 || requested > most)
        throw InputError("--k", "k = " + std::to_string(requested) + " is outside 1.." + std::to_string(most) +
                                    " (min of " + std::to_string(pairs) + " valid pairs and dimension " +
                                    std::to_string(dim) + ")");
    return requested;
}

void keepReduction(KoopmanResult& r, ReductionResult&& reduction) {
    static_cast<ReductionResult&>(r) = std::move(reduction);
}

std::optional<DrivenPairs> fitFromMoments(KoopmanResult& r, const StateMoments& moments, const Eigen::MatrixXd& basis,
                                          const AnalysisOptions& options) {
    if (options.fit == Fit::Inputs) return fitDriven(r, moments, basis, options.inputK);
    static_cast<KoopmanFit&>(r) = PairStatistics(moments, basis).solve();
    return std::nullopt;
}

void keepModes(KoopmanResult& r, Spectrum&& spectrum, ModeStatistics&& stats, const std::optional<DrivenPairs>& driven) {
    if (driven) stats.eigenResidual = driven->modeResiduals(*r.inputs, spectrum);
    static_cast<Spectrum&>(r) = std::move(spectrum);
    static_cast<ModeStatistics&>(r) = std::move(stats);
}

void addModes(ModeAccumulator& modes, const Eigen::MatrixXd& toModes, const HiddenStates& states,
              const std::vector<int>& lengths, const Eigen::RowVectorXd& mean, const std::vector<int>& sequences) {
    RowMatrixXd parts(kBlockRows, toModes.cols());
    forEachBlock(states, lengths, mean, [&](const RowBlock& blk) {
        blas::multiply(blk.values, toModes, parts.topRows(blk.values.rows()));
        for (const Segment& seg : blk.segments) modes.add(parts.middleRows(seg.row, seg.steps), sequences[seg.sequence], seg.firstStep > 0);
    });
}

void requireInputOptions(const AnalysisOptions& options) {
    if (options.fit != Fit::Inputs) return;
    if (options.inputK == 0 || options.inputK < -1)
        throw InputError("--input-k", "must be at least 1, or -1 for min(input dim, k)");
    if (options.reduction == Reduction::RandomizedSvd)
        throw InputError("--fit", "inputs is fitted from the states' moments: use --reduction svd or pca, not rsvd");
}

}  // namespace kann
