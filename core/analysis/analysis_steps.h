#pragma once
// The steps the analyses share (in memory, from moments files, streamed over blocks of sequences),
// so the three routes fit, decompose and summarise the modes the same way. Internal to core/analysis.
#include "core/analysis/analysis.h"
#include "core/analysis/input_fit.h"
#include "core/analysis/reduction.h"
#include "core/analysis/spectrum.h"
#include "core/analysis/state_moments.h"

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace kann {

// Times the stages reduce, fit, eig and project into KoopmanResult::timingsMs, reporting each.
class StageClock {
public:
    StageClock(const Progress& progress, std::map<std::string, double>& timings);
    // Closes the previous stage (if any) and reports the next one.
    void next();
    void finish();

private:
    using Clock = std::chrono::steady_clock;
    void close();

    const Progress& progress_;
    std::map<std::string, double>& timings_;
    Clock::time_point start_, stageStart_;
    int stage_ = -1;
};

// The k used: `requested`, or -1 for min(pairs, dim) - 1. Throws InputError("--k", ...) when out of
// range, AnalysisError when the default leaves nothing to fit.
int chooseK(int requested, std::int64_t pairs, int dim);

// Keeps the reduction as r's.
void keepReduction(KoopmanResult& r, ReductionResult&& reduction);

// The fit on the basis from the moments (centred on the reduction's mean): r.C (A with inputs),
// r.residual and with Fit::Inputs r.inputs; returns the driven pairs a fit with inputs needs for
// its per-mode residuals.
std::optional<DrivenPairs> fitFromMoments(KoopmanResult& r, const StateMoments& moments, const Eigen::MatrixXd& basis,
                                          const AnalysisOptions& options);

// Keeps the spectrum and the mode statistics in r; with a fit with inputs, each eigenpair's
// residual is the driven dynamics' (from `driven`) rather than the autonomous one in `stats`.
void keepModes(KoopmanResult& r, Spectrum&& spectrum, ModeStatistics&& stats, const std::optional<DrivenPairs>& driven);

// Adds φ in real form of the rows t < lengths[b] of `states`, (Z - mean)·toModes, to `modes`
// (toModes = P·modes.basis()) as those of sequence sequences[b] of the batch: one product per block
// of rows, no Zp needed.
void addModes(ModeAccumulator& modes, const Eigen::MatrixXd& toModes, const HiddenStates& states,
              const std::vector<int>& lengths, const Eigen::RowVectorXd& mean, const std::vector<int>& sequences);

// Throws InputError naming the option when a fit with inputs cannot run with `options`.
void requireInputOptions(const AnalysisOptions& options);

}  // namespace kann
