#include "ui/runners/analysis_runner.h"

#include "core/pipeline/exploration_page.h"
#include "ui/runners/insight_runner.h"

namespace kann::ui {

namespace {

// The page's share of the bar: a page is a small batch beside a streamed one.
constexpr double kPageShare = 0.02;

// With a lexicon, a streamed run's insight is summed over its own passes (analyseWithInsight).
StudioRun analyse(const SourceSpec& spec, const std::optional<QStringList>& lexicon, const Progress& progress) {
    const Progress fit = progressPart(progress, 0.0, 1.0 - kPageShare);
    AnalysedRun run = lexicon ? analyseWithInsight(spec, *lexicon, fit)
                              : AnalysedRun{std::make_shared<const Exploration>(runAnalysis(spec, fit)), nullptr};
    const std::shared_ptr<const Exploration>& e = run.exploration;
    if (!e->result.streamed) return {e, nullptr, nullptr};
    const std::vector<int> starts = pageStarts(e->input.lengths);
    const int count = starts.size() > 1 ? starts[1] : e->result.batch;
    auto page = std::make_shared<const Exploration>(explorationPage(*e, 0, count, progressPart(progress, 1.0 - kPageShare, 1.0)));
    return {page, e, std::move(run.insight)};
}

}  // namespace

bool AnalysisRunner::start(const SourceSpec& spec) { return begin(spec, std::nullopt); }

bool AnalysisRunner::startWithInsight(const SourceSpec& spec, const QStringList& lexicon) { return begin(spec, lexicon); }

bool AnalysisRunner::begin(const SourceSpec& spec, std::optional<QStringList> lexicon) {
    if (isRunning()) return false;
    SourceSpec tabulated = spec;
    tabulated.analysis.tabulateModes = true;  // every click reads one mode's columns: within a frame
    run([tabulated, lexicon](const Progress& progress) { return analyse(tabulated, lexicon, progress); });
    return true;
}

}  // namespace kann::ui
