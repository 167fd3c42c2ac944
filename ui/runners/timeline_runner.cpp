#include "ui/runners/timeline_runner.h"

namespace kann::ui {

void TimelineRunner::start(const SnapshotList& list, const SourceSpec& spec) {
    SourceSpec tabulated = spec;
    tabulated.analysis.tabulateModes = true;  // as the main analysis: each snapshot is clicked like one
    run([list, tabulated](const Progress& progress) { return buildTimeline(list, tabulated, progress, true); });
}

}  // namespace kann::ui
