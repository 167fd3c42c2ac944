#include "ui/runners/results_export_runner.h"

#include "ui/window/export_manager.h"

namespace kann::ui {

void ResultsExportRunner::start(std::shared_ptr<const Exploration> e, int mode, const QString& path) {
    run([e = std::move(e), mode, path](const Progress& progress) {
        if (!path.endsWith(".json", Qt::CaseInsensitive)) return exporting::saveResultsCsv(*e, mode, path, progress);
        exporting::saveResultsJson(*e, mode, path, progress);
        return QStringList{path};
    });
}

}  // namespace kann::ui
