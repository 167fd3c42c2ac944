#pragma once
// Analyses every snapshot of a training run off the GUI thread (see BackgroundRunner for
// progress, Cancel and errors), keeping each snapshot's whole exploration so that every view can
// follow the snapshot shown.
#include "core/insight/timeline.h"
#include "ui/runners/background_runner.h"

namespace kann::ui {

class TimelineRunner : public Runner<Timeline> {
public:
    using Runner::Runner;
    // Starts the analyses of `list` on the batch `spec` describes; a running one is cancelled.
    void start(const SnapshotList& list, const SourceSpec& spec);
};

}  // namespace kann::ui
