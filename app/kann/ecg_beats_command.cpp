// `kann ecg-beats`: the ECG demo's data, derived at set-up from Debian's copy of MIT-BIH record 208.
#include "app/kann/commands.h"
#include "app/kann/source_options.h"
#include "core/common/error.h"
#include "core/data/ecg_beats.h"

#include <algorithm>
#include <iostream>

namespace kann::cli {

int ecgBeatsCommand(const Args& raw) {
    CLI::App app("Detects the R peaks of scipy's ecg.dat (MIT-BIH record 208, 5 min, 360 Hz), cuts 0.25 s before to "
                 "0.45 s after each, resamples to 140 samples and z-normalises like ECG5000. CSV rows: label (1 typical "
                 "shape, 2 unusual: correlation with the median beat below 0.8, mostly ventricular beats) then the "
                 "140 values.",
                 "kann ecg-beats");
    std::string path = findScipyEcg(), out;
    app.add_option("--data", path, "the recording (default: the copy Debian's python3-scipy installs)")->type_name("ecg.dat");
    app.add_option("--out", out, "the beats")->type_name("beats.csv")->required();
    if (!parseCommand(app, raw)) return 0;
    if (path.empty()) throw InputError("--data", "scipy/misc/ecg.dat (Debian python3-scipy) is not installed; give its path");
    const EcgRecording recording = readScipyEcg(path);
    const std::vector<int> peaks = detectRPeaks(recording);
    const std::vector<Beat> beats = cutBeats(recording, peaks);
    writeBeatsCsv(out, beats);
    const auto unusual = std::count_if(beats.begin(), beats.end(), [](const Beat& b) { return b.shape == BeatShape::Unusual; });
    std::cerr << "wrote " << beats.size() << " beats (" << unusual << " of unusual shape) from " << peaks.size()
              << " R peaks in " << recording.millivolts.size() / recording.sampleRate << " s to " << out << "\n";
    return 0;
}

}  // namespace kann::cli
