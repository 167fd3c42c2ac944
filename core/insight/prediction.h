#pragma once
// Trust in C as a stand-in for the network: how well Koopman propagation in the reduced space
// predicts the true reduced states, and whether the readout still classifies the predicted states.
#include "core/common/process_share.h"
#include "core/pipeline/exploration.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

namespace kann {

struct PredictionCurve {
    // relativeError[h-1] = sqrt(Σ ||ẑ(t+h) - Zp[t+h]||² / Σ ||Zp[t+h]||²), summed over every valid
    // start t of every sequence (t + h < length), or of 8192 of them evenly spaced over the batch
    // when it has more, where ẑ(t) = Zp[t] and ẑ(s+1) = ẑ(s)·C, or ẑ(s)·A + u(s+1)·B + c for a fit
    // with inputs (the network's true inputs drive the prediction). Horizon 1 is the fit's residual.
    std::vector<double> relativeError;
    std::vector<std::int64_t> starts;  // start points summed at each horizon
};

// The curve for horizons 1..horizon (fewer when no sequence is long enough). O(horizon·8192·k²),
// plus ·input dim for a fit with inputs, which needs `inputs` (the ones it was fitted on).
// Throws InputError("horizon", ...) for horizon < 1, InputError when a fit with inputs comes
// without them; Cancelled on cancel.
PredictionCurve predictionCurve(const KoopmanResult& r, int horizon, const Progress& progress = {},
                                const StepInputs* inputs = nullptr);

// Rows of Zp of some of the batch's sequences, one per (i, t): step t of the caller's i-th sequence.
using ReducedRows = std::function<RowMatrixXd(const std::vector<std::pair<int, int>>& rows)>;

// A part of the batch given to PredictionSums or ReadoutSums: its sequences (indices in the batch),
// their rows of Zp, and for a fit with inputs their inputs (row i of `inputs` is sequences[i]).
struct BatchPart {
    const std::vector<int>& sequences;
    ReducedRows reduced;
    const StepInputs* inputs = nullptr;
};

// predictionCurve's sums gathered a part of the batch at a time (a streamed run's blocks, whose
// Zp is never held whole): the same start points, the same curve to rounding.
class PredictionSums {
public:
    // Throws as predictionCurve; `r` must outlive the calls to add.
    PredictionSums(const KoopmanResult& r, int horizon);
    // Adds the start points of the part's sequences; a fit with inputs needs its inputs.
    void add(const BatchPart& part, const Progress& progress = {});
    // The sums of every process of `share` added up, each process having added its own sequences.
    void sumAcross(const ProcessShare& share);
    PredictionCurve curve() const;

private:
    const KoopmanResult& r_;
    int steps_ = 0;
    std::vector<std::vector<int>> startsOf_;  // per sequence, its start steps
    std::vector<double> error_, norm_;
    std::vector<std::int64_t> counted_;
};

struct ReadoutAgreement {
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    double startFraction = 0;        // propagation starts at t0 = floor(startFraction·(length-1))
    int sequences = 0;
    int labelled = 0;                // sequences with a known label (accuracies are over these)
    double networkAccuracy = kNone;  // readout of the network's own final states
    double projectedAccuracy = kNone;  // readout of the final states reduced to k dims and mapped back
    double koopmanAccuracy = kNone;  // readout of the final states predicted from Zp[t0] as the curve's ẑ
    double agreement = kNone;        // fraction of all sequences where the Koopman class is the network's
    std::vector<int> networkClass, projectedClass, koopmanClass;  // per sequence
};

// The class the readout gives each row of logits: logit > 0 for one output, the argmax otherwise.
std::vector<int> readoutClasses(const RowMatrixXf& logits);
// The fraction of the sequences with a known label (>= 0) whose predicted class is it; NaN without any.
double labelAccuracy(const std::vector<int>& predicted, const std::vector<int>& labels);

// Classes are logit > 0 for one readout output, the argmax otherwise; labels are e.input.labels.
// Throws InputError when the exploration has no network with a readout, or startFraction is
// outside [0, 1].
ReadoutAgreement readoutAgreement(const Exploration& e, double startFraction = 0.0);

// readoutAgreement gathered a part of the batch at a time, from the network's logits kept by the
// run (Exploration::readoutLogits) and each part's Zp.
class ReadoutSums {
public:
    // Throws as readoutAgreement.
    ReadoutSums(const Exploration& e, double startFraction);
    // Adds a part of e's batch (the same exploration as the constructor's, here and in finish).
    void add(const Exploration& e, const BatchPart& part);
    // The classes of every process of `share` in each, each process having added its own sequences.
    void sumAcross(const ProcessShare& share);
    ReadoutAgreement finish(const Exploration& e) const;

private:
    ReadoutAgreement a_;
};

}  // namespace kann
