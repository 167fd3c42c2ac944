#pragma once
// "Remove this mode": the batch run again with a mode (and its conjugate partner) removed from the
// state after every step, against the same-size random control, by core's ablateModes, off the
// GUI thread. A streamed exploration is run over its whole batch, a part at a time.
#include "core/insight/mode_ablation.h"
#include "ui/runners/background_runner.h"

#include <limits>
#include <memory>

namespace kann::ui {

// One removal and its control, on the exploration it was run for.
struct StudioAblation {
    std::shared_ptr<const Exploration> exploration;  // the whole batch (not a page of it)
    AblationReport report;  // exactly one ablation
    // An autoencoder of one-feature series: the RMSE of the decoding against the series over every
    // valid step of the batch, before and after the removal; NaN otherwise.
    double rmseBefore = std::numeric_limits<double>::quiet_NaN();
    double rmseAfter = std::numeric_limits<double>::quiet_NaN();
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
