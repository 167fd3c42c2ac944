#include "app/kann/scale_bench.h"

#include "app/kann/paper_bench.h"
#include "app/kann/source_options.h"
#include "core/common/error.h"
#include "core/io/memory_limit.h"
#include "core/pipeline/exploration.h"
#include "core/pipeline/results_json.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <optional>
#include <tuple>
#include <string>

namespace kann::cli {

namespace fs = std::filesystem;

namespace {

// Starts a new peak from the memory resident now (Linux: 5 in clear_refs resets VmHWM).
bool resetPeakRss() {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    return static_cast<bool>(clear.flush());
}

struct Figures {
    std::int64_t steps = 0;
    double seconds = 0, peakMb = 0;
    int blocks = 0;
};

Figures runScaleCase(SourceSpec spec, int sequences, const fs::path& json) {
    spec.selection.count = sequences;
    const bool peakReset = resetPeakRss();
    const double before = currentRssMb();
    const auto start = std::chrono::steady_clock::now();
    const Exploration e = runAnalysis(spec);
    writeOutput(resultsJson(e).dump(2), json.string());
    Figures f;
    f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    f.peakMb = peakReset ? peakResidentMb() - before : -1;
    f.steps = std::accumulate(e.result.lengths.begin(), e.result.lengths.end(), std::int64_t(0));
    f.blocks = e.result.streamed ? e.result.streamed->blocks : 0;
    return f;
}

void printRow(int sequences, int hidden, const Figures& f, const Figures* previous) {
    std::printf("%9d %6d %11lld %7.2f %9.2f %8.0f %6d", sequences, hidden, static_cast<long long>(f.steps), f.seconds,
                1e6 * f.seconds / static_cast<double>(f.steps), f.peakMb, f.blocks);
    if (previous)
        std::printf("   x%5.2f  x%5.2f  x%5.2f", static_cast<double>(f.steps) / static_cast<double>(previous->steps),
                    f.seconds / previous->seconds, f.peakMb / previous->peakMb);
    else
        std::printf("   %6s  %6s  %6s", "-", "-", "-");
    std::printf("   %5.2f\n", loadAverage());
    std::fflush(stdout);
}

// One sweep: each case, with its ratios to the case before.
template <class Case>
void sweep(const char* title, const std::vector<int>& values, Case&& run) {
    std::printf("%s\nsequences hidden valid-steps  time-s  us/step  peak-MB blocks   steps   time  memory   load\n",
                title);
    std::optional<Figures> previous;
    for (int v : values) {
        const auto [sequences, hidden, figures] = run(v);
        printRow(sequences, hidden, figures, previous ? &*previous : nullptr);
        previous = figures;
    }
}

}  // namespace

int scaleBench(const ScaleBenchOptions& options) {
    SourceSpec spec;
    if (!useSharedReviews(spec, options.shared))
        throw InputError(options.shared.empty() ? "--shared" : options.shared,
                         "the shared aclImdb sample is needed: the scale is that of real reviews at full length");
    spec.stream = StreamMode::On;
    spec.analysis.keepReduced = false;  // as `kann analyze` does
    const fs::path dir = benchFolder("");
    std::printf("kann analyze --stream on on full-length aclImdb reviews (%s), random sentiment GRUCell 128 -> hidden; "
                "peak-MB is the peak resident memory above the process before the case; ratios are to the case "
                "above\n",
                spec.dataPath.c_str());
    try {
        const auto model = [&](int hidden) {
            const fs::path path = dir / ("sentiment_" + std::to_string(hidden) + ".pt");
            if (!fs::exists(path)) writeSentimentCheckpoint(path.string(), hidden);
            return path.string();
        };
        spec.modelPath = model(256);
        runScaleCase(spec, 20, dir / "analysis.json");  // first-run costs (libraries, the data file) stay out of the figures
        sweep("growth with the number of sequences (hidden 256):", options.sequences, [&](int n) {
            return std::make_tuple(n, 256, runScaleCase(spec, n, dir / "analysis.json"));
        });
        sweep("growth with the width of the state:", options.hidden, [&](int hidden) {
            SourceSpec wide = spec;
            wide.modelPath = model(hidden);
            return std::make_tuple(options.widthSequences, hidden, runScaleCase(wide, options.widthSequences, dir / "analysis.json"));
        });
    } catch (...) {
        fs::remove_all(dir);
        throw;
    }
    fs::remove_all(dir);
    return 0;
}

}  // namespace kann::cli
