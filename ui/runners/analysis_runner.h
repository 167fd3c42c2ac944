#pragma once
// Runs runExploration off the GUI thread (see BackgroundRunner for progress, Cancel and errors).
#include "core/pipeline/exploration.h"
#include "ui/runners/background_runner.h"

#include <memory>

namespace kann::ui {

class AnalysisRunner : public BackgroundRunner {
    Q_OBJECT
public:
    explicit AnalysisRunner(QObject* parent = nullptr);

    // Starts an analysis; ignored (returns false) while one is running.
    bool start(const SourceSpec& spec);

signals:
    void finished(std::shared_ptr<const kann::Exploration> exploration);

protected:
    void deliverResult(std::any result) override;
};

}  // namespace kann::ui
