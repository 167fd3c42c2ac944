#pragma once
// Runs runAnalysis off the GUI thread (see BackgroundRunner for progress, Cancel and errors): the
// states held, or streamed when the source asks or they pass the budget, and then the first page
// of the streamed batch built for the views.
#include "core/pipeline/exploration.h"
#include "ui/runners/background_runner.h"

#include <memory>

namespace kann::ui {

// What a run gives the views: the exploration they draw (the whole batch, or when the run streamed
// the first page of `whole`, see explorationPage) and the streamed whole (null when held).
struct StudioRun {
    std::shared_ptr<const Exploration> shown;
    std::shared_ptr<const Exploration> whole;
};

class AnalysisRunner : public Runner<StudioRun> {
public:
    using Runner::Runner;
    // Starts an analysis; ignored (returns false) while one is running.
    bool start(const SourceSpec& spec);
};

}  // namespace kann::ui
