// TorchScript files are programs: the studio asks before loading one the user has not trusted
// (recent files, the demo bundles, the command line), a yes is remembered in the recent files,
// and every way of loading a model (the source panel, Run, a comparison, a saved exploration)
// goes through the same question.
#include "tests/option_samples.h"
#include "ui/runners/analysis_runner.h"
#include "ui/runners/insight_runner.h"
#include "ui/window/main_window.h"
#include "ui/window/recent_files.h"
#include "ui/base/selection_model.h"
#include "ui/panels/source_panel.h"

#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace kann;
using namespace kann::ui;

namespace {

const QString kFixtures = QStringLiteral(KANN_FIXTURES);
const QString kScript = kFixtures + "/torch/scripted_series.pt";  // TorchScript, named .pt
const QString kSeries = kFixtures + "/series/label_last.arff";

SourceSpec scriptedSpec() {
    SourceSpec spec;
    spec.modelPath = kScript.toStdString();
    spec.dataPath = kSeries.toStdString();
    return spec;
}

QString valuesText(const OptionValues& values) {
    QStringList lines;
    for (const auto& [name, value] : values) lines << QString::fromStdString(name + "=" + value);
    return lines.join(", ");
}

}  // namespace

class RecentFilesTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir;
    QStringList asked;
    bool answer = false;

    void answerWith(RecentFiles* recent, bool yes) {
        answer = yes;
        recent->setPrompt([this](const QString& path) {
            asked << path;
            return answer;
        });
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("KANN_RESOURCES", KANN_SOURCE_DIR "/resources");
        QVERIFY(dir.isValid());
    }

    void init() {
        QSettings().remove("recent");
        asked.clear();
    }

    void programsAreRecognised() {
        QVERIFY(RecentFiles::isProgram(kFixtures + "/torch/scripted.pt"));  // code/ in the archive
        QVERIFY(!RecentFiles::isProgram(kFixtures + "/torch/sentiment_gru.pt"));
        QVERIFY(RecentFiles::isProgram(kFixtures + "/torch/sentiment_gru.pt", "torchscript"));
        QVERIFY(!RecentFiles::isProgram(kFixtures + "/npy/states_f4.npy"));
        QVERIFY(!RecentFiles::isProgram(dir.filePath("absent.ts")));  // nothing to run: the loader reports it
        const QString named = dir.filePath("model.torchscript");
        QVERIFY(QFile::copy(kFixtures + "/torch/sentiment_gru.pt", named));
        QVERIFY(RecentFiles::isProgram(named));  // by its name, whatever it holds
    }

    void yesLoadsItAndIsAskedOnce() {
        MainWindow window;
        answerWith(window.recentFiles(), true);
        window.sourcePanel()->openPath(kScript);
        QCOMPARE(asked, QStringList{kScript});
        auto* info = window.sourcePanel()->findChild<QLabel*>("modelInfo");
        QTRY_VERIFY2(info->text().contains("TorchScript module"), qPrintable(info->text()));
        QCOMPARE(window.recentFiles()->list().front(), kScript);
        window.run(scriptedSpec());
        window.waitForAnalysis();
        QCOMPARE(asked.size(), 1);  // a recent file now
        QVERIFY(window.selection()->exploration());
        QCOMPARE(QString::fromStdString(window.selection()->exploration()->network->info().layout), "torchscript");
    }

    void noLoadsNothingAndIsNotRemembered() {
        MainWindow window;
        answerWith(window.recentFiles(), false);
        QSignalSpy started(window.runner(), &AnalysisRunner::started);
        window.sourcePanel()->openPath(kScript);
        window.run(scriptedSpec());
        window.waitForAnalysis();
        QCOMPARE(asked.size(), 2);
        QCOMPARE(started.count(), 0);
        QVERIFY(!window.recentFiles()->list().contains(kScript));
        // Run from the panel loads nothing either, so neither file becomes recent.
        QTest::mouseClick(window.sourcePanel()->findChild<QPushButton*>("runAnalysis"), Qt::LeftButton);
        QVERIFY(!window.recentFiles()->list().contains(kScript));
        QVERIFY(!window.recentFiles()->list().contains(kSeries));
    }

    // The recent files are what can be opened again: a file that failed to load is not listed,
    // and the figures of the last good run are not left under fields that name it.
    void onlyFilesThatLoadedAreRecent() {
        MainWindow window;
        window.setErrorReporter([](const QString&, const QString&) {});
        window.recentFiles()->trustForSession(kScript);
        const QString broken = dir.filePath("broken.arff");
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("@relation nothing\n@data\n1,2,oops\n");
        file.close();
        window.sourcePanel()->openPath(broken);
        SourceSpec bad = scriptedSpec();
        bad.dataPath = broken.toStdString();
        window.run(scriptedSpec());
        window.waitForAnalysis();
        QVERIFY(window.selection()->exploration());
        QVERIFY(window.recentFiles()->list().contains(kSeries));
        window.run(bad);
        window.waitForAnalysis();
        QVERIFY(!window.lastError().isEmpty());
        QVERIFY(!window.recentFiles()->list().contains(broken));
        QVERIFY(!window.selection()->exploration());  // the old result is gone with the failed load
    }

    void recentFilesAndTheCommandLineAreTrusted() {
        RecentFiles recent(nullptr);
        answerWith(&recent, false);
        QVERIFY(!recent.trusts(kScript));
        recent.trustForSession(kScript);
        QVERIFY(recent.trusts(kScript));
        QVERIFY(recent.mayLoad(kScript, "auto"));
        QVERIFY(!recent.list().contains(kScript));  // trusted for this session only
        QSettings().setValue("recent/files", QStringList{kFixtures + "/torch/scripted.pt"});
        QVERIFY(recent.mayLoad(kFixtures + "/torch/scripted.pt", "auto"));
        QVERIFY(asked.isEmpty());
    }

    // The shipped demos are trusted wherever the resources are, but only files inside them.
    void demoBundlesAreTrusted() {
        QVERIFY(QDir().mkpath(dir.filePath("resources/demos/scripted")));
        const QString inside = dir.filePath("resources/demos/scripted/model.ts");
        QVERIFY(QFile::copy(kScript, inside));
        qputenv("KANN_RESOURCES", dir.filePath("resources").toUtf8());
        RecentFiles recent(nullptr);
        answerWith(&recent, false);
        QVERIFY(recent.trusts(inside));
        QVERIFY(!recent.trusts(kScript));
        QVERIFY(asked.isEmpty());
        qputenv("KANN_RESOURCES", KANN_SOURCE_DIR "/resources");
    }

    void comparisonsAsk() {
        MainWindow window;
        window.openDemo("copy");
        window.waitForAnalysis();
        answerWith(window.recentFiles(), false);
        QSignalSpy started(window.comparisonRunner(), &ComparisonRunner::started);
        window.compareWithCheckpoint(kScript);
        QCOMPARE(asked, QStringList{kScript});
        QCOMPARE(started.count(), 0);
    }

    // Someone else's saved exploration may name a program: reopening it asks too.
    void restoredExplorationsAsk() {
        const QString saved = dir.filePath("scripted.kann.json");
        {
            MainWindow window;
            window.recentFiles()->trustForSession(kScript);
            window.run(scriptedSpec());
            window.waitForAnalysis();
            QVERIFY(window.selection()->exploration());
            window.saveExploration(saved);
            window.waitForAnalysis();
        }
        MainWindow window;
        answerWith(window.recentFiles(), false);
        QSignalSpy started(window.runner(), &AnalysisRunner::started);
        window.restoreExploration(saved);
        window.waitForAnalysis();
        QCOMPARE(asked, QStringList{kScript});
        QCOMPARE(started.count(), 0);
        QVERIFY(!window.selection()->exploration());
    }

    // A recent file brings back every option of its last run, its other files with it.
    void aRecentFileRestoresEveryOption() {
        MainWindow window;
        const OptionValues sample = test::sampleValues();
        window.recentFiles()->rememberRun(sample);
        const QString data = QString::fromStdString(sample.at("data"));
        QVERIFY(window.recentFiles()->list().contains(data));
        window.openRecent(data);
        QCOMPARE(valuesText(sourceValues(window.sourcePanel()->spec())), valuesText(sample));

        // A run that loaded keeps its options with each of its files (the program trusted for
        // this session only stays out of the list, its dataset does not).
        window.recentFiles()->trustForSession(kScript);
        SourceSpec spec = scriptedSpec();
        spec.analysis.seed = 9;
        spec.selection.maxLength = 40;
        window.run(spec);
        window.waitForAnalysis();
        QVERIFY2(window.selection()->exploration(), qPrintable(window.lastError()));
        QVERIFY(!window.recentFiles()->list().contains(kScript));
        QCOMPARE(window.recentFiles()->list().front(), kSeries);
        window.sourcePanel()->setSpec({});
        window.openRecent(kSeries);
        QCOMPARE(valuesText(sourceValues(window.sourcePanel()->spec())), valuesText(sourceValues(spec)));

        // A file without options (remembered before they were kept) opens into its field alone.
        window.sourcePanel()->setSpec({});
        window.recentFiles()->remember(kFixtures + "/series/with_header.arff");
        QVERIFY(window.recentFiles()->optionsOf(kFixtures + "/series/with_header.arff").empty());
        window.openRecent(kFixtures + "/series/with_header.arff");
        QCOMPARE(window.sourcePanel()->spec().dataPath, (kFixtures + "/series/with_header.arff").toStdString());
        QVERIFY(window.sourcePanel()->spec().modelPath.empty());
    }
};

QTEST_MAIN(RecentFilesTest)
#include "recent_files_test.moc"
