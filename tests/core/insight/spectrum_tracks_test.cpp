// Spectrum tracks against fresh analyses at each k and a linear system of known spectrum;
// matching and overlay by hand.
#include "core/insight/spectrum_tracks.h"

#include "core/analysis/synthetic.h"
#include "test_support.h"

using namespace kann;
using namespace kann::test;

namespace {

const test::Eigenvalues kSpectrum = {{0.95, 0}, {0.7, 0.5}, {0.5, 0}, {-0.6, 0}, {0.2, 0}};  // 6 dimensions

HiddenStates sixDimensionalStates() {
    std::mt19937 gen(3);
    return simulate(linearMap(kSpectrum, gen), orthonormalRows(6, 16, gen), 40, randomLengths(30, 20, 40, gen), gen);
}

KoopmanResult handSpectrum(std::vector<std::complex<double>> lambdas, std::vector<double> dominance) {
    KoopmanResult r;
    r.k = static_cast<int>(lambdas.size());
    r.eigenvalues = Eigen::Map<Eigen::VectorXcd>(lambdas.data(), r.k);
    r.dominance = Eigen::Map<Eigen::VectorXd>(dominance.data(), r.k);
    r.eigenResidual = Eigen::VectorXd::Zero(r.k);
    return r;
}

}  // namespace

TEST_CASE("nearest-neighbour matching is one to one, closest pairs first", "[spectrum_tracks]") {
    Eigen::VectorXcd from(2), to(3);
    from << 1.0, 0.5;
    to << 0.52, 0.98, 0.1;
    CHECK(matchNearest(from, to) == std::vector<int>{1, 0});
    // Both want 0.9; the closer one (0.92) gets it, the other takes what is left.
    from << 0.92, 0.85;
    to << 0.9, 0.0, -0.5;
    CHECK(matchNearest(from, to) == std::vector<int>{0, 1});
    CHECK(matchNearest(from, to.head(1)) == std::vector<int>{0, -1});
}

TEST_CASE("each k's spectrum equals a fresh analysis at that k", "[spectrum_tracks]") {
    const HiddenStates states = sixDimensionalStates();
    const SpectrumTracks tracks = spectrumTracks(states, AnalysisOptions{}, {6, 2, 4, 3});
    REQUIRE(tracks.spectra.size() == 4);
    for (const SpectrumAtK& s : tracks.spectra) {
        AnalysisOptions options;
        options.k = s.k;
        const KoopmanResult fresh = analyze(states, options);
        CHECK((s.eigenvalues - fresh.eigenvalues).cwiseAbs().maxCoeff() < 1e-8);
        CHECK((s.eigenResidual - fresh.eigenResidual).cwiseAbs().maxCoeff() < 1e-8);
    }
    // At k = 6 the system's own spectrum, in the analysis order.
    const test::Eigenvalues want = expectedOrder(kSpectrum);
    for (int j = 0; j < 6; ++j) CHECK(std::abs(tracks.spectra.back().eigenvalues(j) - want[j]) < 1e-4);
}

TEST_CASE("every eigenvalue lies on one track and tracks only grow with k", "[spectrum_tracks]") {
    const SpectrumTracks tracks = spectrumTracks(sixDimensionalStates(), AnalysisOptions{}, {2, 3, 4, 5, 6});
    std::size_t points = 0;
    for (const Track& t : tracks.tracks) {
        points += t.points.size();
        for (std::size_t i = 1; i < t.points.size(); ++i) CHECK(t.points[i].kIndex == t.points[i - 1].kIndex + 1);
    }
    CHECK(points == 2 + 3 + 4 + 5 + 6);
    CHECK(tracks.tracks.size() == 6);  // the two of k = 2, one more each step
    REQUIRE(tracks.trackOfFinalMode.size() == 6);
    for (int j = 0; j < 6; ++j) {
        const Track& t = tracks.tracks[tracks.trackOfFinalMode[j]];
        CHECK(t.points.back().mode == j);
        CHECK(t.points.back().kIndex == 4);
    }
}

TEST_CASE("tracked k values are checked against the analysis", "[spectrum_tracks]") {
    AnalysisOptions options;
    options.k = 4;
    const KoopmanResult r = analyze(sixDimensionalStates(), options);
    CHECK_THROWS_WITH(spectrumTracks(r, {2, 5}), Catch::Contains("1..4"));
    CHECK_THROWS_WITH(spectrumTracks(r, {}), Catch::Contains("at least one k"));
    CHECK(evenlySpacedKs(10, 5) == std::vector<int>{2, 4, 6, 8, 10});
    CHECK(evenlySpacedKs(3, 5) == std::vector<int>{2, 3});
}

TEST_CASE("two spectra overlaid with their shift weighted by dominance", "[spectrum_tracks]") {
    const KoopmanResult a = handSpectrum({0.9, 0.5}, {3, 1});
    const KoopmanResult b = handSpectrum({0.5, 0.8, 0.1}, {1, 1, 1});
    const SpectrumOverlay o = overlaySpectra(a, b);
    CHECK(o.match == std::vector<int>{1, 0});
    CHECK(o.distance[0] == Approx(0.1));
    CHECK(o.distance[1] == Approx(0.0));
    CHECK(o.dominantShift == Approx(0.3 / 4));
    CHECK(o.second.eigenvalues.size() == 3);
}
