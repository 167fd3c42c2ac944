#pragma once
// Fuzz target series: one file read as every UCR series format and as NumPy series, then batched
// as a network would.
#include "core/data/batch.h"
#include "core/data/npy_series.h"
#include "core/data/ucr_series.h"
#include "fuzz/fuzz_inputs.h"

namespace kann::fuzz {

inline std::vector<Attempt> seriesAttempts(const std::string& bytes) {
    std::vector<Attempt> attempts = {[&] { looksLikeSeriesTable(bytes); }};
    for (const char* format : {"arff", "ts", "csv"}) {
        attempts.push_back([&bytes, format] {
            const TempFile file(bytes, std::string("input.") + format);
            const Dataset d = loadSeries(file.path(), format, "auto", true);
            BatchSelection selection;
            selection.maxLength = 50;
            selectSeriesBatch(d, selection);
        });
    }
    for (const char* format : {"npy", "npz"}) {
        attempts.push_back([&bytes, format] {
            const TempFile file(bytes, std::string("input.") + format);
            selectSeriesBatch(loadNpySeries(file.path(), format, {}), {});
        });
    }
    return attempts;
}

}  // namespace kann::fuzz
