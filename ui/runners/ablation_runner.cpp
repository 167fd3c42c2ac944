#include "ui/runners/ablation_runner.h"

namespace kann::ui {

void AblationRunner::start(std::shared_ptr<const Exploration> exploration, int mode) {
    run([exploration, mode](const Progress& progress) {
        return StudioAblation{exploration, ablateModes(*exploration, {{mode}}, {}, progress)};
    });
}

}  // namespace kann::ui
