#include "ui/runners/timeline_runner.h"

namespace kann::ui {

TimelineRunner::TimelineRunner(QObject* parent) : BackgroundRunner(parent) {
    qRegisterMetaType<std::shared_ptr<const kann::Timeline>>();
}

void TimelineRunner::start(const SnapshotList& list, const SourceSpec& spec) {
    SourceSpec tabulated = spec;
    tabulated.analysis.tabulateModes = true;  // as the main analysis: each snapshot is clicked like one
    launch([list, tabulated](const Progress& progress) {
        return std::any(std::make_shared<const Timeline>(buildTimeline(list, tabulated, progress, true)));
    });
}

void TimelineRunner::deliverResult(std::any result) {
    emit finished(std::any_cast<std::shared_ptr<const Timeline>>(std::move(result)));
}

}  // namespace kann::ui
