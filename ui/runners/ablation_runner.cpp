#include "ui/runners/ablation_runner.h"

namespace kann::ui {

AblationRunner::AblationRunner(QObject* parent) : BackgroundRunner(parent) {
    qRegisterMetaType<std::shared_ptr<const kann::ui::StudioAblation>>();
}

void AblationRunner::start(std::shared_ptr<const Exploration> exploration, int mode) {
    launch([exploration, mode](const Progress& progress) {
        auto ablation = std::make_shared<StudioAblation>();
        ablation->report = ablateModes(*exploration, {{mode}}, {}, progress);
        ablation->exploration = exploration;
        return std::any(std::shared_ptr<const StudioAblation>(std::move(ablation)));
    });
}

void AblationRunner::deliverResult(std::any result) {
    emit finished(std::any_cast<std::shared_ptr<const StudioAblation>>(std::move(result)));
}

}  // namespace kann::ui
