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

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void selectedPointsJacobianIsOverlaidOnTheSpectrum() {
        MainWindow window;
        window.show();
        window.run(gruOnSeries());
        window.waitForAnalysis();
        QVERIFY(window.showTab("fixed-points"));
        window.waitForAnalysis();
        FixedPointsView* view = window.fixedPoints();
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

    void savedStatesCannotBeSearched() {
        const HiddenStates states = test::linearStates({20, 16});
        SourceSpec spec;
        spec.statesPath = dir.filePath("states.npy").toStdString();
        spec.lengthsPath = dir.filePath("lengths.npy").toStdString();
        writeStatesNpy(states, spec.statesPath, spec.lengthsPath);
        MainWindow window;
        window.show();
        window.run(spec);
        window.waitForAnalysis();
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
