// The insight worker and the views that show it: the table's label-AUC column holds rankModes'
// values and names the best modes, the meaning tab shows the lexicon check of a word list, and a
// second start replaces the first without a stale result reaching the window.
#include "core/insight/insight_report.h"
#include "core/insight/mode_ranking.h"
#include "ui/views/eigen_table.h"
#include "ui/runners/insight_runner.h"
#include "ui/views/meaning_view.h"
#include "ui/base/selection_model.h"
#include "ui_test_support.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace kann;
using namespace kann::ui;

class InsightRunnerTest : public QObject {
    Q_OBJECT

    // Runs the insight of `e` to the end and puts it on `selection`.
    static void computeInsight(SelectionModel& selection, const QStringList& lexicon = {}) {
        InsightRunner runner;
        runner.onFinished(&selection, &SelectionModel::setInsight);
        runner.start(selection.sharedExploration(), lexicon);
        runner.wait();
        QVERIFY(selection.insight());
    }

    // opinion.txt in `dir`, holding `lines`.
    static QString wordList(const QTemporaryDir& dir, const char* lines) {
        const QString list = dir.filePath("opinion.txt");
        QFile file(list);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) qFatal("cannot write %s", qPrintable(list));
        file.write(lines);
        return list;
    }

    // A longer text batch with two labels, so the ranking has both sides.
    static std::shared_ptr<const Exploration> labelledText() {
        return test::textExploration({12, 20, 16, 24, 18, 14, 22, 26});
    }

