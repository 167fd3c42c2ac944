#pragma once
// "Remove this mode": the batch run again with a mode (and its conjugate partner) removed from the
// state after every step, against the same-size random control, by core's ablateModes, off the
// GUI thread.
#include "core/insight/mode_ablation.h"
#include "ui/runners/background_runner.h"

#include <memory>

namespace kann::ui {

// One removal and its control, on the exploration it was run for.
struct StudioAblation {
    std::shared_ptr<const Exploration> exploration;
    AblationReport report;  // exactly one ablation
    const Ablation& ablation() const { return report.ablations.front(); }
};

class AblationRunner : public Runner<StudioAblation> {
public:
    using Runner::Runner;
    // Removes `mode` (with its partner) while the network runs over the exploration's batch.
    // Replaces running work.
    void start(std::shared_ptr<const Exploration> exploration, int mode);
};

}  // namespace kann::ui
