// Series bands: by hand, and on two rotating pairs read by a linear decoder that puts pair A's
// content on steps 5..9 and pair B's on steps 20..25, so each band's place is known exactly.
#include "core/insight/series_band.h"

#include "core/common/error.h"
#include "core/insight/explorations.h"
#include "test_support.h"

#include <cmath>
#include <limits>
#include <random>

using namespace kann;
using namespace kann::test;

namespace {

constexpr int kTime = 30;

// out(b, t) = final(b)·w_t with w_t = (1, 1, 0, 0) on steps 5..9, (0, 0, 1, 1) on 20..25, else 0.
class LinearDecoder : public Network {
public:
    LinearDecoder() {
        info_.layout = "test";
        info_.stateDim = 4;
        info_.decoderOutputs = 1;
    }
    const NetworkInfo& info() const override { return info_; }
    HiddenStates unroll(const InputBatch&, const Progress&) const override { throw std::logic_error("no recurrence"); }
    RowMatrixXf decode(const RowMatrixXf& finalStates, int time) const override {
        RowMatrixXf out = RowMatrixXf::Zero(finalStates.rows(), time);
        for (int t = 5; t < 10; ++t) out.col(t) = finalStates.col(0) + finalStates.col(1);
        for (int t = 20; t < 26; ++t) out.col(t) = finalStates.col(2) + finalStates.col(3);
        return out;
    }

private:
    NetworkInfo info_;
};

// Pair A (|λ| 0.95) rotates in coordinates 0-1, pair B (|λ| 0.8) in 2-3, from nearly the same start.
Exploration twoPairs() {
    std::mt19937 gen(2);
    std::normal_distribution<double> jitter(0.0, 0.01);
    const std::complex<double> a = std::polar(0.95, 0.5), b = std::polar(0.8, 1.2);
    HiddenStates s = HiddenStates::zeros(20, kTime, 4);
    for (int seq = 0; seq < s.batch; ++seq) {
        std::complex<double> za(1 + jitter(gen), jitter(gen)), zb(1 + jitter(gen), jitter(gen));
        for (int t = 0; t < kTime; ++t, za *= a, zb *= b) {
            float* h = s.row(seq, t);
            h[0] = float(za.real()), h[1] = float(za.imag()), h[2] = float(zb.real()), h[3] = float(zb.imag());
        }
    }
    return explorationOf(std::move(s), 4, std::make_shared<LinearDecoder>());
}

const PairBand& bandOf(const std::vector<PairBand>& bands, const Exploration& e, double modulus) {
    for (const PairBand& band : bands)
        if (std::abs(std::abs(e.result.eigenvalues(band.mode)) - modulus) < 1e-3) return band;
    FAIL("no band for |lambda| = " << modulus);
    return bands.front();
}

}  // namespace

TEST_CASE("the band is the run around the peak above half of it", "[series_band]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK(bandAround({0, 1, 3, 4, 2, 1, 3.5}) == std::pair<int, int>{2, 5});
    CHECK(bandAround({0, nan, 4, 2.5, nan, 4}) == std::pair<int, int>{2, 4});
    CHECK(bandAround({nan, nan}) == std::pair<int, int>{0, 0});
    CHECK(bandAround({}) == std::pair<int, int>{0, 0});
}

TEST_CASE("each pair's band lies where its decoding departs from the reference", "[series_band]") {
    const Exploration e = twoPairs();
    const auto form = ReconstructionForm::ExactRealPart;
    const auto added = pairBands(e, 2, form, BandReference::EmptyState);
    REQUIRE(added.size() == 2);
    const PairBand& a = bandOf(added, e, 0.95);
    CHECK(a.partner >= 0);
    CHECK(a.difference.size() == kTime);
    CHECK(std::pair(a.start, a.end) == std::pair(5, 10));  // what pair A adds to the beat
    CHECK(std::pair(bandOf(added, e, 0.8).start, bandOf(added, e, 0.8).end) == std::pair(20, 26));
    // Against the full decoding, pair A alone lacks pair B's part, and B lacks A's.
    const auto lacking = pairBands(e, 2, form, BandReference::FullDecoding);
    CHECK(std::pair(bandOf(lacking, e, 0.95).start, bandOf(lacking, e, 0.95).end) == std::pair(20, 26));
    CHECK(std::pair(bandOf(lacking, e, 0.8).start, bandOf(lacking, e, 0.8).end) == std::pair(5, 10));
    CHECK(a.peakDifference > 0.01);
}

TEST_CASE("bands on the ECG fixture's decoder; a model without decoder is refused", "[series_band]") {
    SourceSpec spec;
    spec.modelPath = fixture("torch/ecg_gru.pt");
    spec.dataPath = fixture("series/label_last.arff");
    const Exploration e = runExploration(spec);
    const auto bands = pairBands(e, 2);
    REQUIRE(!bands.empty());
    for (const PairBand& band : bands) {
        CHECK(band.difference.size() == static_cast<std::size_t>(e.states.time));
        CHECK(0 <= band.start);
        CHECK(band.start < band.end);
        CHECK(band.end <= e.states.time);
        CHECK(band.start <= band.peak);
        CHECK(band.peak < band.end);
    }
    Exploration plain = e;
    plain.network.reset();
    CHECK_THROWS_WITH(pairBands(plain), Catch::Contains("no decoder"));
}

TEST_CASE("one pair's band, asked by either member, is pairBands' band of that pair", "[series_band]") {
    const Exploration e = twoPairs();
    const auto form = ReconstructionForm::ExactRealPart;
    const auto all = pairBands(e, 2, form, BandReference::EmptyState);
    const RowMatrixXf last = e.states.lastValidStates();
    for (const PairBand& expected : all) {
        REQUIRE(expected.partner >= 0);
        for (int member : {expected.mode, expected.partner}) {
            const PairBand one = pairBand(e, last, e.states.lengths, member, form, BandReference::EmptyState);
            CHECK(one.mode == expected.mode);
            CHECK(std::pair(one.start, one.end) == std::pair(expected.start, expected.end));
            CHECK(one.pairMedian.median == expected.pairMedian.median);
        }
    }
    CHECK_THROWS_AS(pairBand(e, last, e.states.lengths, e.result.k, form), InputError);
}
