#include "core/data/ecg_beats.h"

#include "core/common/error.h"
#include "core/common/median.h"
#include "core/io/npz.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>

namespace kann {

namespace {

using Signal = std::vector<double>;

// A second-order Butterworth section (bilinear transform, RBJ cookbook coefficients).
struct Biquad {
    double b0, b1, b2, a1, a2;

    static Biquad lowPass(double cutoff, double rate) { return make(cutoff, rate, false); }
    static Biquad highPass(double cutoff, double rate) { return make(cutoff, rate, true); }

    Signal run(const Signal& x) const {
        Signal y(x.size());
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (std::size_t n = 0; n < x.size(); ++n) {
            y[n] = b0 * x[n] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1, x1 = x[n], y2 = y1, y1 = y[n];
        }
        return y;
    }

private:
    static Biquad make(double cutoff, double rate, bool high) {
        const double w = 2 * M_PI * cutoff / rate, c = std::cos(w), alpha = std::sin(w) / std::sqrt(2.0);
        const double a0 = 1 + alpha, g = high ? (1 + c) / 2 : (1 - c) / 2;
        return {g / a0, (high ? -2 * g : 2 * g) / a0, g / a0, -2 * c / a0, (1 - alpha) / a0};
    }
};

// Forward then backward: no phase shift, so peaks stay where they are in the recording.
Signal zeroPhase(const Biquad& f, const Signal& x) {
    Signal y = f.run(x);
    std::reverse(y.begin(), y.end());
    y = f.run(y);
    std::reverse(y.begin(), y.end());
    return y;
}

Signal withoutMean(const Signal& x) {
    const double mean = x.empty() ? 0 : std::accumulate(x.begin(), x.end(), 0.0) / x.size();
    Signal y(x.size());
    std::transform(x.begin(), x.end(), y.begin(), [&](double v) { return v - mean; });
    return y;
}

// Five-point central derivative, squared.
Signal squaredSlope(const Signal& x) {
    Signal y(x.size(), 0.0);
    for (std::size_t n = 2; n + 2 < x.size(); ++n) {
        const double d = (2 * (x[n + 1] - x[n - 1]) + x[n + 2] - x[n - 2]) / 8;
        y[n] = d * d;
    }
    return y;
}

Signal centredMovingAverage(const Signal& x, int width) {
    Signal prefix(x.size() + 1, 0.0), y(x.size());
    std::partial_sum(x.begin(), x.end(), prefix.begin() + 1);
    const long n = static_cast<long>(x.size()), half = width / 2;
    for (long i = 0; i < n; ++i) {
        const long lo = std::max(0L, i - half), hi = std::min(n, i + half + 1);
        y[i] = (prefix[hi] - prefix[lo]) / (hi - lo);
    }
    return y;
}

// Indices where x is the maximum within +-radius (first of equal maxima) and positive.
std::vector<int> localMaxima(const Signal& x, int radius) {
    std::vector<int> out;
    const int n = static_cast<int>(x.size());
    for (int i = 0; i < n; ++i) {
        if (x[i] <= 0) continue;
        const int lo = std::max(0, i - radius), hi = std::min(n - 1, i + radius);
        const auto best = std::max_element(x.begin() + lo, x.begin() + hi + 1) - x.begin();
        if (best == i) out.push_back(i);
    }
    return out;
}

int argmaxAbs(const Signal& x, int lo, int hi) {
    lo = std::max(lo, 0);
    hi = std::min(hi, static_cast<int>(x.size()) - 1);
    int best = lo;
    for (int i = lo; i <= hi; ++i)
        if (std::abs(x[i]) > std::abs(x[best])) best = i;
    return best;
}

double maxIn(const Signal& x, int lo, int hi) {
    lo = std::max(lo, 0);
    hi = std::min(hi, static_cast<int>(x.size()) - 1);
    return lo > hi ? 0 : *std::max_element(x.begin() + lo, x.begin() + hi + 1);
}

// Pan-Tompkins decision rules on the integrated signal's candidate peaks.
class QrsDecider {
public:
    QrsDecider(const Signal& integrated, const Signal& slope, double rate)
        : mwi_(integrated), slope_(slope), rate_(rate), refractory_(int(0.2 * rate)), twave_(int(0.36 * rate)) {
        // Learning phase: the first two seconds set the signal and noise levels.
        const int learn = std::min<int>(static_cast<int>(2 * rate), static_cast<int>(mwi_.size()));
        signal_ = 0.33 * maxIn(mwi_, 0, learn - 1);
        noise_ = 0.5 * std::accumulate(mwi_.begin(), mwi_.begin() + learn, 0.0) / std::max(1, learn);
    }

    std::vector<int> run(const std::vector<int>& candidates) {
        for (int c : candidates) {
            searchBack(c);
            consider(c);
        }
        return qrs_;
    }

private:
    double threshold() const { return noise_ + 0.25 * (signal_ - noise_); }
    double maxSlope(int i) const { return maxIn(slope_, i - int(0.075 * rate_), i + int(0.075 * rate_)); }

