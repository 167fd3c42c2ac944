#include "core/insight/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace kann {

double rocAuc(const std::vector<double>& scores, const std::vector<bool>& positive) {
    if (scores.size() != positive.size()) throw std::invalid_argument("rocAuc: scores and labels differ in size");
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return scores[a] < scores[b]; });
    // Sum of the positives' ranks, tied scores sharing their average rank.
    double rankSum = 0;
    std::size_t positives = 0;
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j < order.size() && scores[order[j]] == scores[order[i]]) ++j;
        const double averageRank = 0.5 * static_cast<double>(i + 1 + j);
        for (std::size_t q = i; q < j; ++q)
            if (positive[order[q]]) rankSum += averageRank, ++positives;
        i = j;
    }
    const double np = static_cast<double>(positives), nn = static_cast<double>(scores.size() - positives);
    if (np == 0 || nn == 0) return std::numeric_limits<double>::quiet_NaN();
    return (rankSum - np * (np + 1) / 2) / (np * nn);
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size()) throw std::invalid_argument("pearson: x and y differ in size");
    const double n = static_cast<double>(x.size());
    if (x.size() < 2) return std::numeric_limits<double>::quiet_NaN();
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n, my = std::accumulate(y.begin(), y.end(), 0.0) / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    if (sxx == 0 || syy == 0) return std::numeric_limits<double>::quiet_NaN();
    return sxy / std::sqrt(sxx * syy);
}

}  // namespace kann
