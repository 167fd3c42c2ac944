#include "core/insight/series_band.h"

#include "core/common/error.h"
#include "core/insight/mode_pairs.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace kann {

namespace {

// Output channel c of a decoding (b x time*outputs): b x time.
RowMatrixXf channel(const RowMatrixXf& decoded, int outputs, int c) {
    const Eigen::Index time = decoded.cols() / outputs;
    RowMatrixXf out(decoded.rows(), time);
    for (Eigen::Index t = 0; t < time; ++t) out.col(t) = decoded.col(t * outputs + c);
    return out;
}

std::vector<MedianBand> medians(const RowMatrixXf& decoded, int outputs, const std::vector<int>& lengths) {
    std::vector<MedianBand> out;
    for (int c = 0; c < outputs; ++c) out.push_back(medianBand(channel(decoded, outputs, c), lengths));
    return out;
}

// Per step, the norm over outputs of the difference of the medians.
std::vector<double> medianDifference(const std::vector<MedianBand>& a, const std::vector<MedianBand>& b) {
    std::vector<double> out(a.front().median.size(), 0.0);
    for (std::size_t c = 0; c < a.size(); ++c)
        for (std::size_t t = 0; t < out.size(); ++t) {
            const double d = a[c].median[t] - b[c].median[t];
            out[t] += d * d;
        }
    for (double& d : out) d = std::sqrt(d);  // NaN stays NaN
    return out;
}

// The decoding of the state with every mode removed: the PCA mean (zero for SVD), for each sequence.
RowMatrixXf emptyDecoding(const Exploration& e) {
    const RowMatrixXf empty = e.result.mean.cast<float>().replicate(e.result.batch, 1);
    return e.network->decode(empty, e.states.time);
}

}  // namespace

std::pair<int, int> bandAround(const std::vector<double>& difference, double fraction) {
    int peak = -1;
    for (int t = 0; t < static_cast<int>(difference.size()); ++t)
        if (std::isfinite(difference[t]) && (peak < 0 || difference[t] > difference[peak])) peak = t;
    if (peak < 0) return {0, 0};
    const double threshold = fraction * difference[peak];
    auto inside = [&](int t) { return std::isfinite(difference[t]) && difference[t] >= threshold; };
    int start = peak, end = peak + 1;
    while (start > 0 && inside(start - 1)) --start;
    while (end < static_cast<int>(difference.size()) && inside(end)) ++end;
    return {start, end};
}

std::vector<PairBand> pairBands(const Exploration& e, int pairs, ReconstructionForm form, BandReference reference) {
    const RowMatrixXf full = decodeBatch(e, -1, form);  // throws when there is no decoder
    const int outputs = e.network->info().decoderOutputs;
    const std::vector<int>& lengths = e.states.lengths;
    const std::vector<MedianBand> fullMedian =
        medians(reference == BandReference::FullDecoding ? full : emptyDecoding(e), outputs, lengths);
    std::vector<PairBand> bands;
    for (int j : dominantPairs(e.result, pairs)) {
        const std::vector<MedianBand> pairMedian = medians(decodeBatch(e, j, form), outputs, lengths);
        PairBand band;
        band.mode = j;
        band.partner = e.result.partner[j];
        band.difference = medianDifference(pairMedian, fullMedian);
        std::tie(band.start, band.end) = bandAround(band.difference);
        band.peak = static_cast<int>(std::max_element(band.difference.begin() + band.start,
                                                      band.difference.begin() + band.end) - band.difference.begin());
        band.peakDifference = band.end > band.start ? band.difference[band.peak] : 0.0;
        band.pairMedian = pairMedian.front();
        bands.push_back(std::move(band));
    }
    return bands;
}

}  // namespace kann
