#pragma once
// Stability of the spectrum: eigenvalues as k varies, and two spectra overlaid (two checkpoints,
// two batches). Eigenvalues are matched between spectra by nearest neighbour, one to one.
#include "core/analysis/analysis.h"

#include <complex>
#include <vector>

namespace kann {

// Pairs each of `from` with a distinct entry of `to`, closest pairs first (greedy on |a - b|):
// match[i] is the index in `to`, or -1 when `to` ran out.
std::vector<int> matchNearest(const Eigen::VectorXcd& from, const Eigen::VectorXcd& to);

struct SpectrumAtK {
    int k = 0;
    Eigen::VectorXcd eigenvalues;   // analysis order (modulus descending)
    Eigen::VectorXd eigenResidual;  // as KoopmanResult::eigenResidual
    Eigen::VectorXd dominance;
};

// One eigenvalue followed across increasing k.
struct Track {
    struct Point {
        int kIndex = 0;  // into SpectrumTracks::spectra
        int mode = 0;    // index of the eigenvalue in that spectrum
        std::complex<double> lambda;
    };
    std::vector<Point> points;
    double spread = 0;  // largest |λ - λ_last| along the track: how far it moved before the largest k
};

struct SpectrumTracks {
    std::vector<SpectrumAtK> spectra;  // one per k, k increasing
    std::vector<Track> tracks;         // every eigenvalue of every k is on exactly one track
    // For each mode of the largest k, the track it ends.
    std::vector<int> trackOfFinalMode;
};

// Refits C for each k in `ks` on the first k reduced components of `r` (the SVD basis for a
// larger k contains the smaller ones, so nothing is reduced again); a streamed result refits from
// its moments instead, and its spectra below r.k have no dominance. Each step k_a -> k_b continues
// a track by matchNearest; the eigenvalues left over start new tracks.
// Throws InputError("k", ...) when ks is empty or holds a k outside 1..r.k; AnalysisError when a
// fit fails.
SpectrumTracks spectrumTracks(const KoopmanResult& r, std::vector<int> ks, const Progress& progress = {});

// The same on hidden states: one analysis at the largest k, then as above.
SpectrumTracks spectrumTracks(const HiddenStates& states, AnalysisOptions options, std::vector<int> ks,
                              const Progress& progress = {});

// Up to `count` values of k spread evenly over 2..maxK (always including maxK).
std::vector<int> evenlySpacedKs(int maxK, int count);

// Two spectra on one plot, with each eigenvalue of the first matched to one of the second.
struct SpectrumOverlay {
    SpectrumAtK first, second;
    std::vector<int> match;         // per eigenvalue of first: index in second, -1 when unmatched
    std::vector<double> distance;   // |λ_first - λ_second| of each match (NaN when unmatched)
    double dominantShift = 0;       // dominance-weighted mean distance over the matched first eigenvalues
};

// Overlays two analyses (e.g. the checkpoint after epoch 1 and after training).
SpectrumOverlay overlaySpectra(const KoopmanResult& first, const KoopmanResult& second);

}  // namespace kann
