#include "ui/runners/background_runner.h"

#include "core/common/error.h"

#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>
#include <utility>

namespace kann::ui {

// What the worker hands back: exactly one of a result, an error, or a cancellation.
struct BackgroundRunner::Outcome {
    std::shared_ptr<const void> result;
    QString title, message;
    bool cancelled = false;
};

BackgroundRunner::BackgroundRunner(QObject* parent)
    : QObject(parent), watcher_(new QFutureWatcher<std::shared_ptr<Outcome>>(this)) {
    connect(watcher_, &QFutureWatcherBase::finished, this, &BackgroundRunner::deliver);
}

BackgroundRunner::~BackgroundRunner() {
    queued_ = nullptr;
    cancel();
    watcher_->waitForFinished();
}

void BackgroundRunner::launch(Work work) {
    if (running_) {
        queued_ = std::move(work);
        cancel();
        return;
    }
    startNow(std::move(work));
}

void BackgroundRunner::startNow(Work work) {
    running_ = true;
    cancel_ = false;
    emit started();
    QPointer<BackgroundRunner> self(this);
    // Progress arrives on the worker thread; a queued call brings it to the GUI thread, and
    // only when the percentage moves, so a fast loop cannot flood the event loop.
    auto lastPercent = std::make_shared<std::atomic<int>>(-1);
    Progress progress;
    progress.cancel = &cancel_;
    progress.report = [self, lastPercent](std::int64_t done, std::int64_t total, const std::string& stage) {
        const int percent = total > 0 ? static_cast<int>(100 * done / total) : 0;
        if (lastPercent->exchange(percent) == percent) return;
        const QString text = QString::fromStdString(stage);
        QMetaObject::invokeMethod(self, [self, percent, text] {
            if (self) emit self->progress(percent, text);
        }, Qt::QueuedConnection);
    };
    watcher_->setFuture(QtConcurrent::run([work = std::move(work), progress] {
        auto outcome = std::make_shared<Outcome>();
        try {
            outcome->result = work(progress);
        } catch (const Cancelled&) {
            outcome->cancelled = true;
        } catch (const InputError& e) {
            outcome->title = QString::fromStdString(e.source());
            outcome->message = QString::fromStdString(e.what());
        } catch (const AnalysisError& e) {
            outcome->title = QObject::tr("Analysis");
            outcome->message = QString::fromStdString(e.what());
        } catch (const std::exception& e) {
            outcome->title = QObject::tr("Unexpected error");
            outcome->message = QString::fromStdString(e.what());
        }
        return outcome;
    }));
}

void BackgroundRunner::wait() {
    while (running_) {
        watcher_->waitForFinished();
        deliver();
    }
}

void BackgroundRunner::cancel() { cancel_ = true; }

void BackgroundRunner::deliver() {
    // wait() may already have delivered, and a finished signal of a replaced future is stale.
    if (!running_ || !watcher_->isFinished()) return;
    running_ = false;
    const std::shared_ptr<Outcome> outcome = watcher_->result();
    if (queued_) return startNow(std::exchange(queued_, nullptr));
    if (outcome->cancelled) emit cancelled();
    else if (!outcome->title.isEmpty() || !outcome->message.isEmpty()) emit failed(outcome->title, outcome->message);
    else emit finished(outcome->result);
}

}  // namespace kann::ui
