#include "core/data/ecg_beats.h"

#include "core/common/error.h"
#include "test_support.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

using namespace kann;

namespace {

double gaussian(double t, double centre, double width) { return std::exp(-0.5 * std::pow((t - centre) / width, 2)); }

// A synthetic lead at 360 Hz: P, Q, R, S, T waves around known R peaks, with irregular RR
// (0.75-0.95 s; peaks 10 and 25 come 0.45 s early), baseline wander and noise.
struct Synthetic {
    EcgRecording recording;
    std::vector<int> peaks;
};

Synthetic synthetic(double seconds, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0.0, 0.02);
    Synthetic s;
    const double rate = 360;
    std::vector<double> times;
    for (double t = 0.7; t < seconds - 0.7;) {
        times.push_back(t);
        const bool premature = times.size() == 10 || times.size() == 25;
        t += premature ? 0.45 : 0.75 + 0.2 * (rng() % 1000) / 1000.0;
    }
    const int n = static_cast<int>(seconds * rate);
    s.recording.millivolts.assign(n, 0.0);
    for (int i = 0; i < n; ++i) {
        const double t = i / rate;
        double v = 0.25 * std::sin(2 * M_PI * 0.3 * t) + noise(rng);
        for (double r : times) {
            if (std::abs(t - r) > 0.6) continue;
            v += 0.12 * gaussian(t, r - 0.17, 0.02) - 0.15 * gaussian(t, r - 0.03, 0.008) +
                 1.4 * gaussian(t, r, 0.009) - 0.3 * gaussian(t, r + 0.03, 0.009) + 0.35 * gaussian(t, r + 0.28, 0.045);
        }
        s.recording.millivolts[i] = v;
    }
    for (double r : times) s.peaks.push_back(static_cast<int>(std::lround(r * rate)));
    return s;
}

}  // namespace

TEST_CASE("detectRPeaks finds exactly the known beats of a synthetic lead", "[ecg]") {
    const Synthetic s = synthetic(60, 7);
    const std::vector<int> found = detectRPeaks(s.recording);
    REQUIRE(found.size() == s.peaks.size());
    for (std::size_t i = 0; i < found.size(); ++i) {
        INFO("beat " << i << " at sample " << s.peaks[i]);
        CHECK(std::abs(found[i] - s.peaks[i]) <= 2);  // within 6 ms
    }
}

TEST_CASE("cutBeats: 140 z-normalised samples with the R peak in place, premature beats flagged", "[ecg]") {
    const Synthetic s = synthetic(60, 3);
    const std::vector<Beat> beats = cutBeats(s.recording, s.peaks);
    // The first beat has no previous peak; all others fit in the recording.
    REQUIRE(beats.size() == s.peaks.size() - 1);
    const int rIndex = static_cast<int>(std::lround(0.25 / 0.70 * 139));
    int premature = 0;
    for (std::size_t k = 0; k < beats.size(); ++k) {
        const Beat& b = beats[k];
        REQUIRE(b.values.size() == 140);
        const double mean = std::accumulate(b.values.begin(), b.values.end(), 0.0) / 140;
        double var = 0;
        for (float v : b.values) var += (v - mean) * (v - mean);
        CHECK(std::abs(mean) < 1e-5);
        CHECK(std::abs(std::sqrt(var / 140) - 1) < 1e-4);
        // Before an early beat the window reaches the next R peak (0.45 s), which may be taller.
        const bool nextEarly = k + 1 < beats.size() && beats[k + 1].rrBefore < 0.5;
        const int top = static_cast<int>(std::max_element(b.values.begin(), b.values.end()) - b.values.begin());
        if (!nextEarly) CHECK(std::abs(top - rIndex) <= 1);
        premature += b.rhythm == BeatRhythm::Premature;
    }
    CHECK(premature == 2);
    CHECK(beats[9].rhythm == BeatRhythm::Premature);  // peak 10 is beat 9: peak 0 has no beat
    CHECK(beats[9].rrBefore == Approx(0.45).margin(0.003));
    CHECK(beats[24].rhythm == BeatRhythm::Premature);
}

TEST_CASE("cutBeats: a beat of another shape is labelled unusual, by its correlation with the median beat", "[ecg]") {
    const Synthetic s = synthetic(60, 3);
    EcgRecording r = s.recording;
    // Turn beat 30's R spike upside down: same timing, a shape no other beat has.
    const int peak = s.peaks[31];
    for (int i = peak - 18; i <= peak + 18; ++i) r.millivolts[i] = -r.millivolts[i];
    const std::vector<Beat> beats = cutBeats(r, s.peaks);
    for (std::size_t k = 0; k < beats.size(); ++k) {
        INFO("beat " << k << " correlation " << beats[k].templateCorrelation);
        // A window 0.45 s long also catches the R spike of a neighbour that came early.
        const bool nextEarly = k + 1 < beats.size() && beats[k + 1].rrBefore < 0.5;
        if (beats[k].peak == peak) CHECK(beats[k].shape == BeatShape::Unusual);
        else if (!nextEarly) CHECK(beats[k].shape == BeatShape::Typical);
    }
}

TEST_CASE("cutBeats refuses impossible windows; tiny recordings have no beats", "[ecg]") {
    const Synthetic s = synthetic(10, 1);
    BeatOptions o;
    o.samples = 1;
    CHECK_THROWS_AS(cutBeats(s.recording, s.peaks, o), InputError);
    EcgRecording shortOne;
    shortOne.millivolts.assign(100, 0.0);
    CHECK(detectRPeaks(shortOne).empty());
}