    void consider(int c) {
        if (!qrs_.empty() && c - qrs_.back() < refractory_) return;
        // A T wave follows closely and rises more slowly than the QRS before it.
        const bool tWave = !qrs_.empty() && c - qrs_.back() < twave_ && maxSlope(c) < 0.5 * maxSlope(qrs_.back());
        if (!tWave && mwi_[c] > threshold()) {
            accept(c, 0.125);
        } else {
            noise_ = 0.125 * mwi_[c] + 0.875 * noise_;
            if (!tWave) missed_.push_back(c);
        }
    }

    // No beat for 1.66 RR intervals: take the largest candidate above half the threshold. The
    // median RR, unlike the mean, is not inflated by one long gap (a lead off, a saturated amplifier).
    void searchBack(int next) {
        if (rr_.empty() || next - qrs_.back() <= 1.66 * median(rr_)) return;
        int best = -1;
        for (int m : missed_)
            if (m - qrs_.back() >= refractory_ && next - m >= refractory_ && mwi_[m] > 0.5 * threshold() &&
                (best < 0 || mwi_[m] > mwi_[best]))
                best = m;
        if (best >= 0) accept(best, 0.25);
        missed_.clear();
    }

    void accept(int c, double weight) {
        signal_ = weight * mwi_[c] + (1 - weight) * signal_;
        if (!qrs_.empty()) {
            rr_.push_back(c - qrs_.back());
            if (rr_.size() > 8) rr_.erase(rr_.begin());
        }
        qrs_.push_back(c);
        missed_.clear();
    }

