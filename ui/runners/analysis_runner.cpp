#include "ui/runners/analysis_runner.h"

namespace kann::ui {

AnalysisRunner::AnalysisRunner(QObject* parent) : BackgroundRunner(parent) {
    qRegisterMetaType<std::shared_ptr<const kann::Exploration>>();
}

bool AnalysisRunner::start(const SourceSpec& spec) {
    if (isRunning()) return false;
    SourceSpec tabulated = spec;
    tabulated.analysis.tabulateModes = true;  // every click reads one mode's columns: within a frame
    launch([tabulated](const Progress& progress) {
        return std::any(std::make_shared<const Exploration>(runExploration(tabulated, progress)));
    });
    return true;
}

void AnalysisRunner::deliverResult(std::any result) {
    emit finished(std::any_cast<std::shared_ptr<const Exploration>>(std::move(result)));
}

}  // namespace kann::ui
