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

    void badRequestsNameTheProblem() {
        QVERIFY_THROWS_EXCEPTION(InputError, window->exportView("spectrum", path("x.bmp")));
        QVERIFY_THROWS_EXCEPTION(InputError, window->exportView("nonsense", path("x.png")));
        QVERIFY_THROWS_EXCEPTION(InputError, window->exportView("decoding", path("x.png")));
        QVERIFY_THROWS_EXCEPTION(InputError, window->exportView("spectrum", "/nonexistent/folder/x.png"));
    }
};

QTEST_MAIN(ExportTest)
#include "export_test.moc"
