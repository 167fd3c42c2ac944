// The heat map and the other views number sequences alike, from 1; a click on a row shows that
// sequence everywhere, and hovering a cell names its sequence, step and word.
#include "ui/views/mode_heatmap.h"
#include "ui/views/mode_timeline.h"
#include "ui/base/selection_model.h"
#include "ui/views/text_inspector.h"
#include "ui_test_support.h"

#include <QLabel>
#include <QtTest>

using namespace kann;
using namespace kann::ui;

class ModeHeatmapTest : public QObject {
    Q_OBJECT

    SelectionModel selection;

    static QString titleOf(QCustomPlot* plot) {
        auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->element(0, 0));
        return title ? title->text() : QString();
    }

private slots:
    void initTestCase() { selection.setExploration(test::textExploration({12, 20, 16, 14})); }

    void everyViewNumbersTheSequenceFromOne() {
        ModeHeatmap heatmap(&selection);
        ModeTimeline timeline(&selection);
        TextInspector text(&selection);
        for (QWidget* w : std::initializer_list<QWidget*>{&heatmap, &timeline, &text}) {
            w->resize(700, 500);
            w->show();
        }
        selection.setReview(2);
        QApplication::processEvents();
        QCOMPARE(heatmap.markedRow(), 3);
        QVERIFY2(titleOf(&timeline).contains("sequence 3"), qPrintable(titleOf(&timeline)));
        QVERIFY(text.findChild<QLabel*>("reviewPosition")->text().startsWith("Review 3 /"));
        // The axis labels the rows as they are numbered: row 3's tick sits on the outline.
        heatmap.replot();
        QCOMPARE(qRound(heatmap.yAxis->pixelToCoord(heatmap.pixelOfSequence(2).y())), 3);
    }

    void clickingARowShowsThatSequence() {
        ModeHeatmap heatmap(&selection);
        heatmap.resize(700, 500);
        heatmap.show();
        QVERIFY(QTest::qWaitForWindowExposed(&heatmap));
        selection.setReview(0);
        heatmap.replot();
        const QPoint row = (heatmap.pixelOfSequence(3) + QPointF(20, 0)).toPoint();
        QCOMPARE(heatmap.sequenceAt(row), 3);
        QTest::mouseClick(&heatmap, Qt::LeftButton, Qt::NoModifier, row);
        QCOMPARE(selection.review(), 3);
        QCOMPARE(heatmap.markedRow(), 4);
        QCOMPARE(heatmap.sequenceAt(QPoint(1, 1)), -1);  // outside the map
    }
};

QTEST_MAIN(ModeHeatmapTest)
#include "mode_heatmap_test.moc"
