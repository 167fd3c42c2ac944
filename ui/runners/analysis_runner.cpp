#include "ui/runners/analysis_runner.h"

#include "core/pipeline/exploration_page.h"

namespace kann::ui {

namespace {

// The page's share of the bar: a page is a small batch beside a streamed one.
constexpr double kPageShare = 0.02;

StudioRun analyse(const SourceSpec& spec, const Progress& progress) {
    auto e = std::make_shared<const Exploration>(runAnalysis(spec, progressPart(progress, 0.0, 1.0 - kPageShare)));
    if (!e->result.streamed) return {e, nullptr};
    const std::vector<int> starts = pageStarts(e->input.lengths);
    const int count = starts.size() > 1 ? starts[1] : e->result.batch;
    auto page = std::make_shared<const Exploration>(explorationPage(*e, 0, count, progressPart(progress, 1.0 - kPageShare, 1.0)));
    return {page, e};
}

}  // namespace

bool AnalysisRunner::start(const SourceSpec& spec) {
    if (isRunning()) return false;
    SourceSpec tabulated = spec;
    tabulated.analysis.tabulateModes = true;  // every click reads one mode's columns: within a frame
    run([tabulated](const Progress& progress) { return analyse(tabulated, progress); });
    return true;
}

}  // namespace kann::ui
