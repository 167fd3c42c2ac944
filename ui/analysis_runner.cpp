#include "ui/analysis_runner.h"

#include "core/common/error.h"

#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace kann::ui {

// What the worker hands back: exactly one of a result, an error, or a cancellation.
struct AnalysisRunner::Outcome {
    std::shared_ptr<const Exploration> exploration;
    QString title, message;
    bool cancelled = false;
};

AnalysisRunner::AnalysisRunner(QObject* parent)
    : QObject(parent), watcher_(new QFutureWatcher<std::shared_ptr<Outcome>>(this)) {
    qRegisterMetaType<std::shared_ptr<const kann::Exploration>>();
    connect(watcher_, &QFutureWatcherBase::finished, this, &AnalysisRunner::deliver);
}

AnalysisRunner::~AnalysisRunner() {
    cancel();
    watcher_->waitForFinished();
}

bool AnalysisRunner::start(const SourceSpec& spec) {
    if (running_) return false;
    running_ = true;
    cancel_ = false;
    emit started();
    QPointer<AnalysisRunner> self(this);
    // Progress arrives on the worker thread; a queued call brings it to the GUI thread, and
    // only when the percentage moves, so a fast unroll cannot flood the event loop.
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
    watcher_->setFuture(QtConcurrent::run([spec, progress] {
        auto outcome = std::make_shared<Outcome>();
        try {
            outcome->exploration = std::make_shared<const Exploration>(runExploration(spec, progress));
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
    return true;
}

void AnalysisRunner::wait() {
    watcher_->waitForFinished();
    if (running_) deliver();
}

void AnalysisRunner::cancel() { cancel_ = true; }

void AnalysisRunner::deliver() {
    if (!running_) return;  // wait() may already have delivered
    running_ = false;
    const std::shared_ptr<Outcome> outcome = watcher_->result();
    if (outcome->cancelled) emit cancelled();
    else if (outcome->exploration) emit finished(outcome->exploration);
    else emit failed(outcome->title, outcome->message);
}

}  // namespace kann::ui
