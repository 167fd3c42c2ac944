// The studio on a streamed fit of every sequence: the views draw one page, φ computed on demand
// equal to the run that held the states, Next/Previous and "go to" across the whole batch, and the
// options of the run reopened from recent files and saved explorations.
#include "core/pipeline/exploration_page.h"
#include "core/pipeline/option_schema.h"
#include "ui/base/selection_model.h"
#include "ui/panels/page_bar.h"
#include "ui/panels/source_panel.h"
#include "ui/runners/analysis_runner.h"
#include "ui/runners/insight_runner.h"
#include "ui/runners/page_runner.h"
#include "ui/views/mode_heatmap.h"
#include "ui/views/text_inspector.h"
#include "ui/window/main_window.h"
#include "ui/window/recent_files.h"
#include "ui_test_support.h"

#include <QAction>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSettings>
#include <QStandardPaths>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace kann;
using namespace kann::ui;

namespace {

// Every one of 70 reviews of 6 to 75 words, streamed: two pages, of 64 and 6.
SourceSpec everySequence() {
    static const QTemporaryDir folder;
    SourceSpec spec = test::sentimentFixture(folder.path(), 70);
    spec.selection.count = 0;
    spec.stream = StreamMode::On;
    return spec;
}

// Waits for the page asked for (built in the background, or kept) to be on display.
bool waitForSequence(MainWindow& window, int sequence) {
    return QTest::qWaitFor([&] { return window.selection()->sequence() == sequence; }, 30000);
}

QString reviewPosition(MainWindow& window) {
    return window.textInspector()->findChild<QLabel*>("reviewPosition")->text();
}

}  // namespace

class PagedExplorationTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir;

    // A word list of the fixture's opinion words.
    QString wordList() const {
        const QString list = dir.filePath("words.txt");
        QFile file(list);
        if (file.open(QIODevice::WriteOnly | QIODevice::Text)) file.write("good\ngreat\nfun\nbad\nawful\ndull\n");
        return list;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // recent files and settings of the test's own
        QSettings().remove("recent");
    }

    void theViewsDrawAPageOfTheStreamedFit() {
        MainWindow window;
        window.show();
        window.run(everySequence());
        window.waitForAnalysis();
        SelectionModel* s = window.selection();
        QVERIFY(s->isPaged());
        QVERIFY(s->sharedWhole()->result.streamed);
        QCOMPARE(s->sharedWhole()->states.batch, 0);  // the whole batch's states are never held
        QCOMPARE(s->sequenceCount(), 70);
        QCOMPARE(s->pageStarts(), (std::vector<int>{0, 64}));
        QCOMPARE(s->exploration()->result.batch, 64);
        QVERIFY(window.pageBar()->isVisible());
        QVERIFY2(window.pageBar()->pageText().startsWith("Sequences 1–64 of 70"), qPrintable(window.pageBar()->pageText()));
        QVERIFY(!window.pageBar()->previousButton()->isEnabled());

        // φ on demand: the page's |φ| of the selected mode is the held run's, row for row.
        SourceSpec held = everySequence();
        held.stream = StreamMode::Off;
        held.analysis.tabulateModes = true;
        const Exploration all = runExploration(held);
        const int j = s->mode();
        const RowMatrixXf page = modeMagnitude(s->exploration()->result, j), whole = modeMagnitude(all.result, j);
        for (int b = 0; b < 64; ++b) {
            const int n = all.result.lengths[b];
            QVERIFY(page.row(b).head(n).isApprox(whole.row(b).head(n), 1e-5f));
        }
    }

    void nextPreviousAndGoToCrossTheWholeBatch() {
        MainWindow window;
        window.show();
        window.run(everySequence());
        window.waitForAnalysis();
        window.showTab("heatmap");
        SelectionModel* s = window.selection();
        PageBar* bar = window.pageBar();

        bar->nextButton()->click();
        QVERIFY(waitForSequence(window, 64));
        QCOMPARE(s->exploration()->pageStart, 64);
        QCOMPARE(s->exploration()->result.batch, 6);
        QVERIFY2(bar->pageText() == "Sequences 65–70 of 70", qPrintable(bar->pageText()));
        QVERIFY(!bar->nextButton()->isEnabled());
        QCOMPARE(window.heatmap()->markedRow(), 65);
        QVERIFY2(reviewPosition(window).startsWith("Review 65 / 70"), qPrintable(reviewPosition(window)));

        // Back across the page boundary one sequence at a time, then the kept first page at once.
        s->stepReview(-1);
        QVERIFY(waitForSequence(window, 63));
        QCOMPARE(s->review(), 63);
        QCOMPARE(window.heatmap()->markedRow(), 64);
        bar->goTo()->setValue(70);
        QVERIFY(waitForSequence(window, 69));
        QCOMPARE(s->review(), 5);
        bar->goTo()->setValue(3);
        QCOMPARE(s->sequence(), 2);  // kept: no wait

        // Bounds: the spin box holds 1..70, and a sequence past either end goes to that end.
        QCOMPARE(bar->goTo()->minimum(), 1);
        QCOMPARE(bar->goTo()->maximum(), 70);
        s->showSequence(-5);
        QCOMPARE(s->sequence(), 0);
        s->showSequence(1000);
        QVERIFY(waitForSequence(window, 69));
        s->stepPage(+1);
        QCOMPARE(s->sequence(), 69);
        s->stepPage(-1);
        QVERIFY(waitForSequence(window, 0));
        QVERIFY(window.pageRunner()->kept(0) && window.pageRunner()->kept(64));
    }

    // The trust and meaning figures of a streamed run come from the run's own passes over the batch
    // (moments, modes, insight, once each): no second analysis runs for them, and they are there
    // when the spectrum is. A word list loaded later passes over the batch again, on the bar.
    void trustAndMeaningComeWithTheStreamedFit() {
        MainWindow window;
        QSignalSpy insightRuns(window.insightRunner(), &InsightRunner::started);
        QStringList stages;
        connect(window.runner(), &AnalysisRunner::progress, this, [&stages](int, const QString& stage) {
            if (stages.isEmpty() || stages.back() != stage) stages << stage;
        });
        bool readyWithTheFit = false;
        connect(&window, &MainWindow::explorationShown, this, [&] { readyWithTheFit = window.selection()->insight(); });
        window.run(everySequence());
        window.waitForAnalysis();
        QVERIFY(readyWithTheFit);
        QCOMPARE(insightRuns.count(), 0);
        QCOMPARE(stages.filter("moments").size(), 1);
        QCOMPARE(stages.filter("modes").size(), 1);
        QCOMPARE(stages.filter("insight").size(), 1);
        const StudioInsight* insight = window.selection()->insight();
        QVERIFY(insight && insight->exploration == window.selection()->sharedWhole());

        // The figures equal core's streamed insight of the same source.
        SourceSpec spec = everySequence();
        spec.analysis.tabulateModes = true;
        const Insight truth = insightOfSource(spec, InsightOptions{});
        QCOMPARE(insight->report.prediction.starts, truth.report.prediction.starts);
        QCOMPARE(insight->report.prediction.relativeError.size(), truth.report.prediction.relativeError.size());
        for (std::size_t h = 0; h < truth.report.prediction.relativeError.size(); ++h)
            QVERIFY(std::abs(insight->report.prediction.relativeError[h] - truth.report.prediction.relativeError[h]) <= 1e-9);
        QVERIFY(insight->report.ranking && truth.report.ranking);
        QCOMPARE(insight->report.ranking->byAuc, truth.report.ranking->byAuc);

        // A word list loaded afterwards: one more run of the insight, over the whole batch.
        const QString list = wordList();
        window.useWordLists({list});
        QVERIFY(window.selection()->insight());  // the figures shown stay while the pass runs
        QVERIFY(window.sourcePanel()->findChild<QPushButton*>("cancelRun")->isEnabled());
        window.waitForAnalysis();
        QCOMPARE(insightRuns.count(), 1);
        QCOMPARE(window.selection()->insight()->lexiconPaths, QStringList{list});
        QVERIFY(window.selection()->insight()->exploration == window.selection()->sharedWhole());
    }

    // Every sequence has no next batch: the comparison is with a fit on the second half, its
    // eigenvalues those of that half fitted alone.
    void theComparisonOfEverySequenceIsWithTheSecondHalf() {
        MainWindow window;
        window.run(everySequence());
        window.waitForAnalysis();
        const QList<QAction*> actions = window.findChildren<QAction*>();
        QVERIFY(std::any_of(actions.begin(), actions.end(), [](QAction* a) { return a->text() == "Compare with a fit on the second &half"; }));
        window.compareWithNextBatch();
        window.waitForAnalysis();
        const SpectrumComparison* c = window.selection()->comparison();
        QVERIFY(c);
        QCOMPARE(c->spec.selection.offset, 35);
        QCOMPARE(c->spec.selection.count, 0);
        QVERIFY2(c->label.startsWith("second half (sequences 36–70)"), qPrintable(c->label));
        SourceSpec half = everySequence();
        half.selection.offset = 35;
        const Exploration alone = runAnalysis(half);
        QCOMPARE(alone.result.batch, 35);
        QCOMPARE(c->overlay.second.eigenvalues.size(), alone.result.eigenvalues.size());
        for (Eigen::Index j = 0; j < alone.result.eigenvalues.size(); ++j)
            QVERIFY(std::abs(c->overlay.second.eigenvalues(j) - alone.result.eigenvalues(j)) < 1e-9);
    }

    // A page built ahead (the next page, prefetched) and then asked for is shown when that one
    // build arrives, not built again; a request for another page replaces it.
    void aRequestJoinsThePageBeingBuiltAhead() {
        auto whole = std::make_shared<const Exploration>(runAnalysis(everySequence()));
        auto first = std::make_shared<const Exploration>(explorationPage(*whole, 0, 64));
        PageRunner pager;
        pager.setWhole(whole, first);
        QSignalSpy building(&pager, &PageRunner::building), ready(&pager, &PageRunner::ready);
        pager.prefetch(64, 6);
        pager.request(64, 6, 2);
        QVERIFY(ready.wait(30000));
        QCOMPARE(building.count(), 1);
        QCOMPARE(ready.count(), 1);
        QCOMPARE(ready.front().at(0).value<std::shared_ptr<const Exploration>>()->pageStart, 64);
        QCOMPARE(ready.front().at(1).toInt(), 2);

        // Built ahead and another page asked for: that one is built, and only it is shown.
        pager.setWhole(whole, first);
        building.clear();
        ready.clear();
        pager.prefetch(64, 6);
        pager.request(32, 6, 1);
        QVERIFY(ready.wait(30000));
        pager.wait();
        QCOMPARE(building.count(), 2);
        QCOMPARE(ready.count(), 1);
        QCOMPARE(ready.front().at(0).value<std::shared_ptr<const Exploration>>()->pageStart, 32);
        QVERIFY(!pager.kept(64));
    }

    void aHeldRunIsNotPaged() {
        MainWindow window;
        SourceSpec spec = everySequence();
        spec.stream = StreamMode::Auto;  // 70 short reviews are far within the budget
        window.run(spec);
        window.waitForAnalysis();
        QVERIFY(!window.selection()->isPaged());
        QCOMPARE(window.selection()->reviewCount(), 70);
        QVERIFY(window.pageBar()->isHidden());
    }

    void everySequenceReopensFromASavedExplorationAndARecentFile() {
        const QString saved = dir.filePath("all.kann");
        {
            MainWindow window;
            window.run(everySequence());
            window.waitForAnalysis();
            window.selection()->showSequence(66);
            QVERIFY(waitForSequence(window, 66));
            window.useWordLists({wordList()});
            window.waitForAnalysis();
            QSignalSpy written(&window, &MainWindow::explorationSaved);
            window.saveExploration(saved);
            window.waitForAnalysis();
            QCOMPARE(written.count(), 1);
            const OptionValues recent = window.recentFiles()->optionsOf(QString::fromStdString(everySequence().dataPath));
            QCOMPARE(recent.at("batch"), std::string("0"));
            QCOMPARE(recent.at("stream"), std::string("on"));
        }
        MainWindow window;
        QSignalSpy insightRuns(window.insightRunner(), &InsightRunner::started);
        window.restoreExploration(saved);
        window.waitForAnalysis();
        QVERIFY(waitForSequence(window, 66));
        // The saved word list was checked on the reopened run's own passes: no run of its own.
        QCOMPARE(insightRuns.count(), 0);
        QCOMPARE(window.selection()->insight()->lexiconPaths, QStringList{wordList()});
        QVERIFY(window.selection()->isPaged());
        QCOMPARE(window.selection()->sharedWhole()->spec.selection.count, 0);
        QCOMPARE(window.selection()->sharedWhole()->spec.stream, StreamMode::On);
    }
};

QTEST_MAIN(PagedExplorationTest)
#include "paged_exploration_test.moc"
