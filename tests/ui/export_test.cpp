// Exported figures exist, parse and are not blank; vector formats keep text as text; results
// files hold the spectrum.
#include "core/common/error.h"
#include "core/io/npy.h"
#include "ui/window/export_manager.h"
#include "ui/window/main_window.h"
#include "ui/base/selection_model.h"
#include "ui/views/spectrum_view.h"
#include "ui/views/text_inspector.h"
#include "ui_test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>

using namespace kann;
using namespace kann::ui;

namespace {

// Share of pixels that are not (near) white.
double inkShare(const QImage& image) {
    const QImage img = image.convertToFormat(QImage::Format_RGB32);
    qint64 ink = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QRgb c = img.pixel(x, y);
            ink += qRed(c) < 235 || qGreen(c) < 235 || qBlue(c) < 235;
        }
    return double(ink) / (qint64(img.width()) * img.height());
}

QByteArray contents(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class ExportTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir;
    MainWindow* window = nullptr;
    std::shared_ptr<const Exploration> exploration;

    QString path(const QString& name) const { return dir.filePath(name); }

    void checkPng(const QString& file, QSize atLeast) {
        QImage image(file);
        QVERIFY2(!image.isNull(), qPrintable(file));
        QVERIFY(image.width() >= atLeast.width() && image.height() >= atLeast.height());
        QVERIFY2(inkShare(image) > 0.01, qPrintable(file + " is blank"));
    }
    void checkSvg(const QString& file, const QString& someText) {
        QSvgRenderer renderer(file);
        QVERIFY2(renderer.isValid(), qPrintable(file));
        QImage image(renderer.defaultSize().expandedTo(QSize(200, 200)), QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        renderer.render(&painter);
        painter.end();
        QVERIFY2(inkShare(image) > 0.01, qPrintable(file + " renders blank"));
        const QByteArray svg = contents(file);
        QVERIFY2(svg.contains("<text") && QString::fromUtf8(svg).contains(someText),
                 qPrintable(file + " has no real text \"" + someText + "\""));
    }
    void checkPdf(const QString& file) {
        const QByteArray pdf = contents(file);
        QVERIFY2(pdf.startsWith("%PDF-"), qPrintable(file));
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
        QVERIFY(pdf.contains("/Font"));  // text drawn as text, with its font embedded
        QVERIFY(pdf.size() > 2000);
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir.isValid());
        window = new MainWindow;
        window->show();
        exploration = test::textExploration();
        window->selection()->setExploration(exploration);
        window->showWorkspace();
        QVERIFY(QTest::qWaitForWindowExposed(window));
    }
    void cleanupTestCase() { delete window; }

    void plotsInThreeFormats() {
        for (const QString view : {"spectrum", "heatmap", "singular"}) {
            window->exportView(view, path(view + ".png"), 2.0);
            checkPng(path(view + ".png"), QSize(600, 400));
            window->exportView(view, path(view + ".pdf"));
            checkPdf(path(view + ".pdf"));
            window->exportView(view, path(view + ".svg"));
        }
        checkSvg(path("spectrum.svg"), "Koopman spectrum");
        checkSvg(path("singular.svg"), "Singular values");
        checkSvg(path("heatmap.svg"), "over the batch");
    }

    void exportLeavesTheViewOnScreenAlone() {
        SpectrumView* spectrum = window->spectrum();
        spectrum->xAxis->setRange(-0.4, 1.1);  // zoomed in, as a user leaves it before exporting
        spectrum->replot();
        const QCPRange x = spectrum->xAxis->range(), y = spectrum->yAxis->range();
        for (const char* suffix : {"png", "pdf", "svg"}) {
            window->exportView("spectrum", path(QStringLiteral("kept.") + suffix));
            QCOMPARE(spectrum->xAxis->range(), x);
            QCOMPARE(spectrum->yAxis->range(), y);
        }
        spectrum->resetView();
    }

    void pngScaleFactorScalesPixels() {
        window->exportView("spectrum", path("s1.png"), 1.0);
        window->exportView("spectrum", path("s3.png"), 3.0);
        QCOMPARE(QImage(path("s3.png")).width(), 3 * QImage(path("s1.png")).width());
    }

    void textFigureIsVector() {
        window->exportView("text", path("text.svg"));
        checkSvg(path("text.svg"), "excellent");
        window->exportView("text", path("text.pdf"));
        checkPdf(path("text.pdf"));
        window->exportView("text", path("text.png"), 2.0);
        checkPng(path("text.png"), QSize(1000, 100));
    }

    void wholeWindow() {
        window->exportView("window", path("window.png"));
        checkPng(path("window.png"), window->size());
    }

    void resultsAsCsvAndJson() {
        const KoopmanResult& r = exploration->result;
        const int j = window->selection()->mode();
        window->exportView("results", path("spectrum.csv"));
        const QStringList lines = QString::fromUtf8(contents(path("spectrum.csv"))).trimmed().split('\n');
        QCOMPARE(lines.size(), r.k + 1);
        QVERIFY(lines[0].startsWith("index,re,im,modulus"));
        const QStringList row = lines[3].split(',');
        QCOMPARE(row[1].toDouble(), r.eigenvalues(2).real());
        QCOMPARE(row[6].toDouble(), r.dominance(2));
        const QStringList phi = QString::fromUtf8(contents(path(QString("spectrum_phi%1.csv").arg(j)))).trimmed().split('\n');
        QCOMPARE(phi.size(), r.batch + 1);
        const RowMatrixXf m = modeMagnitude(r, j);
        QVERIFY(std::abs(phi[2].split(',')[4].toDouble() - m(1, 3)) < 1e-6);

        window->exportView("results", path("spectrum.json"));
        const QJsonObject o = QJsonDocument::fromJson(contents(path("spectrum.json"))).object();
        QCOMPARE(o["k"].toInt(), r.k);
        QCOMPARE(o["eigenvalues"].toArray().size(), r.k);
        QCOMPARE(o["eigenvalues"].toArray()[2].toObject()["pair"].toInt(), r.partner[2]);
        QCOMPARE(o["residual"].toDouble(), r.residual);
        QCOMPARE(o["selected_mode"].toObject()["index"].toInt(), j);
        QCOMPARE(o["selected_mode"].toObject()["phi_magnitude"].toArray()[0].toArray().size(), r.lengths[0]);
    }

    // A streamed run's results hold every sequence's |φ| (written a page at a time), equal to the
    // held run's to float32 unroll precision; a cancelled export leaves no |φ| file.
    void resultsOfAStreamedRunHoldEverySequence() {
        SourceSpec spec = test::sentimentFixture(dir.path(), 70);
        spec.selection.count = 0;
        spec.analysis.tabulateModes = true;
        spec.stream = StreamMode::Off;
        const Exploration held = runExploration(spec);
        spec.stream = StreamMode::On;
        const Exploration whole = runAnalysis(spec);
        QVERIFY(whole.result.streamed && whole.states.batch == 0);
        const int j = 0;
        const RowMatrixXf truth = modeMagnitude(held.result, j);
        const float tolerance = 1e-5f * truth.maxCoeff();

        std::vector<std::int64_t> reported;
        Progress progress;
        progress.report = [&reported](std::int64_t done, std::int64_t, const std::string&) { reported.push_back(done); };
        exporting::saveResultsCsv(whole, j, path("streamed.csv"), progress);
        QVERIFY(reported.size() >= 3 && reported.back() == 70);  // a page at a time: 0, 64, 70
        const QStringList phi = QString::fromUtf8(contents(path("streamed_phi0.csv"))).trimmed().split('\n');
        QCOMPARE(phi.size(), 71);
        for (int b = 0; b < 70; ++b) {
            const QStringList cells = phi[b + 1].split(',');
            QCOMPARE(cells[0].toInt(), b);
            QCOMPARE(cells.size(), whole.result.time + 1);
            for (int t = 0; t < whole.result.time; ++t) {
                if (t >= held.result.lengths[b]) {
                    QVERIFY(cells[t + 1].isEmpty());
                    continue;
                }
                QVERIFY2(std::abs(cells[t + 1].toFloat() - truth(b, t)) <= tolerance, qPrintable(QString("%1,%2").arg(b).arg(t)));
            }
        }

        exporting::saveResultsJson(whole, j, path("streamed.json"));
        const QJsonArray rows = QJsonDocument::fromJson(contents(path("streamed.json"))).object()["selected_mode"]
                                    .toObject()["phi_magnitude"].toArray();
        QCOMPARE(rows.size(), 70);
        QCOMPARE(rows[69].toArray().size(), held.result.lengths[69]);
        QVERIFY(std::abs(rows[69].toArray()[2].toDouble() - truth(69, 2)) <= tolerance);

        std::atomic<bool> cancel{true};
        QVERIFY_THROWS_EXCEPTION(Cancelled, exporting::saveResultsCsv(whole, j, path("cancelled.csv"), Progress{{}, &cancel}));
        QVERIFY(!QFile::exists(path("cancelled_phi0.csv")));
    }

    void badRequestsNameTheProblem() {
        QVERIFY_THROWS_EXCEPTION(InputError, window->exportView("spectrum", path("x.bmp")));
        QVERIFY_THROWS_EXCEPTION(InputError, window->exportView("nonsense", path("x.png")));
        QVERIFY_THROWS_EXCEPTION(InputError, window->exportView("decoding", path("x.png")));
        QVERIFY_THROWS_EXCEPTION(InputError, window->exportView("spectrum", "/nonexistent/folder/x.png"));
    }
};

QTEST_MAIN(ExportTest)
#include "export_test.moc"
