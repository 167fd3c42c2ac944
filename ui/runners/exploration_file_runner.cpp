#include "ui/runners/exploration_file_runner.h"

namespace kann::ui {

ExplorationFileRunner::ExplorationFileRunner(QObject* parent) : BackgroundRunner(parent) {
    qRegisterMetaType<std::shared_ptr<const kann::RestoredExploration>>();
}

void ExplorationFileRunner::save(const SourceSpec& spec, int mode, int review,
                                 std::map<std::string, std::string> view, const QString& path) {
    path_ = path;
    launch([spec, mode, review, view = std::move(view), file = path.toStdString()](const Progress&) {
        saveExploration(describeExploration(spec, mode, review, view), file);
        return std::any();  // empty: a save
    });
}

void ExplorationFileRunner::open(const QString& path) {
    path_ = path;
    launch([file = path.toStdString()](const Progress&) {
        return std::any(std::make_shared<const RestoredExploration>(openExploration(file)));
    });
}

void ExplorationFileRunner::deliverResult(std::any result) {
    if (!result.has_value()) return emit saved(path_);
    emit opened(std::any_cast<std::shared_ptr<const RestoredExploration>>(std::move(result)), path_);
}

}  // namespace kann::ui
