// The fixed-points tab on a real GRU: brought to the front it searches off the GUI thread, shows
// the points, and the selected point's Jacobian eigenvalues appear on the Koopman spectrum (and
// leave it when the overlay is switched off); saved states cannot be searched and it says why.
#include "core/io/npy.h"
#include "ui/window/main_window.h"
#include "ui/base/selection_model.h"
#include "ui/views/spectrum_view.h"
#include "ui/runners/fixed_points_runner.h"
#include "ui/views/fixed_points_view.h"
#include "ui_test_support.h"

#include <QCheckBox>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace kann;
using namespace kann::ui;

class FixedPointsViewTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir;

    static SourceSpec gruOnSeries() {
        SourceSpec spec;
        spec.modelPath = KANN_FIXTURES "/torch/ecg_gru.pt";
        spec.dataPath = KANN_FIXTURES "/series/label_last.arff";
        return spec;
    }

    // The GRU on series analysed in a shown window, and its Fixed points tab brought forward and
    // searched; null when the tab could not be shown.
    static FixedPointsView* searchedFixedPoints(MainWindow& window) {
        test::showAnalysed(window, gruOnSeries());
        if (!window.showTab("fixed-points")) return nullptr;
        window.waitForAnalysis();
        return window.fixedPoints();
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void selectedPointsJacobianIsOverlaidOnTheSpectrum() {
        MainWindow window;
        FixedPointsView* view = searchedFixedPoints(window);
        QVERIFY(view);
        QVERIFY(view->pointCount() > 0);
        QCOMPARE(view->selectedPoint(), 0);
        const int stateDim = window.selection()->exploration()->network->info().stateDim;
        QCOMPARE(view->overlayMarkers(), stateDim);
        QVERIFY2(view->alignmentText().contains("dominant real Koopman mode"), qPrintable(view->alignmentText()));

        // The markers sit on the spectrum's plane, at the Jacobian's eigenvalues.
        QCPGraph* markers = nullptr;
        for (int i = 0; i < window.spectrum()->graphCount(); ++i)
            if (window.spectrum()->graph(i)->visible() && window.spectrum()->graph(i)->dataCount() == stateDim)
                markers = window.spectrum()->graph(i);
        QVERIFY(markers);

        view->findChild<QCheckBox*>()->setChecked(false);
        QCOMPARE(view->overlayMarkers(), 0);
        view->findChild<QCheckBox*>()->setChecked(true);
        QCOMPARE(view->overlayMarkers(), stateDim);

        if (view->pointCount() > 1) {
            QTest::mouseClick(view->findChild<QCustomPlot*>(), Qt::LeftButton, {}, view->pixelOf(1).toPoint());
            QCOMPARE(view->selectedPoint(), 1);
        }
    }

    // Each fixed point is a circle filled with the colour of its slowest |λ| on the plot's colour
    // bar (not a black disc), and a second search of the same exploration finds the same points.
    void pointsAreColouredByTheirSlowestEigenvalueAndFoundAgain() {
        MainWindow window;
        FixedPointsView* view = searchedFixedPoints(window);
        QVERIFY(view);
        QVERIFY(view->pointCount() > 0);
        auto* plot = view->findChild<QCustomPlot*>();
        auto* bar = view->findChild<QCPColorScale*>();
        QVERIFY(plot && bar);
        int filled = 0;
        for (int i = 0; i < plot->graphCount(); ++i) {
            const QCPScatterStyle style = plot->graph(i)->scatterStyle();
            if (plot->graph(i)->dataCount() != 1 || style.brush().style() != Qt::SolidPattern) continue;
            if (style.brush().color() == Qt::white) continue;  // a slow point's hollow circle
            QCOMPARE(style.shape(), QCPScatterStyle::ssCircle);  // ssDisc would fill with the pen
            QVERIFY(style.brush().color() != style.pen().color());
            ++filled;
        }
        QVERIFY(filled > 0);
        QVERIFY(bar->dataRange().upper > bar->dataRange().lower);

        std::vector<QPointF> first;
        for (int i = 0; i < view->pointCount(); ++i) first.push_back(view->pixelOf(i));
        view->search();
        window.waitForAnalysis();
        QCOMPARE(view->pointCount(), int(first.size()));
        for (int i = 0; i < view->pointCount(); ++i) QCOMPARE(view->pixelOf(i), first[i]);
    }

    // On a narrow plot the subtitle wraps onto two lines instead of being cut at both ends.
    void theSubtitleFitsANarrowPlot() {
        MainWindow window;
        FixedPointsView* view = searchedFixedPoints(window);
        QVERIFY(view);
        auto* plot = view->findChild<QCustomPlot*>();
        QCPTextElement* subtitle = nullptr;
        for (QCPTextElement* text : plot->findChildren<QCPTextElement*>())
            if (text->text().contains("reduced coordinates")) subtitle = text;
        QVERIFY(subtitle);
        for (int width : {1100, 420}) {
            plot->setFixedWidth(width);
            QApplication::processEvents();
            plot->replot();
            const QStringList lines = subtitle->text().split('\n');
            QCOMPARE(lines.size(), width > 1000 ? 1 : 2);
            for (const QString& line : lines)
                QVERIFY2(QFontMetrics(subtitle->font()).horizontalAdvance(line) <= subtitle->outerRect().width(), qPrintable(line));
        }
    }

    // Input, starts and tolerance outlive the window (QSettings) and travel in a saved exploration.
    void theSearchSettingsAreKept() {
        QSettings().remove("fixed_points");
        {
            MainWindow window;
            test::showAnalysed(window, gruOnSeries());
            FixedPointsView* view = window.fixedPoints();
            view->applyViewSettings({{"fixed_points_input", "mean"}, {"fixed_points_starts", "40"},
                                     {"fixed_points_tolerance", "1e-12"}});
            QVERIFY(window.showTab("fixed-points"));
            window.waitForAnalysis();
            const FixedPointStudyOptions o = view->options();
            QCOMPARE(QString::fromStdString(o.input), QString("mean"));
            QCOMPARE(o.starts, 40);
            QCOMPARE(o.search.tolerance, 1e-12);
            QVERIFY2(view->alignmentText().contains("mean input"), qPrintable(view->alignmentText()));
            QVERIFY2(view->alignmentText().contains("from 40 starts"), qPrintable(view->alignmentText()));
        }
        SelectionModel selection;
        FixedPointsView fresh(&selection);
        const auto view = fresh.viewSettings();
        QCOMPARE(QString::fromStdString(view.at("fixed_points_input")), QString("mean"));
        QCOMPARE(QString::fromStdString(view.at("fixed_points_starts")), QString("40"));
        QCOMPARE(QString::fromStdString(view.at("fixed_points_tolerance")).toDouble(), 1e-12);
        QSettings().remove("fixed_points");
    }

    void savedStatesCannotBeSearched() {
        const HiddenStates states = test::linearStates({20, 16});
        SourceSpec spec;
        spec.statesPath = dir.filePath("states.npy").toStdString();
        spec.lengthsPath = dir.filePath("lengths.npy").toStdString();
        writeStatesNpy(states, spec.statesPath, spec.lengthsPath);
        MainWindow window;
        test::showAnalysed(window, spec);
        QVERIFY(window.showTab("fixed-points"));
        window.waitForAnalysis();
        QCOMPARE(window.fixedPoints()->pointCount(), 0);
        QVERIFY(!window.fixedPoints()->runner()->isRunning());
        QPushButton* find = nullptr;
        for (auto* b : window.fixedPoints()->findChildren<QPushButton*>())
            if (b->text().contains("Find")) find = b;
        QVERIFY(find && !find->isEnabled());
    }
};

QTEST_MAIN(FixedPointsViewTest)
#include "fixed_points_view_test.moc"
