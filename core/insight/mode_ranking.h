#pragma once
// Meaning of the modes for a labelled batch: which modes separate the labels (ROC AUC of the
// per-sequence mean |φ_j|) and which follow the readout's logit.
#include "core/pipeline/exploration.h"

#include <limits>
#include <vector>

namespace kann {

struct ModeScore {
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    int mode = 0;
    double auc = kNone;         // P(mean |φ_j| of a positive > that of a negative), ties half
    double separation = kNone;  // max(auc, 1 - auc): how well the mode separates, whichever way
    int sign = 0;               // +1 when |φ_j| is larger for the positive label, -1 when smaller
    double logitCorrelation = kNone;  // Pearson correlation of mean |φ_j| with the readout logit
};

struct ModeRanking {
    int positiveLabel = -1;   // the label counted positive; every other known label is negative
    int positives = 0, negatives = 0;
    std::vector<ModeScore> scores;   // indexed by mode
    // pairRepresentatives by separation, best first.
    std::vector<int> byAuc;
    // The same modes by |logitCorrelation|, strongest first; empty without readout logits.
    std::vector<int> byCorrelation;
    int bestPositive = -1;  // highest auc: the mode that grows with the positive label
    int bestNegative = -1;  // lowest auc: the mode that grows with the negative label
};

// Ranks the modes of `e` by the labels in e.input.labels (-1 = unknown, ignored), from the
// sequences' summaries (e.result.sequenceMagnitude, e.readoutLogits), so also without states.
// positiveLabel -1: the batch must hold exactly two labels, the larger is positive; otherwise it is
// that label against all others. Throws InputError("labels", ...) when the batch lacks labels of
// both sides.
ModeRanking rankModes(const Exploration& e, int positiveLabel = -1);

}  // namespace kann
