// "Remove this mode" in the studio: it runs core's ablation off the GUI thread for the selected
// mode, the Trust tab gets a bar for it and its control (core's numbers, the same seeds), the text
// view the prediction after, and Cancel leaves nothing behind.
#include "core/insight/mode_ablation.h"
#include "core/pipeline/reconstruction_rmse.h"
#include "core/io/npy.h"
#include "ui/base/selection_model.h"
#include "ui/runners/ablation_runner.h"
#include "ui/views/removal_view.h"
#include "ui/views/text_inspector.h"
#include "ui/views/trust_view.h"
#include "ui/views/waveform_inspector.h"
#include "ui/window/main_window.h"
#include "ui_test_support.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace kann;
using namespace kann::ui;

class ModeRemovalTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir;

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void removingTheSelectedModeShowsItsEffectAgainstTheControl() {
        MainWindow window;
        test::showAnalysed(window, test::sentimentFixture(dir.path()));
        SelectionModel* selection = window.selection();
        RemovalView* view = window.trustView()->removalView();
        QCOMPARE(view->removals(), 0);
        QVERIFY(view->removeButton()->isEnabled());
        // A conjugate pair goes together, and the button says so.
        int pair = -1;
        for (int j : selection->dominanceOrder())
            if (selection->exploration()->result.partner[j] >= 0 && pair < 0) pair = j;
        QVERIFY(pair >= 0);
        selection->selectMode(pair);
        QVERIFY(view->removeButton()->text().contains(QStringLiteral("λ%1").arg(selection->partner())));

        QSignalSpy done(window.ablationRunner(), &AblationRunner::finished);
        view->removeButton()->click();
        QVERIFY(!view->cancelButton()->isHidden());
        QVERIFY(!view->removeButton()->isEnabled());
        QVERIFY(done.wait(60000));
        QVERIFY(view->cancelButton()->isHidden());
        QCOMPARE(view->removals(), 1);
        QCOMPARE(int(selection->ablations().size()), 1);

        // The bars are core's figures for the same removal, computed here independently.
        const AblationReport truth = ablateModes(*selection->exploration(), {{pair}});
        const Ablation& shown = selection->ablations().front()->ablation();
        QCOMPARE(shown.modes, truth.ablations.front().modes);
        QCOMPARE(int(shown.modes.size()), 2);
        auto bars = [&](int i) { return qobject_cast<QCPBars*>(view->plot()->plottable(i))->data()->at(0)->value; };
        QCOMPARE(bars(0), truth.ablations.front().removed.meanAbsDeltaOutput);
        QCOMPARE(bars(1), truth.ablations.front().control.meanAbsDeltaOutput);

        // The text view: the review's prediction, then the prediction without the pair.
        QLabel* verdict = nullptr;
        for (QLabel* l : window.findChild<TextInspector*>()->findChildren<QLabel*>())
            if (l->text().contains("prediction:")) verdict = l;
        QVERIFY(verdict);
        QVERIFY2(verdict->text().contains(QStringLiteral("without λ%1 and λ%2").arg(shown.modes[0]).arg(shown.modes[1])),
                 qPrintable(verdict->text()));

        // The same mode again replaces its bar; another mode adds one.
        view->removeButton()->click();
        QVERIFY(done.wait(60000));
        QCOMPARE(view->removals(), 1);
        selection->selectMode(selection->dominanceOrder().front() == pair ? selection->dominanceOrder()[2]
                                                                          : selection->dominanceOrder().front());
        view->removeButton()->click();
        QVERIFY(done.wait(60000));
        QCOMPARE(view->removals(), 2);
    }

    // An autoencoder: the series view shows the beat decoded before the removal (PyTorch's own
    // decoding of it) and after (core's ablation), each with its error.
    void removingAModeOfAnAutoencoderShowsTheDecodingBeforeAndAfter() {
        MainWindow window;
        window.show();
        SourceSpec spec;
        spec.modelPath = KANN_FIXTURES "/torch/ecg_gru.pt";
        spec.dataPath = KANN_FIXTURES "/torch/ecg_gru_x.npy";  // three beats, all 14 steps read
        window.run(spec);
        window.waitForAnalysis();
        SelectionModel* selection = window.selection();
        selection->selectMode(selection->dominanceOrder().front());
        selection->setReview(1);
        WaveformInspector* waveform = window.waveformInspector();
        auto graph = [&](const QString& name) -> QCPGraph* {
            for (int i = 0; i < waveform->seriesPlot()->graphCount(); ++i)
                if (waveform->seriesPlot()->graph(i)->name().startsWith(name)) return waveform->seriesPlot()->graph(i);
            return nullptr;
        };
        QVERIFY(graph("decoded") && !graph("decoded")->visible());  // nothing removed yet
        QSignalSpy done(window.ablationRunner(), &AblationRunner::finished);
        window.removeSelectedMode();
        QVERIFY(done.wait(60000));

        const Ablation& removed = selection->ablations().back()->ablation();
        QCPGraph* after = graph("without " + modesText(removed.modes));
        QVERIFY(graph("decoded")->visible() && after && after->visible());
        const std::vector<float> torch = readNpy(KANN_FIXTURES "/torch/ecg_gru_decoded.npy").toFloat();
        const AblationReport truth = ablateModes(*selection->exploration(), {removed.modes});
        const int time = 14;
        QCOMPARE(graph("decoded")->dataCount(), time);
        for (int t = 0; t < time; ++t) {
            QVERIFY(std::abs(graph("decoded")->data()->at(t)->value - torch[time + t]) < 1e-5);
            QCOMPARE(after->data()->at(t)->value, double(truth.ablations.front().outputs(1, t)));
        }
        // Each curve's error is in its name.
        const Exploration& e = *selection->exploration();
        QCOMPARE(graph("decoded")->name(),
                 QStringLiteral("decoded · RMSE %1").arg(decodingRmse(e.input, truth.outputsBefore, 1), 0, 'g', 3));
        QCOMPARE(after->name(), QStringLiteral("without %1 · RMSE %2")
                                    .arg(modesText(removed.modes))
                                    .arg(decodingRmse(e.input, truth.ablations.front().outputs, 1), 0, 'g', 3));
    }

    // A streamed fit of every review: the removal runs over the whole batch (core's figures of the
    // held batch, to float32 unroll rounding) and stays when another page is shown, whose reviews
    // show their prediction after it.
    void removingAModeOfAStreamedFitCoversEveryReview() {
        MainWindow window;
        SourceSpec spec = test::sentimentFixture(dir.path(), 70);
        spec.selection.count = 0;
        spec.stream = StreamMode::On;
        test::showAnalysed(window, spec);
        SelectionModel* selection = window.selection();
        QVERIFY(selection->isPaged());
        QCOMPARE(selection->exploration()->result.batch, 64);
        QSignalSpy done(window.ablationRunner(), &AblationRunner::finished);
        window.removeSelectedMode();
        QVERIFY(done.wait(60000));
        const Ablation& removed = selection->ablations().back()->ablation();
        QCOMPARE(int(removed.outputs.rows()), 70);

        SourceSpec held = spec;
        held.stream = StreamMode::Off;
        const AblationReport truth = ablateModes(runExploration(held), {removed.modes});
        const double expected = truth.ablations.front().removed.meanAbsDeltaOutput;
        QVERIFY(std::abs(removed.removed.meanAbsDeltaOutput - expected) < 1e-4 * expected);

        selection->showSequence(66);
        QVERIFY(QTest::qWaitFor([&] { return selection->sequence() == 66; }, 30000));
        QCOMPARE(int(selection->ablations().size()), 1);
        QLabel* verdict = nullptr;
        for (QLabel* l : window.findChild<TextInspector*>()->findChildren<QLabel*>())
            if (l->text().contains("prediction:")) verdict = l;
        QVERIFY(verdict);
        QVERIFY2(verdict->text().contains(QStringLiteral("without %1").arg(modesText(removed.modes))), qPrintable(verdict->text()));
    }

    void cancelLeavesNoBar() {
        MainWindow window;
        test::showAnalysed(window, test::sentimentFixture(dir.path()));
        RemovalView* view = window.trustView()->removalView();
        QSignalSpy cancelled(window.ablationRunner(), &AblationRunner::cancelled);
        QSignalSpy done(window.ablationRunner(), &AblationRunner::finished);
        window.removeSelectedMode();
        view->cancelButton()->click();
        window.ablationRunner()->wait();
        // A run too quick to be cancelled finishes instead; either way the view is idle again.
        QCOMPARE(cancelled.count() + done.count(), 1);
        QCOMPARE(view->removals(), done.count());
        QVERIFY(view->cancelButton()->isHidden());
        QVERIFY(view->removeButton()->isEnabled());
    }
};

QTEST_MAIN(ModeRemovalTest)
#include "mode_removal_test.moc"
