#pragma once
// Runs runExploration off the GUI thread (see BackgroundRunner for progress, Cancel and errors).
#include "core/pipeline/exploration.h"
#include "ui/runners/background_runner.h"

namespace kann::ui {

class AnalysisRunner : public Runner<Exploration> {
public:
    using Runner::Runner;
    // Starts an analysis; ignored (returns false) while one is running.
    bool start(const SourceSpec& spec);
};

}  // namespace kann::ui
