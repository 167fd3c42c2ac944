// The waveform inspector: the series is coloured by the selected mode and follows the selection.
#include "core/insight/mode_pairs.h"
#include "core/insight/reconstruction_error.h"
#include "core/insight/series_band.h"
#include "core/io/npz.h"
#include "ui/runners/ablation_runner.h"
#include "ui/views/removal_view.h"
#include "ui/window/main_window.h"
#include "ui/views/mode_heatmap.h"
#include "ui/views/reconstruction_ranking.h"
#include "ui/base/selection_model.h"
#include "ui/views/waveform_inspector.h"
#include "ui_test_support.h"

#include <QTemporaryDir>
#include <QtTest>
#include <random>

using namespace kann;
using namespace kann::ui;

namespace {

// The ECG GRU autoencoder fixture on every one of 150 random-walk series of 3 to 40 steps, streamed:
// pages of 64, 64 and 22.
SourceSpec streamedBeats(const QString& folder) {
    const int batch = 150, time = 40;
    std::mt19937 gen(5);
    std::normal_distribution<float> step(0.0f, 0.3f);
    std::uniform_int_distribution<std::int64_t> length(3, time);
    std::vector<float> x(static_cast<std::size_t>(batch) * time, 0.0f);
    std::vector<std::int64_t> lengths(batch);
    for (int b = 0; b < batch; ++b) {
        lengths[b] = length(gen);
        float v = 0;
        for (int t = 0; t < lengths[b]; ++t) x[static_cast<std::size_t>(b) * time + t] = v += step(gen);
    }
    const std::string path = (folder + "/beats.npz").toStdString();
    writeNpz(path, {{"x", NpyArray::from({batch, time}, x)}, {"lengths", NpyArray::from({batch}, lengths)}});
    SourceSpec spec;
    spec.modelPath = KANN_FIXTURES "/torch/ecg_gru.pt";
    spec.dataPath = path;
    spec.selection.count = 0;
    spec.stream = StreamMode::On;
    return spec;
}

// The values of the decoding plot's curve named `name`, one per step.
std::vector<double> curve(WaveformInspector* inspector, const QString& name) {
    QCustomPlot* plot = inspector->decodingPlot();
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->name().startsWith(name)) {
            std::vector<double> out;
            for (auto it = plot->graph(i)->data()->constBegin(); it != plot->graph(i)->data()->constEnd(); ++it)
                out.push_back(it->value);
            return out;
        }
    return {};
}

// A median as the plot draws it: its finite steps.
std::vector<double> finite(const std::vector<float>& median) {
    std::vector<double> out;
    for (float m : median)
        if (std::isfinite(m)) out.push_back(m);
    return out;
}

bool near(const std::vector<double>& a, const std::vector<double>& b, double tolerance) {
    if (a.size() != b.size() || a.empty()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::abs(a[i] - b[i]) > tolerance) return false;
    return true;
}

}  // namespace

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

    // A streamed fit of every series: the decoding plot's medians and the selected pair's band are
    // the whole batch's (the held run's, computed here by core, to float32 unroll rounding), not
    // the page's; "Remove this mode" runs over the whole batch too.
    void aStreamedFitDecodesTheWholeBatch() {
        QTemporaryDir folder;
        MainWindow window;
        window.show();
        const SourceSpec spec = streamedBeats(folder.path());
        window.run(spec);
        window.waitForAnalysis();
        SelectionModel* s = window.selection();
        QVERIFY(s->isPaged());
        QCOMPARE(s->exploration()->result.batch, 64);
        const int pair = test::firstComplex(s->exploration()->result);
        QVERIFY(pair >= 0);
        s->selectMode(pair);
        window.showTab("series");
        WaveformInspector* inspector = window.waveformInspector();
        QVERIFY(QTest::qWaitFor([&] {
            inspector->refreshDecoding();
            return inspector->decodingTitle().startsWith("Decoding of all 150 series");
        }, 60000));

        SourceSpec heldSpec = spec;
        heldSpec.stream = StreamMode::Off;
        const Exploration held = runExploration(heldSpec);
        const PairBand truth = pairBand(held, held.states.lastValidStates(), held.states.lengths, pair,
                                        ReconstructionForm::PaperAbsolute, BandReference::EmptyState);
        const QString name = QStringLiteral("pair λ%1, λ%2").arg(std::min(pair, truth.partner)).arg(std::max(pair, truth.partner));
        QVERIFY(near(curve(inspector, name), finite(truth.pairMedian.median), 1e-4));
        QVERIFY(near(curve(inspector, "all modes"), finite(medianBand(decodeBatch(held, -1, ReconstructionForm::PaperAbsolute),
                                                                      held.states.lengths).median), 1e-4));
        QVERIFY(near(curve(inspector, "original"), finite(medianBand(firstFeature(held.input), held.states.lengths).median), 1e-6));
        QCOMPARE(inspector->shadedBand(), std::make_pair(truth.start, truth.end));

        QSignalSpy done(window.ablationRunner(), &AblationRunner::finished);
        window.removeSelectedMode();
        QVERIFY(done.wait(60000));
        const StudioAblation& removal = *s->ablations().back();
        QCOMPARE(int(removal.report.outputsBefore.rows()), 150);
        // Its error before is the whole batch's, from the held run's per-sequence errors.
        double squares = 0, steps = 0;
        for (int b = 0; b < held.input.batch; ++b)
            squares += held.reconstructionError[b] * held.reconstructionError[b] * held.input.lengths[b], steps += held.input.lengths[b];
        QVERIFY(std::abs(removal.rmseBefore - std::sqrt(squares / steps)) < 1e-5);
        QVERIFY(std::isfinite(removal.rmseAfter) && removal.rmseAfter != removal.rmseBefore);
        inspector->refreshDecoding();
        QVERIFY(!curve(inspector, "without " + modesText(removal.ablation().modes)).empty());
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
