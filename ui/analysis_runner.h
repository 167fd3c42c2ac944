#pragma once
// Runs runExploration off the GUI thread: progress as signals, Cancel through core's atomic
// flag, and every error from core caught here and turned into one signal naming the problem.
#include "core/pipeline/exploration.h"

#include <QFutureWatcher>
#include <QObject>
#include <atomic>
#include <memory>

namespace kann::ui {

class AnalysisRunner : public QObject {
    Q_OBJECT
public:
    explicit AnalysisRunner(QObject* parent = nullptr);
    ~AnalysisRunner() override;

    bool isRunning() const { return running_; }
    // Starts an analysis; ignored (returns false) while one is running.
    bool start(const SourceSpec& spec);
    // Blocks until the running analysis (if any) has delivered its signal (scripts, tests).
    void wait();

public slots:
    void cancel();

signals:
    void started();
    void progress(int percent, const QString& stage);
    void finished(std::shared_ptr<const kann::Exploration> exploration);
    // `title` names the file or option at fault, `message` the whole explanation.
    void failed(const QString& title, const QString& message);
    void cancelled();

private:
    struct Outcome;
    void deliver();

    std::atomic<bool> cancel_{false};
    bool running_ = false;
    QFutureWatcher<std::shared_ptr<Outcome>>* watcher_;
};

}  // namespace kann::ui
