#include "ui/runners/exploration_file_runner.h"

namespace kann::ui {

void ExplorationFileRunner::save(const SourceSpec& spec, int mode, int review,
                                 std::map<std::string, std::string> view, const QString& path) {
    run([spec, mode, review, view = std::move(view), path](const Progress&) {
        saveExploration(describeExploration(spec, mode, review, view), path.toStdString());
        return ExplorationFile{path, std::nullopt};
    });
}

void ExplorationFileRunner::open(const QString& path) {
    run([path](const Progress&) { return ExplorationFile{path, openExploration(path.toStdString())}; });
}

}  // namespace kann::ui
