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

// The decoding of the state with every mode removed: the PCA mean (zero for SVD), the same for
// each sequence, so decoded once.
RowMatrixXf emptyDecoding(const Exploration& e, Eigen::Index sequences) {
    const RowMatrixXf empty = e.result.mean.cast<float>();
    return decodeStates(e, empty, -1, ReconstructionForm::PaperAbsolute).replicate(sequences, 1);
}

}  // namespace

std::vector<MedianBand> decodingMedians(const RowMatrixXf& decoded, int outputs, const std::vector<int>& lengths) {
    std::vector<MedianBand> out;
    for (int c = 0; c < outputs; ++c) out.push_back(medianBand(channel(decoded, outputs, c), lengths));
    return out;
}

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
    return pairBands(e, e.states.lastValidStates(), e.states.lengths, pairs, form, reference);
}

namespace {

std::vector<MedianBand> referenceMedians(const Exploration& e, const RowMatrixXf& finalStates, const std::vector<int>& lengths,
                                         ReconstructionForm form, BandReference reference) {
    const int outputs = e.network ? e.network->info().decoderOutputs : 0;
    return decodingMedians(reference == BandReference::FullDecoding ? decodeStates(e, finalStates, -1, form)  // throws without a decoder
                                                            : emptyDecoding(e, finalStates.rows()),
                   outputs, lengths);
}

PairBand bandOf(const Exploration& e, const RowMatrixXf& finalStates, const std::vector<int>& lengths, int j,
                ReconstructionForm form, const std::vector<MedianBand>& reference, const Progress& progress = {}) {
    const std::vector<MedianBand> pairMedian =
        decodingMedians(decodeStates(e, finalStates, j, form, progress), e.network->info().decoderOutputs, lengths);
    PairBand band;
    band.mode = j;
    band.partner = e.result.partner[j];
    band.difference = medianDifference(pairMedian, reference);
    std::tie(band.start, band.end) = bandAround(band.difference);
    band.peak = static_cast<int>(std::max_element(band.difference.begin() + band.start,
                                                  band.difference.begin() + band.end) - band.difference.begin());
    band.peakDifference = band.end > band.start ? band.difference[band.peak] : 0.0;
    band.pairMedian = pairMedian.front();
    return band;
}

}  // namespace

std::vector<PairBand> pairBands(const Exploration& e, const RowMatrixXf& finalStates, const std::vector<int>& lengths,
                                int pairs, ReconstructionForm form, BandReference reference) {
    const std::vector<MedianBand> against = referenceMedians(e, finalStates, lengths, form, reference);
    std::vector<PairBand> bands;
    for (int j : dominantPairs(e.result, pairs)) bands.push_back(bandOf(e, finalStates, lengths, j, form, against));
    return bands;
}

PairBand pairBand(const Exploration& e, const RowMatrixXf& finalStates, const std::vector<int>& lengths, int mode,
                  ReconstructionForm form, BandReference reference, const Progress& progress) {
    if (mode < 0 || mode >= e.result.k)
        throw InputError("mode", "index " + std::to_string(mode) + " is outside 0.." + std::to_string(e.result.k - 1));
    const int partner = e.result.partner[mode];
    const int j = partner >= 0 && e.result.eigenvalues(mode).imag() < 0 ? partner : mode;  // the representative
    return bandOf(e, finalStates, lengths, j, form, referenceMedians(e, finalStates, lengths, form, reference), progress);
}

}  // namespace kann
