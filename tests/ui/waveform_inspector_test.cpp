// The waveform inspector: the series is coloured by the selected mode and follows the selection.
#include "core/insight/mode_pairs.h"
#include "core/insight/series_band.h"
#include "ui/main_window.h"
#include "ui/mode_heatmap.h"
#include "ui/selection_model.h"
#include "ui/waveform_inspector.h"
#include "ui_test_support.h"

#include <QtTest>

using namespace kann;
using namespace kann::ui;

class WaveformInspectorTest : public QObject {
    Q_OBJECT

private slots:
    void coloursFollowTheMode() {
        SelectionModel selection;
        WaveformInspector inspector(&selection);
        inspector.resize(900, 700);
        inspector.show();
        auto e = test::seriesExploration();
        selection.setExploration(e);
        const int j = selection.mode();
        // Darkest step = largest |phi_j| over the series, computed here from Zp and V.
        const KoopmanResult& r = e->result;
        int top = 0;
        double best = -1;
        for (int t = 0; t < r.lengths[0]; ++t) {
            const double m = std::abs((r.reduced.row(t).cast<std::complex<double>>() * r.V.col(j))(0));
            if (m > best) best = m, top = t;
        }
        const ColourScale scale = ColourScale::fitted(selection.colourMap(), stepValues(*e, 0, j, Colouring::Magnitude));
        QCOMPARE(inspector.stepColour(top).rgb(), scale.colour(scale.upper()).rgb());

        std::vector<QRgb> before;
        for (int t = 0; t < r.lengths[0]; ++t) before.push_back(inspector.stepColour(t).rgb());
        for (int other : selection.dominanceOrder())
            if (other != j && other != selection.partner()) {
                selection.selectMode(other);
                break;
            }
        std::vector<QRgb> after;
        for (int t = 0; t < r.lengths[0]; ++t) after.push_back(inspector.stepColour(t).rgb());
        QVERIFY(after != before);
    }

    void heatmapShowsTheBatch() {
        SelectionModel selection;
        ModeHeatmap heatmap(&selection);
        heatmap.resize(600, 400);
        heatmap.show();
        auto e = test::seriesExploration();
        selection.setExploration(e);
        heatmap.refresh();
        auto* map = qobject_cast<QCPColorMap*>(heatmap.plottable(0));
        QVERIFY(map);
        QCOMPARE(map->data()->keySize(), e->result.time);
        QCOMPARE(map->data()->valueSize(), e->result.batch);
        // Padding (sequence 2 has 32 of 40 steps) is NaN, not zero.
        QVERIFY(std::isnan(map->data()->cell(35, 2)));
        const RowMatrixXf m = modeMagnitude(e->result, selection.mode());
        QCOMPARE(map->data()->cell(5, 1), double(m(1, 5)));
    }

    void selectedPairsBandIsShadedOnTheDecoding() {
        MainWindow window;
        window.show();
        if (!window.openDemo("ecg")) QSKIP("the ECG demo is not installed (scripts/setup.sh)");
        window.waitForAnalysis();
        const Exploration& e = *window.selection()->exploration();
        // The most dominant conjugate pair; its band computed here by core, independently.
        const int pair = test::firstComplex(e.result);
        QVERIFY(pair >= 0);
        window.selection()->selectMode(pair);
        window.waveformInspector()->refreshDecoding();
        const int representative = e.result.eigenvalues(pair).imag() > 0 ? pair : e.result.partner[pair];
        const int pairs = int(pairRepresentatives(e.result).size());
        PairBand truth;
        for (const PairBand& b : pairBands(e, pairs, ReconstructionForm::PaperAbsolute, BandReference::EmptyState))
            if (b.mode == representative) truth = b;
        QVERIFY(truth.end > truth.start);
        QCOMPARE(window.waveformInspector()->shadedBand(), std::make_pair(truth.start, truth.end));
        // Its partner is the same pair: the same band, looked up, not recomputed.
        window.selection()->selectMode(e.result.partner[pair]);
        window.waveformInspector()->refreshDecoding();
        QCOMPARE(window.waveformInspector()->shadedBand(), std::make_pair(truth.start, truth.end));
    }
};

QTEST_MAIN(WaveformInspectorTest)
#include "waveform_inspector_test.moc"
