#include "core/insight/mode_ranking.h"

#include "core/common/error.h"
#include "core/insight/mode_pairs.h"
#include "core/insight/statistics.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace kann {

namespace {

int choosePositiveLabel(const std::vector<int>& labels, int requested) {
    std::set<int> known;
    for (int l : labels)
        if (l >= 0) known.insert(l);
    if (requested >= 0) {
        if (!known.count(requested) || known.size() < 2)
            throw InputError("labels", "the batch needs sequences with label " + std::to_string(requested) +
                                           " and with another label");
        return requested;
    }
    if (known.size() != 2)
        throw InputError("labels", "the batch holds " + std::to_string(known.size()) +
                                       " distinct labels: ranking needs two, or a positive label to set against the rest");
    return *known.rbegin();
}

// Sorts `modes` by `key` descending, NaN last.
template <class Key>
void sortBy(std::vector<int>& modes, Key key) {
    auto value = [&](int j) { const double v = key(j); return std::isnan(v) ? -1.0 : v; };
    std::stable_sort(modes.begin(), modes.end(), [&](int a, int b) { return value(a) > value(b); });
}

ModeScore scoreMode(const Eigen::MatrixXd& features, int j, const std::vector<int>& labels, int positiveLabel,
                    const RowMatrixXf& logits, int logitColumn) {
    ModeScore s;
    s.mode = j;
    std::vector<double> scores;
    std::vector<bool> positive;
    for (int b = 0; b < features.rows(); ++b)
        if (labels[b] >= 0) scores.push_back(features(b, j)), positive.push_back(labels[b] == positiveLabel);
    s.auc = rocAuc(scores, positive);
    s.separation = std::max(s.auc, 1 - s.auc);
    s.sign = s.auc > 0.5 ? 1 : s.auc < 0.5 ? -1 : 0;
    if (logits.rows() == features.rows()) {
        std::vector<double> x(features.rows()), y(features.rows());
        for (int b = 0; b < features.rows(); ++b) x[b] = features(b, j), y[b] = logits(b, logitColumn);
        s.logitCorrelation = pearson(x, y);
    }
    return s;
}

}  // namespace

ModeRanking rankModes(const Exploration& e, int positiveLabel) {
    const KoopmanResult& r = e.result;
    if (static_cast<int>(e.input.labels.size()) != r.batch)
        throw InputError("labels", "the batch has no labels to rank the modes by");
    ModeRanking out;
    out.positiveLabel = choosePositiveLabel(e.input.labels, positiveLabel);
    for (int l : e.input.labels)
        if (l >= 0) ++(l == out.positiveLabel ? out.positives : out.negatives);
    const Eigen::MatrixXd& features = r.sequenceMagnitude;
    if (features.rows() != r.batch)
        throw InputError("labels", "the analysis kept no per-sequence magnitudes (a fit from moments alone)");
    const RowMatrixXf& logits = e.readoutLogits;
    // One logit speaks for the positive side; with several, the positive label's own output does.
    const int logitColumn = logits.cols() > 1 && out.positiveLabel < logits.cols() ? out.positiveLabel : 0;
    for (int j = 0; j < r.k; ++j)
        out.scores.push_back(scoreMode(features, j, e.input.labels, out.positiveLabel, logits, logitColumn));

    out.byAuc = pairRepresentatives(r);
    sortBy(out.byAuc, [&](int j) { return out.scores[j].separation; });
    if (logits.rows() == r.batch) {
        out.byCorrelation = pairRepresentatives(r);
        sortBy(out.byCorrelation, [&](int j) { return std::abs(out.scores[j].logitCorrelation); });
    }
    auto byRawAuc = out.byAuc;
    sortBy(byRawAuc, [&](int j) { return out.scores[j].auc; });
    if (!byRawAuc.empty()) out.bestPositive = byRawAuc.front(), out.bestNegative = byRawAuc.back();
    return out;
}

}  // namespace kann
