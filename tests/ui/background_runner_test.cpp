// Work off the GUI thread delivers exactly one outcome: its result, a failure naming the file or
// option at fault, or a cancellation; work started while other work runs replaces it, and the
// replaced work's outcome is never delivered.
#include "ui/runners/background_runner.h"

#include "core/common/error.h"

#include <QSignalSpy>
#include <QtTest>
#include <atomic>
#include <chrono>
#include <thread>

using namespace kann;
using namespace kann::ui;

namespace {

// A runner whose work is any function returning an int.
class IntRunner : public Runner<int> {
public:
    std::vector<int> results;
    IntRunner() {
        onFinished(this, [this](std::shared_ptr<const int> result) { results.push_back(*result); });
    }
    void start(std::function<int(const Progress&)> work) { run(std::move(work)); }
};

// A runner whose work hands back a copy of a text.
class TextRunner : public Runner<std::string> {
public:
    void start(std::string text) {
        run([text = std::move(text)](const Progress&) { return text; });
    }
};

// Work that reports progress until it is cancelled (or a second has passed).
int untilCancelled(const Progress& p) {
    for (int i = 0; i < 1000; ++i) {
        p.step(i, 1000, "waiting");
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return -1;
}

}  // namespace

class BackgroundRunnerTest : public QObject {
    Q_OBJECT

private slots:
    void aResultArrivesOnceWithProgressOnTheWay() {
        IntRunner runner;
        QSignalSpy progress(&runner, &BackgroundRunner::progress);
        QSignalSpy failed(&runner, &BackgroundRunner::failed);
        runner.start([](const Progress& p) {
            for (int i = 0; i <= 4; ++i) p.step(i, 4, "counting");
            return 42;
        });
        QVERIFY(runner.isRunning());
        runner.wait();
        QCoreApplication::processEvents();
        QVERIFY(!runner.isRunning());
        QCOMPARE(runner.results, std::vector<int>{42});
        QCOMPARE(failed.count(), 0);
        QVERIFY(progress.count() >= 1);
        QCOMPARE(progress.last().at(1).toString(), QString("counting"));
    }

    void anInputErrorNamesItsSource() {
        IntRunner runner;
        QSignalSpy failed(&runner, &BackgroundRunner::failed);
        runner.start([](const Progress&) -> int { throw InputError("reviews.csv", "no column named text"); });
        runner.wait();
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.front().at(0).toString(), QString("reviews.csv"));
        QVERIFY(failed.front().at(1).toString().contains("no column named text"));
        QVERIFY(runner.results.empty());
    }

    void anyOtherExceptionIsReportedNotThrown() {
        IntRunner runner;
        QSignalSpy failed(&runner, &BackgroundRunner::failed);
        runner.start([](const Progress&) -> int { throw std::runtime_error("out of range"); });
        runner.wait();
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.front().at(1).toString(), QString("out of range"));
    }

    void cancelStopsTheWorkAndSaysSo() {
        IntRunner runner;
        QSignalSpy cancelled(&runner, &BackgroundRunner::cancelled);
        runner.start(untilCancelled);
        runner.cancel();
        runner.wait();
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(runner.results.empty());
    }

    void newWorkReplacesRunningWorkWhoseOutcomeIsDropped() {
        IntRunner runner;
        QSignalSpy cancelled(&runner, &BackgroundRunner::cancelled);
        QSignalSpy started(&runner, &BackgroundRunner::started);
        runner.start(untilCancelled);
        runner.start([](const Progress&) { return 7; });
        runner.wait();
        QCOMPARE(runner.results, std::vector<int>{7});
        QCOMPARE(cancelled.count(), 0);  // the replaced work says nothing
        QCOMPARE(started.count(), 2);
    }

    // The typed result reaches a member function of its receiver, and nothing once the receiver is gone.
    void aResultReachesItsReceiverWhileTheReceiverLives() {
        struct Receiver : QObject {
            std::vector<std::string> texts;
            void take(std::shared_ptr<const std::string> text) { texts.push_back(*text); }
        };
        TextRunner runner;
        auto receiver = std::make_unique<Receiver>();
        runner.onFinished(receiver.get(), &Receiver::take);
        runner.start("first");
        runner.wait();
        QCOMPARE(receiver->texts, std::vector<std::string>{"first"});
        receiver.reset();
        QSignalSpy finished(&runner, &BackgroundRunner::finished);
        runner.start("second");
        runner.wait();
        QCOMPARE(finished.count(), 1);  // delivered, to no one
    }
};

QTEST_MAIN(BackgroundRunnerTest)
#include "background_runner_test.moc"
