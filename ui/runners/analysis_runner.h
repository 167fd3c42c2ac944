#pragma once
// Runs runAnalysis off the GUI thread (see BackgroundRunner for progress, Cancel and errors): the
// states held, or streamed when the source asks or they pass the budget, and then the first page
// of the streamed batch built for the views; a streamed run's trust and meaning figures come from
// the same passes over the batch (analyseWithInsight).
#include "core/pipeline/exploration.h"
#include "ui/runners/background_runner.h"

#include <QStringList>
#include <memory>
#include <optional>

namespace kann::ui {

struct StudioInsight;

// What a run gives the views: the exploration they draw (the whole batch, or when the run streamed
// the first page of `whole`, see explorationPage), the streamed whole (null when held) and its insight.
struct StudioRun {
    std::shared_ptr<const Exploration> shown;
    std::shared_ptr<const Exploration> whole;
    std::shared_ptr<const StudioInsight> insight;  // a streamed run's, of `whole`; null when held
};

class AnalysisRunner : public Runner<StudioRun> {
public:
    using Runner::Runner;
    // Starts an analysis; ignored (returns false) while one is running.
    bool start(const SourceSpec& spec);
    // As start, a streamed run also giving its insight with the lexicon of `lexicon` (see
    // InsightRunner::start).
    bool startWithInsight(const SourceSpec& spec, const QStringList& lexicon);

private:
    bool begin(const SourceSpec& spec, std::optional<QStringList> lexicon);
};

}  // namespace kann::ui
