// "Remove this mode" in the studio: it runs core's ablation off the GUI thread for the selected
// mode, the Trust tab gets a bar for it and its control (core's numbers, the same seeds), the text
// view the prediction after, and Cancel leaves nothing behind.
#include "core/insight/mode_ablation.h"
#include "ui/base/selection_model.h"
#include "ui/runners/ablation_runner.h"
#include "ui/views/removal_view.h"
#include "ui/views/text_inspector.h"
#include "ui/views/trust_view.h"
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
