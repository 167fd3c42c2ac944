#include "core/pipeline/mode_colouring.h"

#include "core/common/error.h"
#include "core/common/median.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kann {

namespace {

using cd = std::complex<double>;

void checkIndices(const Exploration& e, int seq, int mode) {
    if (seq < 0 || seq >= e.result.batch)
        throw InputError("sequence", std::to_string(seq) + " is outside 0.." + std::to_string(e.result.batch - 1));
    if (mode < 0 || mode >= e.result.k)
        throw InputError("mode", std::to_string(mode) + " is outside 0.." + std::to_string(e.result.k - 1));
}

// phi_j at every valid step of one sequence: one row of Zp times one column of V, O(T k).
std::vector<cd> sequencePhi(const KoopmanResult& r, int seq, int mode) {
    const int len = r.lengths[seq];
    const auto block = r.reduced.middleRows(static_cast<Eigen::Index>(seq) * r.time, len);
    const Eigen::VectorXcd phi = block.cast<cd>() * r.V.col(mode);
    return {phi.data(), phi.data() + len};
}

// phi_j of the all-zero state every unroll starts from (non-zero only for PCA's centering).
cd initialPhi(const KoopmanResult& r, int mode) {
    const Eigen::RowVectorXd z0 = -r.mean * r.basis;
    return (z0.cast<cd>() * r.V.col(mode))(0);
}

// The colouring of step t, with `before` the phi just before the `steps` steps that end at t.
float colour(Colouring c, cd after, cd before, cd lambda, int steps, double orientation) {
    switch (c) {
        case Colouring::Magnitude: return static_cast<float>(std::abs(after));
        case Colouring::Signed: return static_cast<float>(orientation * after.real());
        case Colouring::Kick: return static_cast<float>(std::abs(after - std::pow(lambda, steps) * before));
        case Colouring::InputKick: break;  // from the inputs, not from phi (inputPush)
    }
    return 0.0f;
}

// States of a bidirectional stack's backward direction run in reversed time: step t of a
// sequence of length n belongs to token n-1-t.
bool timeReversed(const Exploration& e) { return e.network && e.network->info().timeReversed; }

// Re(u_t·B·v_j) at every valid step of one sequence; empty without input terms.
std::vector<double> inputPush(const Exploration& e, int seq, int mode) {
    const KoopmanResult& r = e.result;
    if (!r.inputs || !e.inputs) return {};
    const Eigen::VectorXd push = (r.inputs->B * r.V.col(mode)).real();
    std::vector<double> out(r.lengths[seq]);
    for (int t = 0; t < r.lengths[seq]; ++t)
        out[t] = Eigen::Map<const Eigen::VectorXf>(e.inputs->row(seq, t), e.inputs->dim()).cast<double>().dot(push);
    return out;
}

std::vector<float> inputKickValues(const Exploration& e, int seq, int mode, const std::vector<Word>* words) {
    std::vector<double> push = inputPush(e, seq, mode);
    if (timeReversed(e)) std::reverse(push.begin(), push.end());  // into the tokens' order
    const std::size_t n = words ? words->size() : e.result.lengths[seq];
    std::vector<float> out(n, std::numeric_limits<float>::quiet_NaN());
    if (push.empty()) return out;
    const double orientation = modeOrientation(e, mode);
    for (std::size_t i = 0; i < n; ++i) {
        const int first = words ? (*words)[i].firstPiece : static_cast<int>(i), count = words ? (*words)[i].pieceCount : 1;
        if (count <= 0 || first + count > static_cast<int>(push.size())) continue;
        double sum = 0;
        for (int t = first; t < first + count; ++t) sum += push[t];
        out[i] = static_cast<float>(orientation * sum);
    }
    return out;
}

}  // namespace

std::vector<float> stepValues(const Exploration& e, int seq, int mode, Colouring c) {
    checkIndices(e, seq, mode);
    if (c == Colouring::InputKick) return inputKickValues(e, seq, mode, nullptr);
    const KoopmanResult& r = e.result;
    const std::vector<cd> phi = sequencePhi(r, seq, mode);
    const double orientation = c == Colouring::Signed ? modeOrientation(e, mode) : 1.0;
    const cd lambda = r.eigenvalues(mode);
    std::vector<float> out(phi.size());
    cd before = initialPhi(r, mode);
    for (std::size_t t = 0; t < phi.size(); ++t) {
        out[t] = colour(c, phi[t], before, lambda, 1, orientation);
        before = phi[t];
    }
    if (timeReversed(e)) std::reverse(out.begin(), out.end());
    return out;
}

