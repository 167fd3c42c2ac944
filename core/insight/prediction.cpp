#include "core/insight/prediction.h"

#include "core/analysis/blas.h"
#include "core/common/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace kann {

namespace {

Eigen::Index rowOf(const KoopmanResult& r, int b, int t) { return static_cast<Eigen::Index>(b) * r.time + t; }

// The curve is a mean over start points: this many, evenly spaced, estimate it to well under a
// percent, where all of a paper-size batch would cost horizon·b·T·k² (~160 GFLOP).
constexpr std::int64_t kMaxStarts = 8192;

// The start steps of each sequence: every step with a successor, or kMaxStarts of them evenly
// spaced over the batch.
std::vector<std::vector<int>> pickStarts(const std::vector<int>& lengths) {
    std::int64_t total = 0;
    for (int len : lengths) total += std::max(0, len - 1);
    const std::int64_t n = std::min(total, kMaxStarts);
    std::vector<std::vector<int>> starts(lengths.size());
    std::int64_t index = 0, taken = 0;  // index among all steps with a successor
    for (std::size_t b = 0; b < lengths.size(); ++b)
        for (int t = 0; t + 1 < lengths[b]; ++t, ++index) {
            // Start i of the sample is step floor(i·total/n): take this one when it is the next due.
            if (taken >= n || index != taken * total / n) continue;
            starts[b].push_back(t);
            ++taken;
        }
    return starts;
}

// A fit with inputs predicts only with the inputs it was fitted on.
void checkInputs(const KoopmanResult& r, const StepInputs* inputs) {
    if (r.inputs && (!inputs || inputs->dim() != r.inputs->dim))
        throw InputError("prediction", "a fit with inputs predicts with the network's inputs, and they are missing");
}

// One row of a propagation: the part's sequence `part`, the step it has reached, that sequence's length.
struct Cursor {
    int part, step, length;
};

// Rows of Zp carried forward together, each from its own step of its own sequence until that
// sequence's last step: ẑ(s+1) = ẑ(s)·C, or ẑ(s)·A + u(s+1)·B + c for a fit with inputs. The rows
// are kept by steps to go, most first, so that each step multiplies only the rows still going,
// in one product, and nothing is allocated after the start.
class Propagation {
public:
    Propagation(const KoopmanResult& r, const BatchPart& part, std::vector<Cursor> at)
        : r_(r), inputs_(part.inputs), at_(std::move(at)) {
        std::stable_sort(at_.begin(), at_.end(), [](const Cursor& a, const Cursor& b) { return toGo(a) > toGo(b); });
        std::vector<std::pair<int, int>> rows;
        for (const Cursor& c : at_) rows.emplace_back(c.part, c.step);
        states_ = part.reduced(rows);
        next_.resize(states_.rows(), r.k);
        if (r.inputs) u_ = RowMatrixXd::Zero(states_.rows(), inputs_->dim());
        going_ = states_.rows();
        settle();
    }

    // Carries every row not yet at its sequence's last step one step on; returns how many moved:
    // rows 0..moved-1 of states(), whose cursors now say their new steps.
    Eigen::Index step() {
        const Eigen::Index moved = going_;
        if (moved == 0) return 0;
        auto next = next_.topRows(moved);
        blas::multiply(states_.topRows(moved), r_.C, next);
        for (Eigen::Index i = 0; i < moved; ++i) ++at_[i].step;
        if (r_.inputs) {
            for (Eigen::Index i = 0; i < moved; ++i)
                u_.row(i) = Eigen::Map<const Eigen::RowVectorXf>(inputs_->row(at_[i].part, at_[i].step), inputs_->dim())
                                .cast<double>();
            next.noalias() += u_.topRows(moved) * r_.inputs->B;
            next.rowwise() += r_.inputs->offset;
        }
        states_.topRows(moved) = next;
        settle();
        return moved;
    }

    // Carries every row to its sequence's last step.
    void toEnd() {
        while (step() > 0) {
        }
    }

    const RowMatrixXd& states() const { return states_; }
    const std::vector<Cursor>& cursors() const { return at_; }

private:
    static int toGo(const Cursor& c) { return c.length - 1 - c.step; }
    void settle() {
        while (going_ > 0 && toGo(at_[going_ - 1]) <= 0) --going_;
    }

    const KoopmanResult& r_;
    const StepInputs* inputs_;
    std::vector<Cursor> at_;
    RowMatrixXd states_, next_, u_;
    Eigen::Index going_ = 0;
};

// Reduced rows mapped back to hidden space: zp·Pᵀ + mean.
RowMatrixXf toHidden(const KoopmanResult& r, const RowMatrixXd& reduced) {
    return ((reduced * r.basis.transpose()).rowwise() + r.mean).cast<float>();
}

// The whole batch as one part, its rows read from r.reduced.
std::vector<int> everySequence(const KoopmanResult& r) {
    std::vector<int> all(r.batch);
    std::iota(all.begin(), all.end(), 0);
    return all;
}

ReducedRows heldRows(const KoopmanResult& r) {
    return [&r](const std::vector<std::pair<int, int>>& rows) {
        RowMatrixXd out(static_cast<Eigen::Index>(rows.size()), r.k);
        for (std::size_t n = 0; n < rows.size(); ++n)
            out.row(static_cast<Eigen::Index>(n)) = r.reduced.row(rowOf(r, rows[n].first, rows[n].second));
        return out;
    };
}

}  // namespace

PredictionSums::PredictionSums(const KoopmanResult& r, int horizon) : r_(r) {
    if (horizon < 1) throw InputError("horizon", "must be at least 1, got " + std::to_string(horizon));
    const int longest = r.lengths.empty() ? 0 : *std::max_element(r.lengths.begin(), r.lengths.end());
    steps_ = std::max(0, std::min(horizon, longest - 1));
    startsOf_ = pickStarts(r.lengths);
    error_.assign(steps_, 0.0);
    norm_.assign(steps_, 0.0);
    counted_.assign(steps_, 0);
}

