#pragma once
// Heartbeats from a raw single-lead ECG, prepared like the ECG5000 set the paper uses: R peaks by
// Pan-Tompkins, one window around each peak, resampled to a fixed length and z-normalised.
#include <string>
#include <vector>

namespace kann {

struct EcgRecording {
    std::vector<double> millivolts;
    double sampleRate = 360;
};

// Where Debian's python3-scipy installs scipy/misc/ecg.dat (MIT-BIH record 208, 5 minutes,
// lead MLII); empty when no candidate exists.
std::string findScipyEcg();
// Reads scipy's ecg.dat: an .npz whose array "ecg" holds uint16 ADC units at 360 Hz;
// mV = (adc - 1024) / 200. Throws InputError(path, ...) for a missing or different file.
EcgRecording readScipyEcg(const std::string& path);

// Sample indices of the R peaks, ascending: band-pass 5-15 Hz, derivative, squaring, 150 ms
// moving-window integration, adaptive signal/noise thresholds with search-back for missed beats,
// a 200 ms refractory period and T-wave rejection (Pan & Tompkins 1985), all filters zero-phase;
// each peak is then placed on the largest deflection of the baseline-free signal.
// Throws InputError("ECG", ...) for a sample rate outside 50 Hz - 1 MHz (NaN included) or a
// non-finite sample, naming the first one.
std::vector<int> detectRPeaks(const EcgRecording& recording);

struct BeatOptions {
    double before = 0.25;          // seconds kept before the R peak
    double after = 0.45;           // and after it
    int samples = 140;             // ECG5000 length
    double prematureRatio = 0.85;  // RR before < ratio * local median RR -> premature
    double unusualCorrelation = 0.8;  // correlation with the median beat below this -> unusual shape
};

enum class BeatRhythm { Regular = 1, Premature = 2 };
// The label written to the CSV, by shape like ECG5000's classes: in record 208 most unusual
// beats are premature ventricular contractions (wide QRS, deep dip), the rest noise or artefacts.
enum class BeatShape { Typical = 1, Unusual = 2 };

struct Beat {
    int peak = 0;              // sample index of the R peak in the recording
    double rrBefore = 0;       // seconds since the previous R peak
    BeatRhythm rhythm = BeatRhythm::Regular;
    double templateCorrelation = 1;  // Pearson correlation with the sample-wise median of all beats
    BeatShape shape = BeatShape::Typical;
    std::vector<float> values;  // options.samples values, mean 0, standard deviation 1
};

// One beat per peak whose window lies inside the recording and that has a previous peak.
// Throws InputError("beats", ...) for options that cannot cut a beat (2 to 100000 samples over a
// finite window), a recording detectRPeaks would refuse, or peaks that are not strictly ascending
// samples of the recording.
std::vector<Beat> cutBeats(const EcgRecording& recording, const std::vector<int>& peaks,
                           const BeatOptions& options = {});

// UCR-style CSV, one beat per line: label (the shape: 1 typical, 2 unusual) then the values.
// Throws InputError(path, ...) when the file cannot be written.
void writeBeatsCsv(const std::string& path, const std::vector<Beat>& beats);

}  // namespace kann
