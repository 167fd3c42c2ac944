#pragma once
// Core work off the GUI thread: progress as signals, Cancel through core's atomic flag, and every
// error from core caught on the worker and turned into one signal naming the problem. Subclasses
// say what runs and emit their own typed `finished`.
#include "core/common/progress.h"

#include <QFutureWatcher>
#include <QObject>
#include <any>
#include <atomic>
#include <functional>
#include <memory>

namespace kann::ui {

class BackgroundRunner : public QObject {
    Q_OBJECT
public:
    explicit BackgroundRunner(QObject* parent = nullptr);
    ~BackgroundRunner() override;

    bool isRunning() const { return running_; }
    // Blocks until the running work (and any queued behind it) has delivered its signal.
    void wait();

public slots:
    void cancel();

signals:
    void started();
    void progress(int percent, const QString& stage);
    // `title` names the file or option at fault, `message` the whole explanation.
    void failed(const QString& title, const QString& message);
    void cancelled();

protected:
    using Work = std::function<std::any(const Progress&)>;
    // Runs `work` on the thread pool. If work is already running, it is cancelled, its outcome
    // dropped without a signal, and `work` starts when it has stopped.
    void launch(Work work);
    // Receives, on the GUI thread, what the work returned.
    virtual void deliverResult(std::any result) = 0;

private:
    struct Outcome;
    void startNow(Work work);
    void deliver();

    std::atomic<bool> cancel_{false};
    bool running_ = false;
    Work queued_;
    QFutureWatcher<std::shared_ptr<Outcome>>* watcher_;
};

}  // namespace kann::ui
