// The window at the size of a small laptop screen: it fits 1024 x 700 with the source panel
// readable (never collapsed), and Run and Cancel stay where they are while a run goes.
#include "core/io/npy.h"
#include "ui/runners/analysis_runner.h"
#include "ui/window/demo_catalog.h"
#include "ui/window/main_window.h"
#include "ui/base/selection_model.h"
#include "ui/panels/source_panel.h"
#include "ui_test_support.h"

#include <QDockWidget>
#include <QFile>
#include <QMainWindow>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QScrollArea>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>

using namespace kann;
using namespace kann::ui;

class WindowLayoutTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir;

    SourceSpec statesSpec() { return test::savedStatesSpec(dir.path()); }

    // The widgets that ask for the most width, to say which one holds the window wide.
    static QString widest(QWidget* root) {
        QString out = QStringLiteral("window minimum %1; central %2, dock %3\n").arg(root->minimumSizeHint().width())
                          .arg(static_cast<QMainWindow*>(root)->centralWidget()->width())
                          .arg(root->findChild<QDockWidget*>("source-dock")->width());
        for (QWidget* w : root->findChildren<QWidget*>())
            if (w->minimumSize().width() > 280 || (w->minimumSize().width() == 0 && w->minimumSizeHint().width() > 280))
                out += QStringLiteral("%1(%2) %3\n").arg(w->metaObject()->className(), w->objectName())
                           .arg(w->minimumSizeHint().width());
        return out;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir.isValid());
    }

    void fitsASmallScreenWithTheSourcePanelReadable() {
        MainWindow window;
        test::showAnalysed(window, statesSpec());
        window.resize(1024, 700);
        QApplication::processEvents();
        QVERIFY2(window.width() <= 1024 && window.height() <= 700,
                 qPrintable(QStringLiteral("%1 x %2\n").arg(window.width()).arg(window.height()) + widest(&window)));
        auto* source = window.sourcePanel();
        auto* run = source->findChild<QPushButton*>("runAnalysis");
        QVERIFY(run);
        // The panel keeps the width its labels and buttons need; it scrolls rather than squashing.
        QVERIFY2(source->width() >= source->minimumSizeHint().width(),
                 qPrintable(QStringLiteral("panel %1 < %2").arg(source->width()).arg(source->minimumSizeHint().width())));
        QVERIFY(run->width() >= run->fontMetrics().horizontalAdvance(run->text()));
    }

    void everyDemoFitsASmallScreen_data() {
        QTest::addColumn<QString>("name");
        for (const QString& name : demoNames()) QTest::newRow(qPrintable(name)) << name;
    }

    void everyDemoFitsASmallScreen() {
        QFETCH(QString, name);
        const QString resources = QStringLiteral(KANN_SOURCE_DIR "/resources");
        if (name == "ecg" && !QFile::exists(resources + "/demos/ecg/beats.csv")) QSKIP("the ECG demo's beats are not derived");
        qputenv("KANN_RESOURCES", resources.toUtf8());
        MainWindow window;
        window.show();
        QVERIFY(window.openDemo(name));
        window.waitForAnalysis();
        window.resize(1024, 700);
        QApplication::processEvents();
        QVERIFY2(window.width() <= 1024 && window.height() <= 700,
                 qPrintable(QStringLiteral("%1 x %2\n").arg(window.width()).arg(window.height()) + widest(&window)));
    }

    void runAndCancelStayInPlaceWhileARunGoes() {
        MainWindow window;
        window.setErrorReporter([](const QString&, const QString&) {});
        window.show();
        window.resize(1024, 700);
        window.run(statesSpec());
        window.waitForAnalysis();
        QApplication::processEvents();
        auto* run = window.sourcePanel()->findChild<QPushButton*>("runAnalysis");
        const QPoint before = run->mapTo(&window, QPoint());
        QSignalSpy started(window.runner(), &AnalysisRunner::started);
        QTest::mouseClick(run, Qt::LeftButton);
        QApplication::processEvents();
        QCOMPARE(started.count(), 1);
        QCOMPARE(run->mapTo(&window, QPoint()), before);  // the info lines above may change; the buttons do not move
        window.waitForAnalysis();
        QApplication::processEvents();
        QCOMPARE(run->mapTo(&window, QPoint()), before);
        QCOMPARE(window.sourcePanel()->findChildren<QProgressBar*>().size(), 1);  // one bar for the whole run
        const auto bars = window.findChildren<QProgressBar*>();
        // Other work (removing a mode) has a bar of its own, shown only while that work runs.
        QVERIFY(std::count_if(bars.begin(), bars.end(), [](QProgressBar* b) { return !b->isHidden(); }) <= 1);
    }

    void theSourcePanelComesBackWhenTheWindowGrows() {
        MainWindow window;
        window.show();
        window.resize(1024, 700);
        QApplication::processEvents();
        const int narrow = window.findChild<QDockWidget*>("source-dock")->width();
        window.resize(1600, 1000);
        QApplication::processEvents();
        QVERIFY(window.findChild<QDockWidget*>("source-dock")->width() >= narrow);
        QVERIFY(window.sourcePanel()->width() >= window.sourcePanel()->minimumSizeHint().width());
    }
};

QTEST_MAIN(WindowLayoutTest)
#include "window_layout_test.moc"
