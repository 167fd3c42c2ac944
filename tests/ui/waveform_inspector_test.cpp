// The waveform inspector: the series is coloured by the selected mode and follows the selection.
#include "core/insight/mode_pairs.h"
#include "core/insight/reconstruction_error.h"
#include "core/insight/series_band.h"
#include "ui/window/main_window.h"
#include "ui/views/mode_heatmap.h"
#include "ui/views/reconstruction_ranking.h"
#include "ui/base/selection_model.h"
#include "ui/views/waveform_inspector.h"
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

    // The beats the autoencoder reconstructs worst, ranked, each with its label, and a
    // click on a bar shows that beat. In the demo the worst are the beats of unusual shape.
    void worstReconstructedBeatsAreRankedByShape() {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        if (!window.openDemo("ecg")) QSKIP("the ECG demo is not installed (scripts/setup.sh)");
        window.waitForAnalysis();
        const Exploration& e = *window.selection()->exploration();
        WaveformInspector* inspector = window.waveformInspector();
        ReconstructionRanking* ranking = inspector->ranking();
        QVERIFY(ranking->isVisible());
        const std::vector<SequenceError> truth = reconstructionErrors(e);  // core, independently
        QCOMPARE(ranking->rankCount(), e.result.batch);
        for (int r = 0; r < ranking->rankCount(); ++r) QCOMPARE(ranking->sequenceAt(r), truth[r].sequence);
        QCOMPARE(ranking->labelName(1), QStringLiteral("typical shape"));
        QCOMPARE(ranking->labelName(2), QStringLiteral("unusual shape"));
        int unusual = 0;
        for (int r = 0; r < 10; ++r) unusual += truth[r].label == 2;
        QVERIFY2(unusual >= 8, qPrintable(QString("%1 of the 10 worst are unusual").arg(unusual)));

        // Click the worst bar: its beat is shown, named by its shape and its rank.
        ranking->replot();
        const QPoint bar(int(ranking->xAxis->coordToPixel(1)), int(ranking->yAxis->coordToPixel(truth[0].rmse / 2)));
        QCOMPARE(ranking->rankAt(bar), 0);
        QTest::mouseClick(ranking, Qt::LeftButton, {}, bar);
        QCOMPARE(window.selection()->review(), truth[0].sequence);
        const QString position = inspector->positionText();
        QVERIFY2(position.contains(ranking->labelName(truth[0].label)), qPrintable(position));
        QVERIFY2(position.contains("reconstructed worst: <b>1</b> of 64"), qPrintable(position));
    }

    // Without a decoder there is nothing to rank: the strip is not shown.
    void noRankingWithoutADecoder() {
        SelectionModel selection;
        WaveformInspector inspector(&selection);
        inspector.show();
        selection.setExploration(test::seriesExploration());
        QVERIFY(!inspector.ranking()->isVisible());
        QVERIFY(!inspector.positionText().contains("worst"));
    }
};

QTEST_MAIN(WaveformInspectorTest)
#include "waveform_inspector_test.moc"