    const Signal& mwi_;
    const Signal& slope_;
    double rate_;
    int refractory_, twave_;
    double signal_ = 0, noise_ = 0;
    std::vector<int> qrs_, missed_;
    std::vector<double> rr_;
};

std::vector<float> zNormalised(const Signal& x) {
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / x.size();
    double var = 0;
    for (double v : x) var += (v - mean) * (v - mean);
    const double sd = std::sqrt(var / x.size());
    std::vector<float> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) out[i] = static_cast<float>(sd > 0 ? (x[i] - mean) / sd : 0.0);
    return out;
}

// `samples` points evenly spaced over [from, to] of x, linearly interpolated.
Signal resample(const Signal& x, double from, double to, int samples) {
    Signal out(samples);
    for (int j = 0; j < samples; ++j) {
        const double pos = from + (to - from) * j / (samples - 1);
        const int i = std::min(static_cast<int>(pos), static_cast<int>(x.size()) - 2);
        out[j] = x[i] + (pos - i) * (x[i + 1] - x[i]);
    }
    return out;
}

Signal baselineFree(const EcgRecording& r) {
    return zeroPhase(Biquad::highPass(0.5, r.sampleRate), withoutMean(r.millivolts));
}

// Every window below is a number of samples computed from the rate and then used as an int index.
// A NaN or infinite rate slipped past a plain `rate <= 0` and its casts to int were undefined
// (INT_MIN on x86): the moving average and the resampling then read far outside the signal.
constexpr double kMinRate = 50;   // the 5-15 Hz band-pass, well below Nyquist, and a QRS of a few samples
constexpr double kMaxRate = 1e6;  // beyond any ECG recorder; keeps 2 s of samples far inside int
constexpr int kMaxBeatSamples = 100000;

void requireUsable(const EcgRecording& r, const char* where) {
    const double rate = r.sampleRate;
    if (!(rate >= kMinRate && rate <= kMaxRate))  // also false for NaN
        throw InputError(where, "the sample rate is " + std::to_string(rate) + " Hz; an ECG needs " +
                                    std::to_string(static_cast<int>(kMinRate)) + " to " +
                                    std::to_string(static_cast<int>(kMaxRate)) + " Hz");
    if (r.millivolts.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw InputError(where, "the recording has " + std::to_string(r.millivolts.size()) +
                                    " samples, more than an int can index");
    const auto bad = std::find_if(r.millivolts.begin(), r.millivolts.end(), [](double v) { return !std::isfinite(v); });
    if (bad != r.millivolts.end()) {
        const auto i = bad - r.millivolts.begin();
        throw InputError(where, "non-finite value " + std::to_string(*bad) + " at sample " + std::to_string(i) +
                                    " (" + std::to_string(static_cast<double>(i) / rate) + " s)");
    }
}

}  // namespace

std::string findScipyEcg() {
    for (const char* dir : {"/usr/lib/python3/dist-packages", "/usr/local/lib/python3/dist-packages"}) {
        const std::filesystem::path p = std::filesystem::path(dir) / "scipy/misc/ecg.dat";
        if (std::filesystem::exists(p)) return p.string();
    }
    return {};
}

EcgRecording readScipyEcg(const std::string& path) {
    const NpyArray adc = readNpzArray(path, "ecg");
    if (adc.dtype != "u2" || adc.shape.size() != 1 || adc.shape[0] < 1)
        throw InputError(path, "expected the array 'ecg' as 1-D uint16 ADC units (scipy's ecg.dat), found " +
                                   adc.dtype + " of " + std::to_string(adc.shape.size()) + " dimensions");
    EcgRecording r;
    for (std::int64_t v : adc.toInt64(path)) r.millivolts.push_back((static_cast<double>(v) - 1024.0) / 200.0);
    return r;
}

std::vector<int> detectRPeaks(const EcgRecording& recording) {
    requireUsable(recording, "ECG");
    const double rate = recording.sampleRate;
    if (recording.millivolts.size() < static_cast<std::size_t>(rate)) return {};  // under a second: no beat to trust
    const Signal band = zeroPhase(Biquad::highPass(5, rate), zeroPhase(Biquad::lowPass(15, rate), withoutMean(recording.millivolts)));
    const Signal slope = squaredSlope(band);
    const Signal integrated = centredMovingAverage(slope, static_cast<int>(0.15 * rate));
    std::vector<int> qrs = QrsDecider(integrated, slope, rate).run(localMaxima(integrated, static_cast<int>(0.1 * rate)));

    const Signal clean = baselineFree(recording);
    std::vector<int> peaks;
    const int reach = static_cast<int>(0.1 * rate);
    for (int c : qrs) {
        const int r = argmaxAbs(clean, c - reach, c + reach);
        if (peaks.empty() || r - peaks.back() >= static_cast<int>(0.2 * rate)) peaks.push_back(r);
    }
    return peaks;
}

namespace {

// Compares each beat with the sample-wise median beat; beats are z-normalised, so the mean of the
// products is the correlation up to the template's own spread.
void classifyShapes(std::vector<Beat>& beats, double threshold) {
    if (beats.empty()) return;
    const std::size_t n = beats.front().values.size();
    Signal templ(n);
    std::vector<double> column(beats.size());
    for (std::size_t t = 0; t < n; ++t) {
        for (std::size_t b = 0; b < beats.size(); ++b) column[b] = beats[b].values[t];
        templ[t] = medianInPlace(column);
    }
    const std::vector<float> unit = zNormalised(templ);
    for (Beat& b : beats) {
        double dot = 0;
        for (std::size_t t = 0; t < n; ++t) dot += b.values[t] * unit[t];
        b.templateCorrelation = dot / static_cast<double>(n);
        b.shape = b.templateCorrelation < threshold ? BeatShape::Unusual : BeatShape::Typical;
    }
}

}  // namespace

std::vector<Beat> cutBeats(const EcgRecording& recording, const std::vector<int>& peaks, const BeatOptions& o) {
    // Written so that NaN fails every test: a NaN window would reach the resampling as index INT_MIN.
    if (!(o.samples >= 2 && o.samples <= kMaxBeatSamples && o.before >= 0 && o.after > 0 &&
          std::isfinite(o.before) && std::isfinite(o.after)))
        throw InputError("beats", "a beat needs 2 to " + std::to_string(kMaxBeatSamples) +
                                      " samples over a positive, finite window");
    requireUsable(recording, "beats");
    // Peaks must be ascending samples of the recording: RR intervals of others overflowed int.
    for (std::size_t k = 0; k < peaks.size(); ++k) {
        if (peaks[k] < 0 || static_cast<std::size_t>(peaks[k]) >= recording.millivolts.size())
            throw InputError("beats", "R peak " + std::to_string(k) + " at sample " + std::to_string(peaks[k]) +
                                          " lies outside the recording of " +
                                          std::to_string(recording.millivolts.size()) + " samples");
        if (k > 0 && peaks[k] <= peaks[k - 1])
            throw InputError("beats", "R peak " + std::to_string(k) + " at sample " + std::to_string(peaks[k]) +
                                          " does not come after the previous one at " + std::to_string(peaks[k - 1]));
    }
    const double rate = recording.sampleRate;
    const Signal clean = baselineFree(recording);
    std::vector<Beat> beats;
    for (std::size_t k = 1; k < peaks.size(); ++k) {
        const double from = peaks[k] - o.before * rate, to = peaks[k] + o.after * rate;
        if (from < 0 || to > static_cast<double>(clean.size()) - 1) continue;
        // Local rhythm: the median of up to 8 RR intervals on each side.
        std::vector<double> rr;
        for (std::size_t j = std::max<std::size_t>(1, k >= 8 ? k - 8 : 1); j < std::min(peaks.size(), k + 9); ++j)
            rr.push_back(peaks[j] - peaks[j - 1]);
        Beat b;
        b.peak = peaks[k];
        b.rrBefore = (peaks[k] - peaks[k - 1]) / rate;
        b.rhythm = b.rrBefore * rate < o.prematureRatio * median(rr) ? BeatRhythm::Premature : BeatRhythm::Regular;
        b.values = zNormalised(resample(clean, from, to, o.samples));
        beats.push_back(std::move(b));
    }
    classifyShapes(beats, o.unusualCorrelation);
    return beats;
}

void writeBeatsCsv(const std::string& path, const std::vector<Beat>& beats) {
    std::ofstream out(path);
    if (!out) throw InputError(path, "cannot create the file");
    char number[32];
    for (const Beat& b : beats) {
        out << static_cast<int>(b.shape);
        for (float v : b.values) {
            std::snprintf(number, sizeof number, ",%.6f", v);
            out << number;
        }
        out << '\n';
    }
    if (!out) throw InputError(path, "write error");
}

}  // namespace kann
