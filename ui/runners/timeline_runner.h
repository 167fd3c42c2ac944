#pragma once
// Analyses every snapshot of a training run off the GUI thread (see BackgroundRunner for
// progress, Cancel and errors), keeping each snapshot's whole exploration so that every view can
// follow the snapshot shown.
#include "core/insight/timeline.h"
#include "ui/runners/background_runner.h"

#include <memory>

namespace kann::ui {

class TimelineRunner : public BackgroundRunner {
    Q_OBJECT
public:
    explicit TimelineRunner(QObject* parent = nullptr);
    // Starts the analyses of `list` on the batch `spec` describes; a running one is cancelled.
    void start(const SnapshotList& list, const SourceSpec& spec);

signals:
    void finished(std::shared_ptr<const kann::Timeline> timeline);

protected:
    void deliverResult(std::any result) override;
};

}  // namespace kann::ui
