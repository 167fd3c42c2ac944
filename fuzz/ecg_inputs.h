#pragma once
// Fuzz target ecg: scipy's ECG reader and the beat pipeline after it (R peaks, beat windows, shapes),
// fed an .npz archive as readScipyEcg reads it and, so the fuzzer reaches the signal processing
// without rebuilding a zip, the same bytes as the raw uint16 ADC samples of such an archive's "ecg"
// array: at scipy's 360 Hz, and at a rate taken from the first two bytes.
#include "core/data/ecg_beats.h"
#include "fuzz/fuzz_inputs.h"

#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace kann::fuzz {

// R peaks ascending inside the recording, and whole beats: what the demo trainer relies on.
inline void ecgBeats(const EcgRecording& recording) {
    const std::vector<int> peaks = detectRPeaks(recording);
    for (std::size_t i = 0; i < peaks.size(); ++i)
        if (peaks[i] < 0 || static_cast<std::size_t>(peaks[i]) >= recording.millivolts.size() ||
            (i > 0 && peaks[i] <= peaks[i - 1]))
            throw std::logic_error("R peaks out of order or outside the recording");
    for (const Beat& b : cutBeats(recording, peaks))
        if (b.values.size() != static_cast<std::size_t>(BeatOptions{}.samples))
            throw std::logic_error("a beat of the wrong length");
}

// Little-endian uint16 ADC units from `skip` on, in mV as readScipyEcg converts them.
inline EcgRecording rawRecording(const std::string& bytes, std::size_t skip, double rate) {
    EcgRecording r;
    r.sampleRate = rate;
    for (std::size_t i = skip; i + 1 < bytes.size(); i += 2) {
        std::uint16_t adc;
        std::memcpy(&adc, bytes.data() + i, 2);
        r.millivolts.push_back((adc - 1024.0) / 200.0);
    }
    return r;
}

inline std::vector<Attempt> ecgAttempts(const std::string& bytes) {
    return {
        [&] {
            const TempFile file(bytes, "ecg.dat");
            ecgBeats(readScipyEcg(file.path()));
        },
        [&] { ecgBeats(rawRecording(bytes, 0, 360)); },
        [&] {  // the first two bytes as the sample rate in Hz: filters and windows at other rates
            if (bytes.size() < 2) return;
            std::uint16_t rate;
            std::memcpy(&rate, bytes.data(), 2);
            ecgBeats(rawRecording(bytes, 2, rate));
        },
    };
}

}  // namespace kann::fuzz