private slots:
    void tableHoldsTheRankingsAuc() {
        SelectionModel selection;
        EigenTable table(&selection);
        table.resize(1400, 400);  // wide enough that no column steps aside
        table.show();
        const auto e = labelledText();
        selection.setExploration(e);
        QVERIFY(table.isColumnHidden(EigenTableModel::LabelAuc));  // no insight yet: no meaning
        computeInsight(selection);
        QTRY_VERIFY(!table.isColumnHidden(EigenTableModel::LabelAuc));  // the columns are fitted on the next turn

        const ModeRanking truth = rankModes(*e);
        QAbstractItemModel* model = table.model();
        for (int row = 0; row < model->rowCount(); ++row) {
            const int mode = table.modeAtRow(row);
            const double shown = model->index(row, EigenTableModel::LabelAuc).data(Qt::UserRole).toDouble();
            QCOMPARE(shown, truth.scores[mode].auc);
            const QString text = model->index(row, EigenTableModel::LabelAuc).data().toString();
            QCOMPARE(text, QString::number(truth.scores[mode].auc, 'f', 3));
            const QString tag = model->index(row, EigenTableModel::Tag).data().toString();
            QCOMPARE(tag.startsWith("+") && tag.contains("best"), mode == truth.bestPositive);
            QCOMPARE(tag.startsWith("−") && tag.contains("best"), mode == truth.bestNegative);
            // The others lean one way only beyond 0.6 / 0.4.
            if (!tag.contains("best")) QCOMPARE(tag.startsWith("+"), truth.scores[mode].auc >= 0.6);
            QCOMPARE(model->index(row, EigenTableModel::Lambda).data(Qt::FontRole).value<QFont>().bold(),
                     mode == truth.bestPositive || mode == truth.bestNegative);
        }
        // No readout in this batch: the correlation column stays hidden.
        QVERIFY(table.isColumnHidden(EigenTableModel::LogitCorrelation));
    }

    void meaningTabShowsTheLexiconCheckOfAWordList() {
        QTemporaryDir dir;
        const QString list = wordList(dir, "; a comment line, as in Hu & Liu\nexcellent\nsuperb\nawful\nwaste\n");

        SelectionModel selection;
        MeaningView view(&selection);
        view.show();
        selection.setExploration(labelledText());
        QCOMPARE(view.barCount(), 0);
        computeInsight(selection, {list});
        const auto& check = selection.insight()->report.lexicon;
        QVERIFY(check.has_value());
        // One bar per checked mode plus the ‖Δh‖ baseline (no readout: no logit baseline).
        QCOMPARE(view.barCount(), int(check->modes.size()) + 1);
        QVERIFY(check->lexiconWords > 0);
        QVERIFY(selection.insight()->lexiconSource.contains("opinion.txt"));
        QVERIFY2(view.endsText().contains("positive end"), qPrintable(view.endsText()));
    }

    // A streamed fit of every review: its Meaning tab shows the lexicon check and the ends, the
    // held fit's own, from the word sums of the streamed pass.
    void meaningTabOfAStreamedFitShowsTheLexiconCheck() {
        QTemporaryDir dir;
        const QString list = wordList(dir, "good\ngreat\nbad\nawful\ndull\nfun\n");
        SourceSpec spec = test::sentimentFixture(dir.path(), 30);
        spec.selection.count = 0;
        spec.stream = StreamMode::On;
        SelectionModel selection;
        MeaningView view(&selection);
        view.show();
        selection.setExploration(std::make_shared<const Exploration>(runAnalysis(spec)));
        QVERIFY(selection.sharedExploration()->result.streamed);
        computeInsight(selection, {list});
        const auto& check = selection.insight()->report.lexicon;
        QVERIFY2(check.has_value(), qPrintable(selection.insight()->lexiconSource));
        QCOMPARE(view.barCount(), int(check->modes.size()) + 2);  // the readout's logit baseline too
        QVERIFY(selection.insight()->lexiconSource.contains("opinion.txt"));
        QVERIFY2(view.endsText().contains("positive end"), qPrintable(view.endsText()));

        spec.stream = StreamMode::Off;
        InsightOptions options;
        options.lexicon = readLexicon({list.toStdString()});
        const InsightReport held = runInsight(runExploration(spec), options);
        QVERIFY(held.lexicon && held.ends);
        QCOMPARE(check->modes, held.lexicon->modes);
        QCOMPARE(check->words.size(), held.lexicon->words.size());
        for (std::size_t m = 0; m < check->modes.size(); ++m)
            QVERIFY(std::abs(check->modeAuc[m] - held.lexicon->modeAuc[m]) <= 1e-9);
        const SignedEnds& ends = *selection.insight()->report.ends;
        QCOMPARE(ends.mode, held.ends->mode);
        for (std::size_t w = 0; w < ends.top.size(); ++w) QCOMPARE(ends.top[w].word, held.ends->top[w].word);
    }

    // Without a word list the lexicon plot shows its message alone, on lines that fit the plot:
    // no empty axes, no legend of absent bars, no chance line through the words.
    void withoutAWordListTheLexiconPlotShowsOnlyItsMessage() {
        SelectionModel selection;
        MeaningView view(&selection);
        view.resize(520, 600);
        view.show();
        selection.setExploration(labelledText());
        computeInsight(selection);
        QVERIFY(!selection.insight()->report.lexicon);
        auto* plot = view.findChild<QCustomPlot*>();
        QVERIFY(plot);
        plot->replot();
        const QCPItemText* message = nullptr;
        for (QCPItemText* text : plot->findChildren<QCPItemText*>())
            if (text->visible() && text->text().startsWith("No lexicon check")) message = text;
        QVERIFY(message);
        for (const QString& line : message->text().split('\n'))
            QVERIFY2(QFontMetrics(message->font()).horizontalAdvance(line) <= plot->width(), qPrintable(line));
        for (QCPAxis* axis : plot->axisRect()->axes()) QVERIFY(!axis->visible());
        QVERIFY(!plot->legend->visible());
        for (QCPAbstractItem* item : plot->findChildren<QCPAbstractItem*>())
            QVERIFY2(item == message || !item->visible(), item->metaObject()->className());
    }

    void unreadableWordListIsReportedAndTheRestComputed() {
        SelectionModel selection;
        selection.setExploration(labelledText());
        computeInsight(selection, {"/nonexistent/words.txt"});
        QVERIFY(selection.insight()->lexiconError.contains("/nonexistent/words.txt"));
        QVERIFY(!selection.insight()->report.lexicon);
        QVERIFY(!selection.insight()->report.prediction.relativeError.empty());
    }

    void aSecondStartReplacesTheFirst() {
        SelectionModel selection;
        InsightRunner runner;
        std::vector<std::shared_ptr<const StudioInsight>> finished;
        runner.onFinished(&runner, [&finished](std::shared_ptr<const StudioInsight> i) { finished.push_back(i); });
        const auto first = labelledText(), second = test::seriesExploration();
        runner.start(first, {});
        runner.start(second, {});
        runner.wait();
        QCOMPARE(int(finished.size()), 1);
        const auto insight = finished[0];
        QCOMPARE(insight->exploration, second);
        // An insight computed for another exploration never reaches the views.
        selection.setExploration(first);
        selection.setInsight(insight);
        QVERIFY(!selection.insight());
    }
};

QTEST_MAIN(InsightRunnerTest)
#include "insight_runner_test.moc"
