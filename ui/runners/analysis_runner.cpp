#include "ui/runners/analysis_runner.h"

#include "core/pipeline/exploration_page.h"

#include <utility>

namespace kann::ui {

namespace {

using Shown = std::pair<std::shared_ptr<const Exploration>, std::shared_ptr<const Exploration>>;

// The page's share of the bar: a page is a small batch beside a streamed one.
constexpr double kPageShare = 0.02;

Shown analyse(const SourceSpec& spec, const Progress& progress) {
    auto e = std::make_shared<const Exploration>(runAnalysis(spec, progressPart(progress, 0.0, 1.0 - kPageShare)));
    if (!e->result.streamed) return {e, nullptr};
    const std::vector<int> starts = pageStarts(e->input.lengths);
    const int count = starts.size() > 1 ? starts[1] : e->result.batch;
    auto page = std::make_shared<const Exploration>(explorationPage(*e, 0, count, progressPart(progress, 1.0 - kPageShare, 1.0)));
    return {page, e};
}

}  // namespace

AnalysisRunner::AnalysisRunner(QObject* parent) : BackgroundRunner(parent) {
    qRegisterMetaType<std::shared_ptr<const kann::Exploration>>();
}

bool AnalysisRunner::start(const SourceSpec& spec) {
    if (isRunning()) return false;
    SourceSpec tabulated = spec;
    tabulated.analysis.tabulateModes = true;  // every click reads one mode's columns: within a frame
    launch([tabulated](const Progress& progress) { return std::any(analyse(tabulated, progress)); });
    return true;
}

void AnalysisRunner::deliverResult(std::any result) {
    auto [shown, whole] = std::any_cast<Shown>(std::move(result));
    emit finished(std::move(shown), std::move(whole));
}

}  // namespace kann::ui
