#pragma once
// Core work off the GUI thread: progress as signals, Cancel through core's atomic flag, and every
// error from core caught on the worker and turned into one signal naming the problem. A runner is
// a Runner<Result>: moc cannot template a signal, so the one `finished` signal carries the result
// untyped and Runner<Result>::onFinished hands it on typed; only Runner<Result>::run can start
// work, so the result behind `finished` is always a Result.
#include "core/common/progress.h"

#include <QFutureWatcher>
#include <QObject>
#include <atomic>
#include <functional>
#include <memory>
#include <type_traits>

namespace kann::ui {

template <class Result>
class Runner;

class BackgroundRunner : public QObject {
    Q_OBJECT
public:
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
    // The work's result, never null; receive it typed through Runner<Result>::onFinished.
    void finished(std::shared_ptr<const void> result);

protected:
    explicit BackgroundRunner(QObject* parent);

private:
    template <class Result>
    friend class Runner;
    using Work = std::function<std::shared_ptr<const void>(const Progress&)>;
    struct Outcome;

    // Runs `work` on the thread pool. If work is already running, it is cancelled, its outcome
    // dropped without a signal, and `work` starts when it has stopped.
    void launch(Work work);
    void startNow(Work work);
    void deliver();

    std::atomic<bool> cancel_{false};
    bool running_ = false;
    Work queued_;
    QFutureWatcher<std::shared_ptr<Outcome>>* watcher_;
};

// A runner whose work yields a Result.
template <class Result>
class Runner : public BackgroundRunner {
public:
    explicit Runner(QObject* parent = nullptr) : BackgroundRunner(parent) {}

    // Calls `receive` with each result (a std::shared_ptr<const Result>) on the GUI thread while
    // `context` lives; `receive` is a callable or a member function of `context`.
    template <class Context, class Receive>
    QMetaObject::Connection onFinished(Context* context, Receive receive) {
        return connect(this, &BackgroundRunner::finished, context,
                       [context, receive](const std::shared_ptr<const void>& result) {
                           auto typed = std::static_pointer_cast<const Result>(result);
                           if constexpr (std::is_member_function_pointer_v<Receive>) (context->*receive)(std::move(typed));
                           else receive(std::move(typed));
                       });
    }

protected:
    // Runs `work` off the GUI thread (see launch); what it returns arrives through onFinished.
    void run(std::function<Result(const Progress&)> work) {
        launch([work = std::move(work)](const Progress& progress) -> std::shared_ptr<const void> {
            return std::make_shared<const Result>(work(progress));
        });
    }
};

}  // namespace kann::ui
