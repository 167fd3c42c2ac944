// The spectrum through training in the window: the copy demo opens with its snapshots on a
// slider at the end; moving it shows each snapshot's own analysis in every view and keeps the
// selected mode by its track; Play walks the snapshots; the film and the frames are written.
#include "core/insight/timeline.h"
#include "ui/window/main_window.h"
#include "ui/base/selection_model.h"
#include "ui/views/comparison_spectrum.h"
#include "ui/views/eigen_table.h"
#include "ui/views/spectrum_view.h"
#include "ui/window/timeline_manager.h"
#include "ui/panels/training_timeline.h"

#include <QImageReader>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace kann;
using namespace kann::ui;

namespace {

const QString kResources = QStringLiteral(KANN_SOURCE_DIR "/resources");

std::unique_ptr<MainWindow> copyDemo() {
    auto window = std::make_unique<MainWindow>();
    window->resize(1400, 900);
    window->show();
    if (!window->openDemo("copy")) return nullptr;
    window->waitForAnalysis();
    return window;
}

}  // namespace

class TrainingTimelineTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("KANN_RESOURCES", kResources.toUtf8());
    }

    // The panel lists every snapshot of snapshots.json, ends on the trained network, and the
    // network on screen is still the demo's own (the same weights as the last snapshot).
    void copyDemoOpensAtTheEndOfTraining() {
        auto window = copyDemo();
        QVERIFY(window);
        TrainingTimeline* panel = window->trainingTimeline()->panel();
        const SnapshotList list = readSnapshotList((kResources + "/demos/copy/snapshots").toStdString());
        QVERIFY(panel->isVisible());
        QCOMPARE(panel->frameCount(), static_cast<int>(list.entries.size()));
        QCOMPARE(panel->frame(), panel->frameCount() - 1);
        const Exploration* shown = window->selection()->exploration();
        const TimelineFrame& last = panel->timeline()->frames.back();
        QCOMPARE(shown->result.k, static_cast<int>(last.eigenvalues.size()));
        QVERIFY((shown->result.eigenvalues - last.eigenvalues).cwiseAbs().maxCoeff() < 1e-9);
        QVERIFY(panel->trailCount() > 0);
    }

    // The slider sits under the spectra it moves through (the trained one and the untrained twin)
    // and above the table, not at the top of the column.
    void thePanelSitsUnderTheSpectra() {
        auto window = copyDemo();
        QVERIFY(window);
        QApplication::processEvents();
        const auto top = [&](QWidget* w) { return w->mapTo(window.get(), QPoint()).y(); };
        const auto bottom = [&](QWidget* w) { return top(w) + w->height(); };
        QWidget* panel = window->trainingTimeline()->panel();
        QVERIFY(window->comparisonSpectrum()->isVisible());
        QVERIFY2(top(panel) >= bottom(window->spectrum()),
                 qPrintable(QStringLiteral("panel at %1, spectrum ends at %2").arg(top(panel)).arg(bottom(window->spectrum()))));
        QVERIFY(top(panel) >= bottom(window->comparisonSpectrum()));
        QVERIFY(bottom(panel) <= top(window->table()));
    }

    // Moving the slider puts that snapshot's own exploration on the selection, and the mode
    // selected stays the same eigenvalue (by its track), not the same index.
    void scrubbingShowsEachSnapshotAndFollowsTheTrack() {
        auto window = copyDemo();
        QVERIFY(window);
        TrainingTimeline* panel = window->trainingTimeline()->panel();
        const Timeline* t = panel->timeline();
        const int last = panel->frameCount() - 1, middle = last / 2;
        window->selection()->selectMode(window->selection()->dominanceOrder().front());
        const int track = panel->trackOf(last, window->selection()->mode());
        panel->setFrame(middle);
        QCOMPARE(window->selection()->exploration(), t->frames[middle].exploration.get());
        QCOMPARE(QString::fromStdString(window->selection()->exploration()->spec.modelPath),
                 QString::fromStdString(t->frames[middle].snapshot.model));
        const int expected = panel->modeOnTrack(middle, track);
        QVERIFY(expected >= 0);  // the most dominant mode of the end was already there halfway
        QCOMPARE(window->selection()->mode(), expected);
        // The untrained snapshot: a disc well inside the unit circle, as the description says.
        panel->setFrame(0);
        QCOMPARE(window->selection()->exploration(), t->frames[0].exploration.get());
        QVERIFY(t->frames[0].nearCircle < t->frames[last].nearCircle);
        QCOMPARE(window->spectrum()->pointCount(), static_cast<int>(t->frames[0].eigenvalues.size()));
    }

    void playWalksTheSnapshotsAndStopsAtTheEnd() {
        auto window = copyDemo();
        QVERIFY(window);
        TrainingTimeline* panel = window->trainingTimeline()->panel();
        panel->setFrame(panel->frameCount() - 4);
        QSignalSpy stopped(panel, &TrainingTimeline::playingChanged);
        panel->play();
        QVERIFY(panel->isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isPlaying(), 10 * TrainingTimeline::kFrameMs * 4);
        QCOMPARE(panel->frame(), panel->frameCount() - 1);
        QCOMPARE(stopped.count(), 2);  // started, stopped
    }

    // The film holds one frame per snapshot; the frames folder one PNG each and the strip.
    void filmAndFramesAreWritten() {
        auto window = copyDemo();
        QVERIFY(window);
        QTemporaryDir dir;
        const int frames = window->trainingTimeline()->panel()->frameCount();
        window->trainingTimeline()->exportFilm(dir.filePath("film.gif"), 320);
        QImageReader film(dir.filePath("film.gif"));
        QVERIFY(film.canRead());
        QCOMPARE(film.imageCount(), frames);
        QCOMPARE(film.loopCount(), -1);  // loops forever
        QCOMPARE(film.read().width(), 320);
        window->trainingTimeline()->exportFrames(dir.filePath("frames"), 320);
        QCOMPARE(QDir(dir.filePath("frames")).entryList({"frame_*.png"}).size(), frames);
        QImage strip(dir.filePath("frames/strip.png"));
        QCOMPARE(strip.width(), 6 * 160);
        // The view the user had is back after the export.
        QCOMPARE(window->trainingTimeline()->panel()->frame(), frames - 1);
    }

    // Running another analysis closes the timeline: it belongs to the run it was opened with.
    void anotherRunHidesTheTimeline() {
        auto window = copyDemo();
        QVERIFY(window);
        window->openDemo("sentiment");
        window->waitForAnalysis();
        QVERIFY(!window->trainingTimeline()->panel()->isVisible());
        QCOMPARE(window->trainingTimeline()->panel()->trailCount(), 0);
    }

    void aMissingSnapshotFolderIsReported() {
        auto window = std::make_unique<MainWindow>();
        QString error;
        window->setErrorReporter([&error](const QString&, const QString& message) { error = message; });
        SourceSpec spec;
        spec.dataPath = (kResources + "/demos/copy/copy_task.ts").toStdString();
        window->openTimeline("/nonexistent/snapshots", spec);
        window->waitForAnalysis();
        QVERIFY2(error.contains("snapshots.json"), qPrintable(error));
        QVERIFY(!window->trainingTimeline()->panel()->isVisible());
    }
};

QTEST_MAIN(TrainingTimelineTest)
#include "training_timeline_test.moc"
