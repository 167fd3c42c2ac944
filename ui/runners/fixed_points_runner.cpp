#include "ui/runners/fixed_points_runner.h"

namespace kann::ui {

FixedPointsRunner::FixedPointsRunner(QObject* parent) : BackgroundRunner(parent) {}

void FixedPointsRunner::start(std::shared_ptr<const Exploration> exploration, const FixedPointStudyOptions& options) {
    launch([exploration, options](const Progress& progress) -> std::any {
        auto result = std::make_shared<StudioFixedPoints>();
        result->exploration = exploration;
        result->study = studyFixedPoints(*exploration, options, progress);
        return std::shared_ptr<const StudioFixedPoints>(std::move(result));
    });
}

void FixedPointsRunner::deliverResult(std::any result) {
    emit finished(std::any_cast<std::shared_ptr<const StudioFixedPoints>>(std::move(result)));
}

}  // namespace kann::ui
