#pragma once
// The results of an exploration written off the GUI thread: a streamed exploration's every sequence's
// |φ| is computed a page at a time (exporting::saveResultsCsv), which unrolls its batch once more.
#include "core/pipeline/exploration.h"
#include "ui/runners/background_runner.h"

#include <QStringList>
#include <memory>

namespace kann::ui {

class ResultsExportRunner : public Runner<QStringList> {
public:
    using Runner::Runner;
    // Writes `e`'s results with the |φ| of `mode` to `path` (JSON for .json, else CSV); the files
    // written arrive through onFinished. Replaces running work.
    void start(std::shared_ptr<const Exploration> e, int mode, const QString& path);
};

}  // namespace kann::ui
