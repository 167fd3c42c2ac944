#include "ui/runners/analysis_runner.h"

namespace kann::ui {

bool AnalysisRunner::start(const SourceSpec& spec) {
    if (isRunning()) return false;
    SourceSpec tabulated = spec;
    tabulated.analysis.tabulateModes = true;  // every click reads one mode's columns: within a frame
    run([tabulated](const Progress& progress) { return runExploration(tabulated, progress); });
    return true;
}

}  // namespace kann::ui
