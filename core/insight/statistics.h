#pragma once
// The two figures the meaning checks report: ROC AUC and Pearson correlation.
#include <vector>

namespace kann {

// Probability that a random positive scores above a random negative (ties count half): the
// Mann-Whitney form of the ROC AUC. 0.5 is chance, 1 perfect, 0 perfectly reversed.
// NaN when either class is empty. Scores must be finite (callers drop NaN entries).
double rocAuc(const std::vector<double>& scores, const std::vector<bool>& positive);

// Pearson correlation of x and y (same size); NaN when either is constant or there are < 2 values.
double pearson(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace kann
