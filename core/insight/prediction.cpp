#include "core/insight/prediction.h"

#include "core/analysis/blas.h"
#include "core/common/error.h"

#include <algorithm>
#include <cmath>

namespace kann {

namespace {

Eigen::Index rowOf(const KoopmanResult& r, int b, int t) { return static_cast<Eigen::Index>(b) * r.time + t; }

// The curve is a mean over start points: this many, evenly spaced, estimate it to well under a
// percent, where all of a paper-size batch would cost horizon·b·T·k² (~160 GFLOP).
constexpr std::int64_t kMaxStarts = 8192;

struct Starts {
    std::vector<int> sequence, step;
    RowMatrixXd states;  // Zp at each start, advanced by C once per horizon
};

// Every row with a successor, or kMaxStarts of them evenly spaced.
Starts pickStarts(const KoopmanResult& r) {
    std::int64_t total = 0;
    for (int len : r.lengths) total += std::max(0, len - 1);
    const std::int64_t n = std::min(total, kMaxStarts);
    Starts s;
    s.states.resize(n, r.k);
    std::int64_t index = 0;  // among all rows with a successor
    for (int b = 0; b < r.batch; ++b)
        for (int t = 0; t + 1 < r.lengths[b]; ++t, ++index) {
            // Row i of the sample is start floor(i·total/n): take this one when it is the next due.
            const std::int64_t i = static_cast<std::int64_t>(s.step.size());
            if (i >= n || index != i * total / n) continue;
            s.sequence.push_back(b);
            s.step.push_back(t);
            s.states.row(i) = r.reduced.row(rowOf(r, b, t));
        }
    return s;
}

// A fit with inputs predicts only with the inputs it was fitted on.
void checkInputs(const KoopmanResult& r, const StepInputs* inputs) {
    if (r.inputs && (!inputs || inputs->dim() != r.inputs->dim))
        throw InputError("prediction", "a fit with inputs predicts with the network's inputs, and they are missing");
}

// next += u(step)·B + c for each row i of a fit with inputs, u being sequence[i]'s input at step[i]
// (rows past their sequence's end get no input: they are never read).
void addInputPush(const KoopmanResult& r, const StepInputs* inputs, const std::vector<int>& sequence,
                  const std::vector<int>& step, RowMatrixXd& next) {
    if (!r.inputs) return;
    RowMatrixXd u = RowMatrixXd::Zero(static_cast<Eigen::Index>(sequence.size()), inputs->dim());
    for (std::size_t i = 0; i < sequence.size(); ++i)
        if (step[i] < r.lengths[sequence[i]])
            u.row(static_cast<Eigen::Index>(i)) =
                Eigen::Map<const Eigen::RowVectorXf>(inputs->row(sequence[i], step[i]), inputs->dim()).cast<double>();
    next.noalias() += u * r.inputs->B;
    next.rowwise() += r.inputs->offset;
}

// Reduced rows mapped back to hidden space: zp·Pᵀ + mean.
RowMatrixXf toHidden(const KoopmanResult& r, const RowMatrixXd& reduced) {
    return ((reduced * r.basis.transpose()).rowwise() + r.mean).cast<float>();
}

// Zp[t0] of each sequence advanced by the fit until its last valid step.
RowMatrixXd propagateToEnd(const KoopmanResult& r, const StepInputs* inputs, const std::vector<int>& lengths,
                           double startFraction) {
    RowMatrixXd state(r.batch, r.k);
    for (int b = 0; b < r.batch; ++b) {
        const int t0 = static_cast<int>(std::floor(startFraction * (lengths[b] - 1)));
        RowMatrixXd z = r.reduced.row(rowOf(r, b, t0));
        for (int t = t0; t + 1 < lengths[b]; ++t) {
            RowMatrixXd next = z * r.C;
            addInputPush(r, inputs, {b}, {t + 1}, next);
            z.swap(next);
        }
        state.row(b) = z;
    }
    return state;
}

}  // namespace

PredictionCurve predictionCurve(const KoopmanResult& r, int horizon, const Progress& progress, const StepInputs* inputs) {
    if (horizon < 1) throw InputError("horizon", "must be at least 1, got " + std::to_string(horizon));
    checkInputs(r, inputs);
    const int longest = r.lengths.empty() ? 0 : *std::max_element(r.lengths.begin(), r.lengths.end());
    const int steps = std::min(horizon, longest - 1);
    PredictionCurve curve;
    Starts starts = pickStarts(r);
    RowMatrixXd next(starts.states.rows(), r.k);
    std::vector<int> target(starts.step);  // the step each start's prediction has reached
    for (int h = 1; h <= steps; ++h) {
        progress.step(h - 1, steps, "prediction");
        blas::multiply(starts.states, r.C, next);
        for (int& t : target) ++t;
        addInputPush(r, inputs, starts.sequence, target, next);
        starts.states.swap(next);
        double error = 0, norm = 0;
        std::int64_t counted = 0;
        for (std::size_t i = 0; i < starts.step.size(); ++i) {
            const int b = starts.sequence[i], t = starts.step[i];
            if (t + h >= r.lengths[b]) continue;
            const auto target = r.reduced.row(rowOf(r, b, t + h));
            error += (starts.states.row(static_cast<Eigen::Index>(i)) - target).squaredNorm();
            norm += target.squaredNorm();
            ++counted;
        }
        curve.relativeError.push_back(norm > 0 ? std::sqrt(error / norm) : ReadoutAgreement::kNone);
        curve.starts.push_back(counted);
    }
    progress.step(steps, steps, "prediction");
    return curve;
}

ReadoutAgreement readoutAgreement(const Exploration& e, double startFraction) {
    if (!e.network || e.network->info().readoutOutputs == 0)
        throw InputError(e.spec.modelPath.empty() ? "states" : e.spec.modelPath, "the model has no readout");
    if (!(startFraction >= 0 && startFraction <= 1))
        throw InputError("start fraction", "must be within 0..1, got " + std::to_string(startFraction));
    const KoopmanResult& r = e.result;
    checkInputs(r, e.inputs.get());
    const std::vector<int>& lengths = e.states.lengths;  // the network's true final steps, padding or not
    RowMatrixXd finalReduced(r.batch, r.k);
    for (int b = 0; b < r.batch; ++b) finalReduced.row(b) = r.reduced.row(rowOf(r, b, lengths[b] - 1));

    ReadoutAgreement a;
    a.startFraction = startFraction;
    a.sequences = r.batch;
    const std::vector<int> labels = e.input.labels.empty() ? std::vector<int>(r.batch, -1) : e.input.labels;
    a.labelled = static_cast<int>(std::count_if(labels.begin(), labels.end(), [](int l) { return l >= 0; }));
    a.networkClass = readoutClasses(e.readoutLogits.rows() ? e.readoutLogits : e.network->readout(e.states.lastValidStates()));
    a.projectedClass = readoutClasses(e.network->readout(toHidden(r, finalReduced)));
    a.koopmanClass = readoutClasses(e.network->readout(toHidden(r, propagateToEnd(r, e.inputs.get(), lengths, startFraction))));
    a.networkAccuracy = labelAccuracy(a.networkClass, labels);
    a.projectedAccuracy = labelAccuracy(a.projectedClass, labels);
    a.koopmanAccuracy = labelAccuracy(a.koopmanClass, labels);
    a.agreement = labelAccuracy(a.koopmanClass, a.networkClass);
    return a;
}

std::vector<int> readoutClasses(const RowMatrixXf& logits) {
    std::vector<int> out(logits.rows());
    for (Eigen::Index i = 0; i < logits.rows(); ++i) {
        Eigen::Index best = 0;
        if (logits.cols() == 1) best = logits(i, 0) > 0 ? 1 : 0;
        else logits.row(i).maxCoeff(&best);
        out[i] = static_cast<int>(best);
    }
    return out;
}

double labelAccuracy(const std::vector<int>& predicted, const std::vector<int>& labels) {
    int right = 0, known = 0;
    for (std::size_t i = 0; i < predicted.size(); ++i)
        if (labels[i] >= 0) ++known, right += predicted[i] == labels[i];
    return known ? static_cast<double>(right) / known : ReadoutAgreement::kNone;
}

}  // namespace kann
