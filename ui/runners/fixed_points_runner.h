#pragma once
// The fixed-point search of an exploration off the GUI thread, with progress and Cancel.
#include "core/dynamics/fixed_point_study.h"
#include "ui/runners/background_runner.h"

#include <memory>

namespace kann::ui {

// A study and the exploration it belongs to (the view drops results of an older exploration).
struct StudioFixedPoints {
    std::shared_ptr<const Exploration> exploration;
    FixedPointStudy study;
};

class FixedPointsRunner : public Runner<StudioFixedPoints> {
public:
    using Runner::Runner;
    // Searches the fixed points of `exploration`'s analysed cell. Replaces running work.
    void start(std::shared_ptr<const Exploration> exploration, const FixedPointStudyOptions& options);
};

}  // namespace kann::ui
