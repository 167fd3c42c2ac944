// Every way an input can fail, driven through the window as a user would (the source panel and
// its Run button, or opening a file): the failure reaches the window's error reporter once, names
// the file, leaves no modal window and no half-shown result, and a good demo loads right after.
#include "core/io/npy.h"
#include "ui/runners/analysis_runner.h"
#include "ui/window/main_window.h"
#include "ui/window/recent_files.h"
#include "ui/base/selection_model.h"
#include "ui/panels/source_panel.h"
#include "ui/views/spectrum_view.h"
#include "ui_test_support.h"

#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

Q_DECLARE_METATYPE(kann::SourceSpec)

using namespace kann;
using namespace kann::ui;

namespace {

const QString kFixtures = QStringLiteral(KANN_FIXTURES);

SourceSpec modelAndData(const QString& model, const QString& data) {
    SourceSpec spec;
    spec.modelPath = (kFixtures + "/" + model).toStdString();
    spec.dataPath = (kFixtures + "/" + data).toStdString();
    return spec;
}

// Sets an environment variable for one scope (the memory limit), then removes it.
struct ScopedVariable {
    QByteArray name;
    ScopedVariable(const char* n, const QByteArray& value) : name(n) {
        if (!value.isEmpty()) qputenv(name, value);
    }
    ~ScopedVariable() { qunsetenv(name); }
};

}  // namespace

class FailureRecoveryTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir;

    // A window whose errors and TorchScript questions go to the test instead of dialogs.
    struct Harness {
        MainWindow window;
        QStringList reported;
        QStringList asked;
        bool answer = false;

        Harness() {
            window.resize(1400, 900);
            window.show();
            window.setErrorReporter([this](const QString&, const QString& message) { reported << message; });
            window.recentFiles()->setPrompt([this](const QString& path) {
                asked << path;
                return answer;
            });
        }
        QPushButton* runButton() { return window.sourcePanel()->findChild<QPushButton*>("runAnalysis"); }
        // Fills the source panel and presses Run, as a user would. Saved states have no field
        // in the panel (they come from the command line or a saved exploration): run directly.
        void runThroughPanel(const SourceSpec& spec) {
            window.sourcePanel()->setSpec(spec);
            if (spec.statesPath.empty()) QTest::mouseClick(runButton(), Qt::LeftButton);
            else window.run(spec);
            window.waitForAnalysis();
        }
    };

    // Usable: no modal window in the way, Run enabled, nothing analysing, and the copy demo
    // (the smallest real bundle) opens and runs without a new error.
    static void checkStillUsable(Harness& h) {
        QVERIFY(!QApplication::activeModalWidget());
        QVERIFY(h.window.isEnabled());
        QVERIFY(h.runButton()->isEnabled());
        QVERIFY(!h.window.runner()->isRunning());
        const int errors = static_cast<int>(h.reported.size());
        QVERIFY(h.window.openDemo("copy"));
        h.window.waitForAnalysis();
        const Exploration* e = h.window.selection()->exploration();
        QVERIFY2(e, qPrintable(h.reported.join(" | ")));
        QVERIFY(e->network);
        QCOMPARE(h.window.spectrum()->pointCount(), e->result.k);
        QCOMPARE(static_cast<int>(h.reported.size()), errors);
    }

    // States of one vector repeated: there are no dynamics to fit.
    SourceSpec constantStates() {
        HiddenStates s = HiddenStates::zeros(3, 20, 6);
        std::fill(s.values.begin(), s.values.end(), 1.0f);
        SourceSpec spec;
        spec.statesPath = dir.filePath("constant_states.npy").toStdString();
        writeStatesNpy(s, spec.statesPath);
        return spec;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("KANN_RESOURCES", KANN_SOURCE_DIR "/resources");
        QVERIFY(dir.isValid());
    }

    void init() { QSettings().remove("recent/files"); }  // nobody trusts anything yet

    void failureIsReportedAndTheWindowRecovers_data() {
        QTest::addColumn<SourceSpec>("spec");
        QTest::addColumn<QByteArray>("memoryLimit");
        QTest::addColumn<QString>("file");     // named in the message
        QTest::addColumn<QString>("problem");  // and what is wrong with it
        const SourceSpec ecg = modelAndData("torch/ecg_gru.pt", "series/label_last.arff");
        SourceSpec missing = ecg;
        missing.modelPath = dir.filePath("missing-model.pt").toStdString();
        QTest::newRow("missing file") << missing << QByteArray() << "missing-model.pt" << "cannot open";
        QTest::newRow("pickle calling os.system")
            << modelAndData("torch/bad_os_system.pt", "series/label_last.arff") << QByteArray() << "bad_os_system.pt"
            << "refused";
        QTest::newRow("storage offset out of bounds")
            << modelAndData("torch/bad_tensor_offset.pt", "series/label_last.arff") << QByteArray()
            << "bad_tensor_offset.pt" << "storage";
        QTest::newRow("zip bomb") << modelAndData("hostile/bomb.pt", "series/label_last.arff") << QByteArray()
                                  << "bomb.pt" << "";
        QTest::newRow("corrupt archive") << modelAndData("torch/bad_corrupt.pt", "series/label_last.arff")
                                         << QByteArray() << "bad_corrupt.pt" << "size";
        QTest::newRow("mismatched keys") << modelAndData("torch/bad_keys.pt", "series/label_last.arff")
                                         << QByteArray() << "bad_keys.pt" << "keys";
        QTest::newRow("dataset of the wrong shape") << modelAndData("torch/ecg_gru.pt", "series/multivariate.ts")
                                                    << QByteArray() << "ecg_gru.pt" << "features";
        QTest::newRow("dataset with NaN") << modelAndData("torch/ecg_gru.pt", "series/bad_nan.csv") << QByteArray()
                                          << "bad_nan.csv" << "non-finite";
        QTest::newRow("memory estimate refused") << ecg << QByteArray("10000") << "ecg_gru.pt" << "memory";
        QTest::newRow("degenerate fit (all states equal)")
            << constantStates() << QByteArray() << "" << "same vector";
    }

    void failureIsReportedAndTheWindowRecovers() {
        QFETCH(SourceSpec, spec);
        QFETCH(QByteArray, memoryLimit);
        QFETCH(QString, file);
        QFETCH(QString, problem);
        Harness h;
        {
            ScopedVariable limit("KANN_MEMORY_LIMIT_BYTES", memoryLimit);
            h.runThroughPanel(spec);
        }
        QCOMPARE(h.reported.size(), 1);
        const QString message = h.reported.front();
        QVERIFY2(message.contains(file) && message.contains(problem, Qt::CaseInsensitive), qPrintable(message));
        QVERIFY(!h.window.selection()->exploration());
        QVERIFY(h.asked.isEmpty());  // state dicts and states are data: nothing to ask
        checkStillUsable(h);
    }

    // A TorchScript file (here a .pt, recognised by the code in its archive) opened and run
    // with the question answered no: nothing is loaded, not even to describe it.
    void declinedTorchScriptIsNotLoaded() {
        Harness h;
        const QString script = kFixtures + "/torch/scripted_series.pt";
        h.window.sourcePanel()->openPath(script);
        QCOMPARE(h.asked.size(), 1);
        QVERIFY(h.asked.front().endsWith("scripted_series.pt"));
        QVERIFY(h.window.sourcePanel()->findChild<QLabel*>("modelInfo")->text().contains("not trusted"));
        QSignalSpy started(h.window.runner(), &AnalysisRunner::started);
        SourceSpec spec = modelAndData("torch/scripted_series.pt", "series/label_last.arff");
        h.runThroughPanel(spec);
        QCOMPARE(h.asked.size(), 2);  // asked again on Run: a no is not remembered as trust
        QCOMPARE(started.count(), 0);
        QVERIFY(!h.window.selection()->exploration());
        QVERIFY(!h.window.recentFiles()->list().contains(QFileInfo(script).absoluteFilePath()));
        QVERIFY(h.window.findChild<QLabel*>("status")->text().contains("Not loaded"));
        checkStillUsable(h);
    }
};

QTEST_MAIN(FailureRecoveryTest)
#include "failure_recovery_test.moc"