void PredictionSums::add(const BatchPart& part, const Progress& progress) {
    checkInputs(r_, part.inputs);
    std::vector<Cursor> at;
    for (std::size_t i = 0; i < part.sequences.size(); ++i) {
        const int b = part.sequences[i];
        for (int t : startsOf_[b]) at.push_back({static_cast<int>(i), t, r_.lengths[b]});
    }
    Propagation ahead(r_, part, std::move(at));
    std::vector<std::pair<int, int>> rows;
    for (int h = 1; h <= steps_; ++h) {
        progress.step(h - 1, steps_, "prediction");
        const Eigen::Index moved = ahead.step();
        if (moved == 0) break;
        rows.clear();
        for (Eigen::Index i = 0; i < moved; ++i) rows.emplace_back(ahead.cursors()[i].part, ahead.cursors()[i].step);
        const RowMatrixXd truth = part.reduced(rows);
        for (Eigen::Index i = 0; i < moved; ++i) {
            error_[h - 1] += (ahead.states().row(i) - truth.row(i)).squaredNorm();
            norm_[h - 1] += truth.row(i).squaredNorm();
        }
        counted_[h - 1] += static_cast<std::int64_t>(moved);
    }
    progress.step(steps_, steps_, "prediction");
}

void PredictionSums::sumAcross(const ProcessShare& share) { kann::sumAcross(share, error_, norm_, counted_); }

PredictionCurve PredictionSums::curve() const {
    PredictionCurve curve;
    for (int h = 0; h < steps_; ++h) {
        curve.relativeError.push_back(norm_[h] > 0 ? std::sqrt(error_[h] / norm_[h]) : ReadoutAgreement::kNone);
        curve.starts.push_back(counted_[h]);
    }
    return curve;
}

PredictionCurve predictionCurve(const KoopmanResult& r, int horizon, const Progress& progress, const StepInputs* inputs) {
    PredictionSums sums(r, horizon);
    checkInputs(r, inputs);
    sums.add({everySequence(r), heldRows(r), inputs}, progress);
    return sums.curve();
}

ReadoutSums::ReadoutSums(const Exploration& e, double startFraction) {
    if (!e.network || e.network->info().readoutOutputs == 0)
        throw InputError(e.spec.modelPath.empty() ? "states" : e.spec.modelPath, "the model has no readout");
    if (!(startFraction >= 0 && startFraction <= 1))
        throw InputError("start fraction", "must be within 0..1, got " + std::to_string(startFraction));
    a_.startFraction = startFraction;
    a_.sequences = e.result.batch;
    a_.projectedClass.assign(e.result.batch, -1);
    a_.koopmanClass.assign(e.result.batch, -1);
}

void ReadoutSums::add(const Exploration& e, const BatchPart& part) {
    const KoopmanResult& r = e.result;
    checkInputs(r, part.inputs);
    // The network's true final steps, padding or not (a streamed run never fits padding).
    const std::vector<int>& lengths = e.states.batch > 0 ? e.states.lengths : e.input.lengths;
    std::vector<std::pair<int, int>> finals;
    std::vector<Cursor> starts;
    for (std::size_t i = 0; i < part.sequences.size(); ++i) {
        const int len = lengths[part.sequences[i]];
        finals.emplace_back(static_cast<int>(i), len - 1);
        starts.push_back({static_cast<int>(i), static_cast<int>(std::floor(a_.startFraction * (len - 1))), len});
    }
    Propagation ahead(r, part, std::move(starts));
    ahead.toEnd();
    const std::vector<int> projected = readoutClasses(e.network->readout(toHidden(r, part.reduced(finals))));
    const std::vector<int> koopman = readoutClasses(e.network->readout(toHidden(r, ahead.states())));
    for (std::size_t n = 0; n < ahead.cursors().size(); ++n) {
        const int i = ahead.cursors()[n].part;
        a_.projectedClass[part.sequences[i]] = projected[i];
        a_.koopmanClass[part.sequences[i]] = koopman[n];
    }
}

void ReadoutSums::sumAcross(const ProcessShare& share) {
    // A class not yet known is -1: shifted by one it is zero, so the one process that knows it gives the sum.
    for (std::vector<int>* classes : {&a_.projectedClass, &a_.koopmanClass}) {
        for (int& c : *classes) ++c;
        kann::sumAcross(share, *classes);
        for (int& c : *classes) --c;
    }
}

ReadoutAgreement ReadoutSums::finish(const Exploration& e) const {
    ReadoutAgreement a = a_;
    const std::vector<int> labels = e.input.labels.empty() ? std::vector<int>(a.sequences, -1) : e.input.labels;
    a.labelled = static_cast<int>(std::count_if(labels.begin(), labels.end(), [](int l) { return l >= 0; }));
    a.networkClass = readoutClasses(e.readoutLogits.rows() ? e.readoutLogits
                                                           : e.network->readout(e.states.lastValidStates()));
    a.networkAccuracy = labelAccuracy(a.networkClass, labels);
    a.projectedAccuracy = labelAccuracy(a.projectedClass, labels);
    a.koopmanAccuracy = labelAccuracy(a.koopmanClass, labels);
    a.agreement = labelAccuracy(a.koopmanClass, a.networkClass);
    return a;
}

ReadoutAgreement readoutAgreement(const Exploration& e, double startFraction) {
    ReadoutSums sums(e, startFraction);
    sums.add(e, {everySequence(e.result), heldRows(e.result), e.inputs.get()});
    return sums.finish(e);
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