TEST_CASE("a NaN, infinite or absurd sample rate is refused, never read as a window of INT_MIN samples", "[ecg]") {
    // Regression: `rate <= 0` let NaN and infinity through; their casts to int were undefined and
    // the moving average and the beat resampling read far outside the signal (ASan: SEGV).
    const Synthetic s = synthetic(10, 1);
    for (double rate : {std::nan(""), std::numeric_limits<double>::infinity(), 1e300, 0.0, -360.0, 49.0}) {
        INFO("sample rate " << rate);
        EcgRecording r = s.recording;
        r.sampleRate = rate;
        CHECK_THROWS_WITH(detectRPeaks(r), Catch::Contains("ECG: the sample rate is"));
        CHECK_THROWS_WITH(cutBeats(r, s.peaks), Catch::Contains("beats: the sample rate is"));
    }
    EcgRecording slow = s.recording;
    slow.sampleRate = 50;  // the lowest rate accepted
    CHECK_NOTHROW(detectRPeaks(slow));
}

TEST_CASE("cutBeats refuses NaN or infinite windows and huge beats", "[ecg]") {
    const Synthetic s = synthetic(10, 1);
    const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
    for (auto set : std::vector<void (*)(BeatOptions&, double)>{[](BeatOptions& o, double v) { o.before = v; },
                                                                [](BeatOptions& o, double v) { o.after = v; }})
        for (double v : {nan, inf, -inf}) {
            INFO("window " << v);
            BeatOptions o;
            set(o, v);
            CHECK_THROWS_WITH(cutBeats(s.recording, s.peaks, o), Catch::Contains("finite window"));
        }
    BeatOptions huge;
    huge.samples = std::numeric_limits<int>::max();
    CHECK_THROWS_AS(cutBeats(s.recording, s.peaks, huge), InputError);
}

TEST_CASE("cutBeats refuses R peaks outside the recording or out of order", "[ecg]") {
    // Regression: RR intervals were differences of unchecked ints (500 - INT_MIN overflowed).
    const Synthetic s = synthetic(10, 1);
    const int n = static_cast<int>(s.recording.millivolts.size());
    CHECK_THROWS_WITH(cutBeats(s.recording, {std::numeric_limits<int>::min(), 500, 1000}),
                      Catch::Contains("R peak 0 at sample -2147483648 lies outside the recording of 3600 samples"));
    CHECK_THROWS_WITH(cutBeats(s.recording, {500, n}), Catch::Contains("R peak 1 at sample 3600 lies outside"));
    CHECK_THROWS_WITH(cutBeats(s.recording, {1000, 500}), Catch::Contains("R peak 1 at sample 500 does not come after"));
    CHECK_THROWS_AS(cutBeats(s.recording, {500, 500}), InputError);
    CHECK(cutBeats(s.recording, {}).empty());
}

TEST_CASE("a non-finite sample is refused with where it first occurs", "[ecg]") {
    Synthetic s = synthetic(10, 1);
    s.recording.millivolts[720] = std::numeric_limits<double>::infinity();
    s.recording.millivolts[900] = std::nan("");
    CHECK_THROWS_WITH(detectRPeaks(s.recording), Catch::Contains("non-finite value inf at sample 720 (2.0"));
    CHECK_THROWS_WITH(cutBeats(s.recording, s.peaks), Catch::Contains("at sample 720"));
}

TEST_CASE("record 208 from scipy's ecg.dat: a plausible number of beats", "[ecg][shared]") {
    const std::string path = findScipyEcg();
    if (path.empty()) {
        WARN("SKIPPED: scipy/misc/ecg.dat (Debian python3-scipy) is absent");
        return;
    }
    const EcgRecording r = readScipyEcg(path);
    REQUIRE(r.millivolts.size() == 108000);  // 5 minutes at 360 Hz
    const std::vector<int> peaks = detectRPeaks(r);
    // About one beat per 0.6-1.0 s over 300 s (record 208 runs near 100 beats per minute).
    CHECK(peaks.size() >= 300);
    CHECK(peaks.size() <= 500);
    std::vector<double> rr;
    for (std::size_t i = 1; i < peaks.size(); ++i) rr.push_back((peaks[i] - peaks[i - 1]) / 360.0);
    std::sort(rr.begin(), rr.end());
    CHECK(rr.front() >= 0.2);
    CHECK(rr[rr.size() / 2] >= 0.5);
    CHECK(rr[rr.size() / 2] <= 1.0);
    const std::vector<Beat> beats = cutBeats(r, peaks);
    const auto premature = std::count_if(beats.begin(), beats.end(), [](const Beat& b) { return b.rhythm == BeatRhythm::Premature; });
    // Its ventricular beats mostly keep the rhythm; a few come early.
    CHECK(premature >= 5);
    CHECK(premature < 0.2 * beats.size());
    // But about a third of its beats are ventricular, unlike the typical beat in shape.
    const auto unusual = std::count_if(beats.begin(), beats.end(), [](const Beat& b) { return b.shape == BeatShape::Unusual; });
    CHECK(unusual > 0.15 * beats.size());
    CHECK(unusual < 0.45 * beats.size());
}

TEST_CASE("readScipyEcg names the file when it is not the expected archive", "[ecg]") {
    CHECK_THROWS_WITH(readScipyEcg("/no/such/ecg.dat"), Catch::Contains("/no/such/ecg.dat"));
    CHECK_THROWS_AS(readScipyEcg(kann::test::fixture("npy/arrays.npz")), InputError);
}
