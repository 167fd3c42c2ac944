// The shipped demo bundles, end to end: each opens from resources/demos and its analysis runs
// through the real pipeline (model, data, unroll, fit) in the real window; the copy demo's task
// phases and untrained twin are read and shown (mode timeline, side-by-side spectrum).
#include "core/common/error.h"
#include "ui/views/comparison_spectrum.h"
#include "ui/window/demo_catalog.h"
#include "ui/window/main_window.h"
#include "ui/views/mode_timeline.h"
#include "ui/base/selection_model.h"
#include "ui/views/spectrum_view.h"
#include "ui/views/trust_view.h"
#include "ui/views/waveform_inspector.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <set>

using namespace kann;
using namespace kann::ui;

namespace {

const QString kResources = QStringLiteral(KANN_SOURCE_DIR "/resources");

// Eigenvalues on or near the unit circle: modes that hold what they saw for many steps.
int nearUnitCircle(const KoopmanResult& r) { return static_cast<int>((r.eigenvalues.cwiseAbs().array() > 0.9).count()); }

// The modulus of the largest eigenvalue after the most dominant mode's pair (the disc's radius).
double discRadius(const KoopmanResult& r) {
    Eigen::Index top;
    r.dominance.maxCoeff(&top);
    double radius = 0;
    for (int j = 0; j < r.k; ++j)
        if (j != top && j != r.partner[top]) radius = std::max(radius, std::abs(r.eigenvalues(j)));
    return radius;
}

// Fraction of the total dominance (Eq. 10) held by the most dominant mode.
double topShare(const KoopmanResult& r) { return r.dominance.maxCoeff() / r.dominance.sum(); }

}  // namespace

class DemoBundlesTest : public QObject {
    Q_OBJECT

    // Skips (with the reason) a demo whose derived data is not on this machine.
    static bool installed(const QString& name) {
        if (name != "ecg" || QFile::exists(kResources + "/demos/ecg/beats.csv")) return true;
        qWarning("ecg: beats.csv is absent; derive it with `kann ecg-beats --out resources/demos/ecg/beats.csv`");
        return false;
    }

    static std::unique_ptr<MainWindow> opened(const QString& name) {
        auto window = std::make_unique<MainWindow>();
        window->resize(1400, 900);
        window->show();
        if (!window->openDemo(name)) return nullptr;
        window->waitForAnalysis();
        return window;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("KANN_RESOURCES", kResources.toUtf8());
    }

    void eachBundleOpensAndRuns_data() {
        QTest::addColumn<QString>("name");
        for (const QString& name : demoNames()) QTest::newRow(qPrintable(name)) << name;
    }

    void eachBundleOpensAndRuns() {
        QFETCH(QString, name);
        if (!installed(name)) QSKIP("the demo's derived data is absent");
        const Demo demo = loadDemo(name);
        QVERIFY(!demo.title.isEmpty());
        QVERIFY(!demo.description.isEmpty());
        auto window = opened(name);
        QVERIFY2(window, qPrintable(name + " did not open"));
        const Exploration* e = window->selection()->exploration();
        QVERIFY2(e, qPrintable(window->lastError()));
        QVERIFY(e->network);
        QCOMPARE(e->result.batch, demo.spec.selection.count);
        QVERIFY(e->result.k >= 4);
        QCOMPARE(window->spectrum()->pointCount(), e->result.k);
        QVERIFY(e->result.eigenvalues.allFinite());
        // The linear fit explains part of the dynamics: better than predicting zero.
        QVERIFY(std::isfinite(e->result.residual) && e->result.residual < 1.0);
        QCOMPARE(window->comparisonSpectrum()->isShowing(), !demo.untrainedModel.isEmpty());
    }

    void copyDemoReadsItsPhasesAndTwin() {
        const Demo demo = loadDemo("copy");
        const std::vector<std::pair<QString, std::pair<int, int>>> expected = {
            {"input", {0, 5}}, {"delay", {5, 20}}, {"go", {20, 21}}, {"recall", {21, 26}}};
        QCOMPARE(demo.phases.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(demo.phases[i].name, expected[i].first);
            QCOMPARE(demo.phases[i].begin, expected[i].second.first);
            QCOMPARE(demo.phases[i].end, expected[i].second.second);
        }
        QVERIFY(demo.untrainedModel.endsWith("/model_untrained.pt"));
        QVERIFY(loadDemo("sentiment").phases.empty());
        QVERIFY(loadDemo("sentiment").untrainedModel.isEmpty());
    }