std::vector<float> wordValues(const Exploration& e, int seq, int mode, Colouring c) {
    checkIndices(e, seq, mode);
    if (!e.isText()) throw InputError("colouring", "words exist only for text datasets");
    if (c == Colouring::InputKick) return inputKickValues(e, seq, mode, &e.tokenized[seq].words);
    const KoopmanResult& r = e.result;
    const std::vector<cd> phi = sequencePhi(r, seq, mode);
    const double orientation = c == Colouring::Signed ? modeOrientation(e, mode) : 1.0;
    const cd lambda = r.eigenvalues(mode);
    const cd start = initialPhi(r, mode);
    const auto& words = e.tokenized[seq].words;
    // Words cut off by the batch's maximum length have no value: NaN, painted uncoloured.
    std::vector<float> out(words.size(), std::numeric_limits<float>::quiet_NaN());
    const int len = static_cast<int>(phi.size());
    const bool reversed = timeReversed(e);
    for (std::size_t w = 0; w < words.size(); ++w) {
        const int first = words[w].firstPiece, n = words[w].pieceCount;
        if (n <= 0 || first + n > len) continue;
        // In reversed time a word is read from its last piece to its first.
        const int end = reversed ? len - 1 - first : first + n - 1, begin = end - n + 1;
        const cd before = begin > 0 ? phi[begin - 1] : start;
        out[w] = colour(c, phi[end], before, lambda, n, orientation);
    }
    return out;
}

double modeOrientation(const Exploration& e, int mode) {
    if (e.readoutLogits.size() == 0) return 1.0;
    const KoopmanResult& r = e.result;
    Eigen::VectorXd re(r.batch), logit(r.batch);
    for (int b = 0; b < r.batch; ++b) {
        const auto row = r.reduced.row(static_cast<Eigen::Index>(b) * r.time + r.lengths[b] - 1);
        re(b) = (row.cast<cd>() * r.V.col(mode))(0).real();
        logit(b) = e.readoutLogits(b, 0);
    }
    const double cov = (re.array() - re.mean()).matrix().dot((logit.array() - logit.mean()).matrix());
    return cov < 0 ? -1.0 : 1.0;
}

RowMatrixXf decodeStates(const Exploration& e, const RowMatrixXf& finalStates, int mode, ReconstructionForm form,
                         const Progress& progress) {
    if (!e.network || e.network->info().decoderOutputs == 0)
        throw InputError(e.spec.modelPath.empty() ? "states" : e.spec.modelPath, "the model has no decoder");
    const int time = e.result.time;
    RowMatrixXf out(finalStates.rows(), static_cast<Eigen::Index>(time) * e.network->info().decoderOutputs);
    for (Eigen::Index first = 0; first < finalStates.rows(); first += kDecodeRows) {
        progress.step(first, finalStates.rows(), "decoding");
        const Eigen::Index n = std::min<Eigen::Index>(kDecodeRows, finalStates.rows() - first);
        const RowMatrixXf rows = finalStates.middleRows(first, n);
        out.middleRows(first, n) = e.network->decode(mode < 0 ? rows : reconstructRowsFromPair(e.result, rows, mode, form), time);
    }
    return out;
}

RowMatrixXf decodeBatch(const Exploration& e, int mode, ReconstructionForm form) {
    return decodeStates(e, e.states.lastValidStates(), mode, form);
}

MedianBand medianBand(const RowMatrixXf& series, const std::vector<int>& lengths) {
    const int steps = static_cast<int>(series.cols());
    MedianBand band;
    band.median.assign(steps, std::numeric_limits<float>::quiet_NaN());
    band.mad.assign(steps, std::numeric_limits<float>::quiet_NaN());
    std::vector<float> column, deviation;
    for (int t = 0; t < steps; ++t) {
        column.clear();
        for (int b = 0; b < series.rows(); ++b)
            if (lengths.empty() || t < lengths[b]) column.push_back(series(b, t));
        if (column.empty()) continue;
        band.median[t] = medianInPlace(column);
        deviation.clear();
        for (float x : column) deviation.push_back(std::abs(x - band.median[t]));
        band.mad[t] = medianInPlace(deviation);
    }
    return band;
}

RowMatrixXf firstFeature(const InputBatch& in) {
    RowMatrixXf m = RowMatrixXf::Zero(in.batch, in.time);
    for (int b = 0; b < in.batch; ++b)
        for (int t = 0; t < in.lengths[b]; ++t) m(b, t) = in.values[(static_cast<std::size_t>(b) * in.time + t) * in.features];
    return m;
}

}  // namespace kann
