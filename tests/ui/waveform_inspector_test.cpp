// The waveform inspector: the series is coloured by the selected mode and follows the selection.
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
};

QTEST_MAIN(WaveformInspectorTest)
#include "waveform_inspector_test.moc"
