// Titles and subtitles of every plot wrap at the width the plot gives them, and take the height of
// their lines, so a narrow plot (a laptop with the source panel open) shows them whole.
#include "ui/base/plot_style.h"

#include <QtTest>

using namespace kann::ui;

class PlotStyleTest : public QObject {
    Q_OBJECT

    // The lines `element` needs at its own width.
    static int linesNeeded(const QCPTextElement* element) {
        const QFontMetrics metrics(element->font());
        const QRect wrapped = metrics.boundingRect(0, 0, element->outerRect().width(), 100000,
                                                   Qt::AlignCenter | Qt::TextWordWrap, element->text());
        return wrapped.height() / metrics.lineSpacing();
    }

    static void laidOutAt(QCustomPlot& plot, int width) {
        plot.resize(width, 400);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replot();
        QApplication::processEvents();  // the replot a change of width asks for
        plot.replot();
    }

private slots:
    void aTitleWrapsOnANarrowPlotAndStaysOneLineOnAWideOne() {
        QCustomPlot plot;
        plot_style::apply(&plot);
        QCPTextElement* title = plot_style::addTitle(&plot, "Lexicon check: do a mode's kicks pick out opinion words?");
        QCPTextElement* subtitle = plot_style::addSubtitle(&plot, "18338 words seen at least 3 times in the batch, 3369 of them in the lexicon");
        for (int width : {1000, 260}) {
            laidOutAt(plot, width);
            for (QCPTextElement* element : {title, subtitle}) {
                QVERIFY2(element->outerRect().width() <= width, qPrintable(element->text()));
                const int lines = linesNeeded(element);
                QCOMPARE(lines > 1, width < 500);
                // Its row is as tall as its lines, so nothing overlaps the row under it.
                QVERIFY(element->outerRect().height() >= lines * QFontMetrics(element->font()).lineSpacing());
            }
            QVERIFY(title->outerRect().bottom() <= subtitle->outerRect().top());
            QVERIFY(subtitle->outerRect().bottom() <= plot.axisRect()->outerRect().top());
        }
    }
};

QTEST_MAIN(PlotStyleTest)
#include "plot_style_test.moc"