    void malformedPhasesAreReportedWithTheFile() {
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath("demos/copy")));
        QFile json(dir.filePath("demos/copy/demo.json"));
        QVERIFY(json.open(QIODevice::WriteOnly));
        json.write(R"({"model": "m.pt", "data": "d.ts", "copy_task": {"phases": [
            {"name": "input", "begin": 0, "end": 5}, {"name": "delay", "begin": 3, "end": 20}]}})");
        json.close();
        qputenv("KANN_RESOURCES", dir.path().toUtf8());
        try {
            loadDemo("copy");
            QFAIL("overlapping phases were accepted");
        } catch (const InputError& e) {
            QVERIFY(QString(e.what()).contains("demo.json"));
            QVERIFY(QString(e.what()).contains("phase 1"));
        }
        qputenv("KANN_RESOURCES", kResources.toUtf8());
    }

    // The copy task's phases cover every step of its sequences, so the bands match the data.
    void copyTimelineHoldsModesAndPhases() {
        auto window = opened("copy");
        QVERIFY(window);
        const Exploration& e = *window->selection()->exploration();
        ModeTimeline* timeline = window->modeTimeline();
        timeline->refresh();
        QCOMPARE(timeline->curveCount(), 6);
        QCOMPARE(timeline->phaseBandCount(), 4);
        QCOMPARE(e.result.lengths[0], loadDemo("copy").phases.back().end);
        // The most dominant modes, a conjugate pair once.
        std::set<int> pairs;
        for (int j : timeline->modes()) {
            const int p = e.result.partner[j];
            QVERIFY(pairs.insert(p < 0 ? j : std::min(j, p)).second);
        }
        QCOMPARE(timeline->modes().front(), window->selection()->dominanceOrder().front());
        // Each lane is normalised to its own maximum: its highest point is the lane's top.
        const int lanes = timeline->curveCount();
        for (int lane = 0; lane < lanes; ++lane) {
            double top = -1;
            for (const QCPGraphData& p : *timeline->graph(lane)->data()) top = std::max(top, p.value);
            QVERIFY(std::abs(top - (lanes - 1 - lane + 0.8)) < 1e-9);
        }
        // A selected mode outside the top lanes gets a lane of its own, highlighted.
        const int weakest = window->selection()->dominanceOrder().back();
        window->selection()->selectMode(weakest);
        timeline->refresh();
        QCOMPARE(timeline->curveCount(), 7);
        QCOMPARE(timeline->modes().back(), weakest);
        QVERIFY(timeline->graph(6)->pen().widthF() > timeline->graph(0)->pen().widthF());
    }

    // The copy task has no labels: its readout box measures agreement only, never an accuracy on 0.
    void copyReadoutWithoutLabelsClaimsNoAccuracy() {
        auto window = opened("copy");
        QVERIFY(window);
        QTRY_VERIFY(window->selection()->insight());
        const QString text = window->trustView()->readoutText();
        QVERIFY2(text.contains("No labelled sequences, so no accuracy"), qPrintable(text));
        QVERIFY2(!text.contains("accuracy on"), qPrintable(text));
        QVERIFY2(text.contains("same class as the network"), qPrintable(text));
    }

    // The description's claim, measured: before training one mode dominates inside a disc well
    // short of the unit circle; after training several modes share the work near modulus 1.
    void copyTrainedAgainstUntrained() {
        auto window = opened("copy");
        QVERIFY(window);
        ComparisonSpectrum* untrained = window->comparisonSpectrum();
        QVERIFY(untrained->isShowing());
        const Exploration* before = untrained->selection()->exploration();
        const Exploration* after = window->selection()->exploration();
        QVERIFY(before && after);
        QCOMPARE(before->result.batch, after->result.batch);
        QCOMPARE(untrained->spectrum()->pointCount(), before->result.k);
        qInfo("untrained / trained: |lambda| > 0.9: %d / %d; disc radius beside the top mode %.2f / %.2f; "
              "top mode's share of dominance %.2f / %.2f",
              nearUnitCircle(before->result), nearUnitCircle(after->result), discRadius(before->result),
              discRadius(after->result), topShare(before->result), topShare(after->result));
        QVERIFY(nearUnitCircle(before->result) <= 2);
        QVERIFY(nearUnitCircle(after->result) >= 8);
        QVERIFY(discRadius(before->result) < 0.85);
        QVERIFY(topShare(before->result) > 2 * topShare(after->result));
    }

    // The copy demo's point is its modes over time, so it opens on that tab; the ECG
    // demo names its labels.
    void demosOpenOnTheirTabWithTheirLabels() {
        QCOMPARE(loadDemo("copy").tab, QStringLiteral("timeline"));
        auto window = opened("copy");
        QVERIFY(window);
        QVERIFY(window->modeTimeline()->isVisible());
        QVERIFY(!window->waveformInspector()->isVisible());
        if (installed("ecg")) QCOMPARE(loadDemo("ecg").labelNames.at(2), QStringLiteral("unusual shape"));
        QVERIFY(loadDemo("sentiment").tab.isEmpty());
    }

    void otherDemosShowNoPhasesAndNoTwin() {
        auto window = opened("sentiment");
        QVERIFY(window);
        window->modeTimeline()->refresh();
        QCOMPARE(window->modeTimeline()->phaseBandCount(), 0);
        QVERIFY(window->modeTimeline()->curveCount() >= 1);
        QVERIFY(!window->comparisonSpectrum()->isShowing());
    }
};

QTEST_MAIN(DemoBundlesTest)
#include "demo_bundles_test.moc"
