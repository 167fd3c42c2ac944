// The window end to end: an analysis run through the real pipeline (saved states), errors shown
// in a dialog that names the file while the window stays usable, missing demos reported, saved
// explorations written and reopened with their files hashed off the GUI thread.
#include "core/io/npy.h"
#include "ui/runners/analysis_runner.h"
#include "ui/runners/exploration_file_runner.h"
#include "ui/window/main_window.h"
#include "ui/base/selection_model.h"
#include "ui/panels/source_panel.h"
#include "ui/views/spectrum_view.h"
#include "ui_test_support.h"

#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace kann;
using namespace kann::ui;

class MainWindowTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir;

    SourceSpec statesSpec() { return test::savedStatesSpec(dir.path()); }

    // Analyses spec in a window of its own and saves the exploration to `saved`.
    static void saveAnalysisOf(const SourceSpec& spec, const QString& saved) {
        MainWindow window;
        window.run(spec);
        window.waitForAnalysis();
        window.saveExploration(saved);
        window.waitForAnalysis();
    }

    // Saves the analysis of the saved states to `name`, then gives the states other values of the
    // same shape (drawn with `seed`): the analysis would still run, but the figures would differ.
    QString savedThenChanged(const QString& name, unsigned seed) {
        const QString saved = dir.filePath(name);
        const SourceSpec spec = statesSpec();
        saveAnalysisOf(spec, saved);
        writeStatesNpy(test::linearStates({30, 25, 30, 18}, seed), spec.statesPath, spec.lengthsPath);
        return saved;
    }

    static QMessageBox* errorDialog(MainWindow& w) { return w.findChild<QMessageBox*>("errorDialog"); }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir.isValid());
    }

    void analysisFillsTheSpectrum() {
        MainWindow window;
        test::showAnalysed(window, statesSpec());
        QVERIFY(window.selection()->exploration());
        QCOMPARE(window.spectrum()->pointCount(), 6);
        QCOMPARE(window.selection()->exploration()->result.k, 6);
    }

    void failingLoadShowsTheErrorAndStaysUsable() {
        MainWindow window;
        window.show();
        QSignalSpy errors(&window, &MainWindow::errorShown);
        SourceSpec bad;
        bad.modelPath = dir.filePath("missing-model.pt").toStdString();
        bad.dataPath = dir.filePath("missing-data.txt").toStdString();
        window.run(bad);
        window.waitForAnalysis();
        QCOMPARE(errors.count(), 1);
        const QString message = errors[0][1].toString();
        QVERIFY2(message.contains("missing-model.pt"), qPrintable(message));
        QMessageBox* box = errorDialog(window);
        QVERIFY(box && box->isVisible());
        QVERIFY(box->text().contains("missing-model.pt"));
        QVERIFY(!box->isModal());
        box->close();
        QApplication::processEvents();
        QVERIFY(!window.selection()->exploration());

        // Still usable: the next analysis runs and shows.
        window.run(statesSpec());
        window.waitForAnalysis();
        QCOMPARE(window.spectrum()->pointCount(), 6);
    }

    void corruptStatesAreReported() {
        MainWindow window;
        QSignalSpy errors(&window, &MainWindow::errorShown);
        SourceSpec bad;
        bad.statesPath = QStringLiteral(KANN_FIXTURES "/npy/bad_nan_states.npy").toStdString();
        window.run(bad);
        window.waitForAnalysis();
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors[0][1].toString().contains("bad_nan_states.npy"), qPrintable(errors[0][1].toString()));
    }

    void cancelLeavesNoResult() {
        MainWindow window;
        QSignalSpy cancelled(window.runner(), &AnalysisRunner::cancelled);
        QSignalSpy finished(window.runner(), &AnalysisRunner::finished);
        window.run(statesSpec());
        window.runner()->cancel();
        window.waitForAnalysis();
        // Either the cancel arrived in time or the (tiny) analysis had already finished.
        QCOMPARE(cancelled.count() + finished.count(), 1);
        QCOMPARE(bool(window.selection()->exploration()), finished.count() == 1);
    }

    void saveAndRestoreKeepSelectionReviewAndView() {
        const QString saved = dir.filePath("round-trip.kann");
        int mode = -1;
        {
            MainWindow window;
            test::showAnalysed(window, statesSpec());
            // Not the defaults, so the test cannot pass by reopening on them.
            mode = window.selection()->dominanceOrder().back();
            window.selection()->selectMode(mode);
            window.selection()->setReview(2);
            window.selection()->setColouring(Colouring::Kick);
            QSignalSpy written(&window, &MainWindow::explorationSaved);
            window.saveExploration(saved);
            window.waitForAnalysis();
            QCOMPARE(written.count(), 1);
        }
        MainWindow window;
        window.show();
        QSignalSpy warnings(&window, &MainWindow::warningShown);
        window.restoreExploration(saved);
        window.waitForAnalysis();
        QVERIFY(window.selection()->exploration());
        QCOMPARE(window.selection()->mode(), mode);
        QCOMPARE(window.selection()->review(), 2);
        QCOMPARE(window.selection()->colouring(), Colouring::Kick);
        QCOMPARE(warnings.count(), 0);  // nothing changed
        QVERIFY(window.selection()->insight());
    }

    // A drop, a recent file and a file manager's double-click all open a path: an exploration reopens.
    void openingASavedExplorationFileRestoresIt() {
        const QString saved = dir.filePath("opened.kann");
        saveAnalysisOf(statesSpec(), saved);
        MainWindow window;
        window.show();
        window.openFile(saved);
        window.waitForAnalysis();
        QVERIFY(window.selection()->exploration());
    }

    void restoringChangedFilesWarns() {
        const QString saved = savedThenChanged("changed.kann.json", 99);
        MainWindow window;
        window.show();
        QSignalSpy warnings(&window, &MainWindow::warningShown);
        window.restoreExploration(saved);
        window.waitForAnalysis();
        QCOMPARE(warnings.count(), 1);
        const QString message = warnings[0][0].toString();
        QVERIFY2(message.contains("states.npy") && message.contains("changed"), qPrintable(message));
        QCOMPARE(window.lastWarnings().size(), 1);  // the lengths did not change
        auto* box = window.findChild<QMessageBox*>("warningDialog");
        QVERIFY(box && box->isVisible() && !box->isModal());
        QVERIFY(window.selection()->exploration());  // reopened all the same
    }

    // A checkpoint that the run refuses stays explained under its field, with the values that
    // settle the refusal offered in its option's list.
    void aRefusedModelStaysExplainedUnderItsField() {
        MainWindow window;
        QSignalSpy errors(&window, &MainWindow::errorShown);
        SourceSpec ambiguous;
        ambiguous.modelPath = KANN_FIXTURES "/torch/role_two_stack.pt";
        ambiguous.dataPath = KANN_FIXTURES "/torch/role_two_stack_x.npy";
        window.run(ambiguous);
        window.waitForAnalysis();
        QCOMPARE(errors.count(), 1);
        auto* info = window.sourcePanel()->findChild<QLabel*>("modelInfo");
        QTRY_VERIFY2(info->text().contains("pick one with --stack"), qPrintable(info->text()));
        QTRY_VERIFY(window.sourcePanel()->findChild<QComboBox*>("stack")->findText("rnn1,rnn2") >= 0);
    }

    void restoringAMissingFileIsAnError() {
        MainWindow window;
        QSignalSpy errors(&window, &MainWindow::errorShown);
        window.restoreExploration(dir.filePath("never-saved.kann.json"));
        window.waitForAnalysis();
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors[0][1].toString().contains("never-saved.kann.json"));
        QVERIFY(!window.selection()->exploration());
    }

    // kann export's strict restore: a changed file stops it before anything runs.
    void refusingChangedFilesRunsNothing() {
        const QString saved = savedThenChanged("strict.kann.json", 5);
        MainWindow window;
        QSignalSpy errors(&window, &MainWindow::errorShown);
        QSignalSpy started(window.runner(), &AnalysisRunner::started);
        window.restoreExploration(saved, MainWindow::ChangedFiles::Refuse);
        window.waitForAnalysis();
        QCOMPARE(errors.count(), 1);
        const QString message = errors[0][1].toString();
        QVERIFY2(message.contains("states.npy") && message.contains("changed"), qPrintable(message));
        QCOMPARE(started.count(), 0);
    }

    // Saving and reopening return at once: the SHA-256 of the files is computed on a worker.
    void saveAndRestoreHashOffTheGuiThread() {
        const QString saved = dir.filePath("background.kann.json");
        MainWindow window;
        window.run(statesSpec());
        window.waitForAnalysis();
        window.saveExploration(saved);
        QVERIFY(window.fileRunner()->isRunning());
        window.waitForAnalysis();
        QVERIFY(QFile::exists(saved));
        window.restoreExploration(saved);
        QVERIFY(window.fileRunner()->isRunning());
        QVERIFY(!window.runner()->isRunning());  // the analysis waits for the files to be checked
        window.waitForAnalysis();
        QVERIFY(window.selection()->exploration());
    }

    // A checkpoint of 96 MB takes a while to hash; the event loop keeps turning meanwhile.
    void hashingALargeFileKeepsTheWindowResponsive() {
        QFile big(dir.filePath("big-model.pt"));
        QVERIFY(big.open(QIODevice::WriteOnly));
        const QByteArray block(1 << 20, 'x');
        for (int i = 0; i < 96; ++i) big.write(block);
        big.close();
        SourceSpec spec = statesSpec();
        spec.modelPath = big.fileName().toStdString();
        ExplorationFileRunner files;
        QSignalSpy saved(&files, &ExplorationFileRunner::finished);
        int ticksWhileHashing = 0;
        QTimer tick;
        connect(&tick, &QTimer::timeout, [&] { ticksWhileHashing += files.isRunning(); });
        tick.start(5);
        files.save(spec, -1, -1, {}, dir.filePath("big.kann.json"));
        QVERIFY(saved.wait(60000));
        QVERIFY2(ticksWhileHashing >= 2, qPrintable(QString::number(ticksWhileHashing)));
    }

    void savingWithoutAnExplorationIsReported() {
        MainWindow window;
        QSignalSpy errors(&window, &MainWindow::errorShown);
        window.saveExploration(dir.filePath("nothing.kann.json"));
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors[0][1].toString().contains("run an analysis first"));
    }

    void unknownDemoIsReported() {
        MainWindow window;
        QSignalSpy errors(&window, &MainWindow::errorShown);
        QVERIFY(!window.openDemo("nonexistent"));
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors[0][1].toString().contains("nonexistent"));
    }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
