#include "core/insight/spectrum_tracks.h"

#include "core/analysis/koopman_fit.h"
#include "core/analysis/spectrum.h"
#include "core/common/error.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <tuple>

namespace kann {

namespace {

SpectrumAtK spectrumOf(const KoopmanResult& r) {
    return {r.k, r.eigenvalues, r.eigenResidual, r.dominance};
}

// The analysis at k from the first k columns of the reduced states, or without them from the
// moments (no dominance then: it sums over the states).
SpectrumAtK refit(const KoopmanResult& r, int k) {
    if (r.reduced.size() == 0) {
        auto [spectrum, stats] = refitFromMoments(r, k);
        return {k, std::move(spectrum.eigenvalues), std::move(stats.eigenResidual), Eigen::VectorXd()};
    }
    const RowMatrixXd reduced = r.reduced.leftCols(k);
    const KoopmanFit fit = fitKoopman(reduced, r.time, r.lengths);
    const Spectrum spectrum = decompose(fit.C);
    const ModeStatistics stats = modeStatistics(reduced, r.time, r.lengths, spectrum);
    return {k, spectrum.eigenvalues, stats.eigenResidual, stats.dominance};
}

void checkKs(std::vector<int>& ks, int maxK) {
    if (ks.empty()) throw InputError("k", "give at least one k to track");
    std::sort(ks.begin(), ks.end());
    ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
    if (ks.front() < 1 || ks.back() > maxK)
        throw InputError("k", "the values tracked must be within 1.." + std::to_string(maxK) + ", got " +
                                  std::to_string(ks.front()) + ".." + std::to_string(ks.back()));
}

// Links the spectra into tracks: each track of the previous k continues to its nearest match.
void linkTracks(SpectrumTracks& out) {
    std::vector<int> trackOf;  // per mode of the previous spectrum
    for (int i = 0; i < static_cast<int>(out.spectra.size()); ++i) {
        const Eigen::VectorXcd& now = out.spectra[i].eigenvalues;
        std::vector<int> next(now.size(), -1);
        if (i > 0) {
            const std::vector<int> match = matchNearest(out.spectra[i - 1].eigenvalues, now);
            for (std::size_t m = 0; m < match.size(); ++m)
                if (match[m] >= 0) next[match[m]] = trackOf[m];
        }
        for (int j = 0; j < now.size(); ++j) {
            if (next[j] < 0) next[j] = static_cast<int>(out.tracks.size()), out.tracks.emplace_back();
            out.tracks[next[j]].points.push_back({i, j, now(j)});
        }
        trackOf = std::move(next);
    }
    out.trackOfFinalMode = trackOf;
    for (Track& t : out.tracks)
        for (const auto& p : t.points) t.spread = std::max(t.spread, std::abs(p.lambda - t.points.back().lambda));
}

}  // namespace

std::vector<int> matchNearest(const Eigen::VectorXcd& from, const Eigen::VectorXcd& to) {
    std::vector<std::tuple<double, int, int>> pairs;
    for (int i = 0; i < from.size(); ++i)
        for (int j = 0; j < to.size(); ++j) pairs.emplace_back(std::abs(from(i) - to(j)), i, j);
    std::sort(pairs.begin(), pairs.end());
    std::vector<int> match(from.size(), -1);
    std::vector<bool> taken(to.size(), false);
    for (const auto& [distance, i, j] : pairs)
        if (match[i] < 0 && !taken[j]) match[i] = j, taken[j] = true;
    return match;
}

SpectrumTracks spectrumTracks(const KoopmanResult& r, std::vector<int> ks, const Progress& progress) {
    checkKs(ks, r.k);
    SpectrumTracks out;
    for (std::size_t i = 0; i < ks.size(); ++i) {
        progress.step(static_cast<std::int64_t>(i), static_cast<std::int64_t>(ks.size()), "spectrum tracks");
        out.spectra.push_back(ks[i] == r.k ? spectrumOf(r) : refit(r, ks[i]));
    }
    progress.step(ks.size(), ks.size(), "spectrum tracks");
    linkTracks(out);
    return out;
}

SpectrumTracks spectrumTracks(const HiddenStates& states, AnalysisOptions options, std::vector<int> ks,
                              const Progress& progress) {
    if (ks.empty()) throw InputError("k", "give at least one k to track");
    options.k = *std::max_element(ks.begin(), ks.end());
    return spectrumTracks(analyze(states, options, progress), std::move(ks), progress);
}

std::vector<int> evenlySpacedKs(int maxK, int count) {
    std::vector<int> ks;
    const int lowest = std::min(2, maxK);
    for (int i = 0; i < count; ++i) {
        const double f = count > 1 ? static_cast<double>(i) / (count - 1) : 1.0;
        ks.push_back(lowest + static_cast<int>(std::lround(f * (maxK - lowest))));
    }
    ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
    return ks;
}

SpectrumOverlay overlaySpectra(const KoopmanResult& first, const KoopmanResult& second) {
    SpectrumOverlay o;
    o.first = spectrumOf(first);
    o.second = spectrumOf(second);
    o.match = matchNearest(first.eigenvalues, second.eigenvalues);
    double weighted = 0, weights = 0;
    for (std::size_t i = 0; i < o.match.size(); ++i) {
        const bool matched = o.match[i] >= 0;
        o.distance.push_back(matched ? std::abs(first.eigenvalues(i) - second.eigenvalues(o.match[i]))
                                     : std::numeric_limits<double>::quiet_NaN());
        if (matched) weighted += first.dominance(i) * o.distance.back(), weights += first.dominance(i);
    }
    o.dominantShift = weights > 0 ? weighted / weights : 0;
    return o;
}

}  // namespace kann
