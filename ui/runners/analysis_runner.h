#pragma once
// Runs runAnalysis off the GUI thread (see BackgroundRunner for progress, Cancel and errors): the
// states held, or streamed when the source asks or they pass the budget, and then the first page
// of the streamed batch built for the views.
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
    // `exploration` is what the views draw: the whole batch, or when the run streamed, the first
    // page of `whole` (explorationPage); `whole` is null when the states were held.
    void finished(std::shared_ptr<const kann::Exploration> exploration, std::shared_ptr<const kann::Exploration> whole);

protected:
    void deliverResult(std::any result) override;
};

}  // namespace kann::ui
