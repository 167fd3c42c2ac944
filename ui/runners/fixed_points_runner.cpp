#include "ui/runners/fixed_points_runner.h"

namespace kann::ui {

void FixedPointsRunner::start(std::shared_ptr<const Exploration> exploration, const FixedPointStudyOptions& options) {
    run([exploration, options](const Progress& progress) {
        return StudioFixedPoints{exploration, studyFixedPoints(*exploration, options, progress)};
    });
}

}  // namespace kann::ui
