// The trust tab after a real analysis: the prediction curve has one point per horizon with core's
// values, the tracks plot one set of points per k, the selected mode's track is highlighted.
#include "core/insight/prediction.h"
#include "core/io/npy.h"
#include "ui/runners/insight_runner.h"
#include "ui/window/main_window.h"
#include "ui/base/selection_model.h"
#include "ui/views/trust_view.h"
#include "ui_test_support.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace kann;
using namespace kann::ui;

class TrustViewTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir;

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void predictionCurveHasOnePointPerHorizon() {
        const HiddenStates states = test::linearStates({30, 25, 30, 18});
        SourceSpec spec;
        spec.statesPath = dir.filePath("states.npy").toStdString();
        spec.lengthsPath = dir.filePath("lengths.npy").toStdString();
        writeStatesNpy(states, spec.statesPath, spec.lengthsPath);
        spec.analysis.k = 6;

        MainWindow window;
        test::showAnalysed(window, spec);
        TrustView* trust = window.trustView();
        QVERIFY(window.selection()->insight());

        const int horizon = InsightOptions().horizon;  // what the studio asks for
        QCOMPARE(trust->predictionPoints(), horizon);
        // The plotted values are core's curve, computed here independently.
        const PredictionCurve truth = predictionCurve(window.selection()->exploration()->result, horizon);
        auto* graph = trust->predictionPlot()->graph(0);
        for (int h = 1; h <= horizon; ++h) {
            QCOMPARE(graph->data()->at(h - 1)->key, double(h));
            QCOMPARE(graph->data()->at(h - 1)->value, truth.relativeError[h - 1]);
        }
        // An exactly linear system: C predicts every horizon (relative error far below 1).
        QVERIFY(truth.relativeError.back() < 1e-3);
        // Saved states have no readout: the plot says so instead of showing accuracies.
        QVERIFY2(trust->readoutText().contains("No readout"), qPrintable(trust->readoutText()));

        // Tracks: one scatter per k; the highlighted track ends at the selected eigenvalue.
        const SpectrumTracks& tracks = window.selection()->insight()->report.tracks;
        QVERIFY(tracks.spectra.size() >= 2);
        const int mode = window.selection()->mode();
        QCPCurve* highlighted = nullptr;
        for (int i = 0; i < trust->tracksPlot()->plottableCount(); ++i)
            if (auto* c = qobject_cast<QCPCurve*>(trust->tracksPlot()->plottable(i)); c && c->layer()->name() == "overlay")
                highlighted = c;
        QVERIFY(highlighted && highlighted->visible());
        const auto last = highlighted->data()->at(highlighted->dataCount() - 1);
        const std::complex<double> lambda = window.selection()->exploration()->result.eigenvalues(mode);
        QVERIFY(std::abs(std::complex<double>(last->key, last->value) - lambda) < 1e-9);
    }
};

QTEST_MAIN(TrustViewTest)
#include "trust_view_test.moc"
