#include "ui/export_manager.h"

#include "core/common/error.h"
#include "core/pipeline/results_json.h"
#include "ui/eigen_facts.h"
#include "ui/text_inspector.h"

#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QTextStream>
#include <cmath>
#include <nlohmann/json.hpp>
#include <qcustomplot.h>

namespace kann::ui::exporting {
namespace {

[[noreturn]] void fail(const QString& path, const std::string& problem) {
    throw InputError(path.toStdString(), problem);
}

QString suffixOf(const QString& path) { return QFileInfo(path).suffix().toLower(); }

void checkWritten(const QString& path) {
    if (QFileInfo(path).size() <= 0) fail(path, "could not be written (check the folder and permissions)");
}

QSize plotSize(QCustomPlot* plot, QSize size) {
    if (size.isValid() && !size.isEmpty()) return size;
    if (plot->isVisible() && plot->width() >= 200 && plot->height() >= 150) return plot->size();
    return {900, 600};
}

// An SVG generator of the given logical size; painting on it keeps text as text.
void configureSvg(QSvgGenerator& generator, const QString& path, QSizeF size) {
    generator.setFileName(path);
    generator.setSize(size.toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), size));
    generator.setTitle(QStringLiteral("KANN Studio figure"));
    generator.setDescription(QStringLiteral("Made with KANN Studio"));
}

}  // namespace

QString figureFilter() {
    return QObject::tr("PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)");
}

void savePlot(QCustomPlot* plot, const QString& path, double scale, QSize size) {
    const QSize s = plotSize(plot, size);
    const QString suffix = suffixOf(path);
    bool ok = false;
    if (suffix == "png") {
        ok = plot->savePng(path, s.width(), s.height(), scale);
    } else if (suffix == "pdf") {
        ok = plot->savePdf(path, s.width(), s.height(), QCP::epNoCosmetic, "KANN Studio");
    } else if (suffix == "svg") {
        QSvgGenerator generator;
        configureSvg(generator, path, s);
        QCPPainter painter;
        ok = painter.begin(&generator);
        if (ok) {
            painter.setMode(QCPPainter::pmVectorized);
            painter.setMode(QCPPainter::pmNoCaching);
            plot->toPainter(&painter, s.width(), s.height());
            painter.end();
        }
    } else {
        fail(path, "has an unknown figure format (use .png, .pdf or .svg)");
    }
    if (!ok) fail(path, "could not be written");
    checkWritten(path);
    plot->replot();  // the export resized the viewport temporarily
}

void saveFigure(const PaintedFigure& figure, const QString& path, double scale) {
    const QString suffix = suffixOf(path);
    if (suffix == "png") {
        QImage image((figure.size * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        painter.scale(scale, scale);
        figure.paint(painter);
        painter.end();
        if (!image.save(path)) fail(path, "could not be written");
    } else if (suffix == "pdf") {
        QPdfWriter writer(path);
        writer.setResolution(72);  // one unit = one point: the figure's own coordinates
        writer.setPageSize(QPageSize(figure.size, QPageSize::Point));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setCreator(QStringLiteral("KANN Studio"));
        QPainter painter;
        if (!painter.begin(&writer)) fail(path, "could not be opened for writing");
        figure.paint(painter);
        painter.end();
    } else if (suffix == "svg") {
        QSvgGenerator generator;
        configureSvg(generator, path, figure.size);
        QPainter painter;
        if (!painter.begin(&generator)) fail(path, "could not be opened for writing");
        figure.paint(painter);
        painter.end();
    } else {
        fail(path, "has an unknown figure format (use .png, .pdf or .svg)");
    }
    checkWritten(path);
}

void saveWindow(QWidget* window, const QString& path) {
    if (!window->grab().save(path, "PNG")) fail(path, "could not be written as PNG");
}

namespace {

void openForWriting(QFile& file, QIODevice::OpenMode mode = QIODevice::Text) {
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | mode))
        fail(file.fileName(), "could not be opened for writing: " + file.errorString().toStdString());
}

QString number(double v) { return std::isfinite(v) ? QString::number(v, 'g', 17) : QString(); }

}  // namespace

QStringList saveResultsCsv(const Exploration& e, int mode, const QString& path) {
    const KoopmanResult& r = e.result;
    {
        QFile file(path);
        openForWriting(file);
        QTextStream out(&file);
        out << "index,re,im,modulus,angle,period,dominance,residual,pair\n";
        for (int j = 0; j < r.eigenvalues.size(); ++j) {
            const EigenFacts f = eigenFacts(r, j);
            out << j << ',' << number(f.re) << ',' << number(f.im) << ',' << number(f.modulus) << ','
                << number(f.angle) << ',' << number(f.period) << ',' << number(f.dominance) << ','
                << number(f.residual) << ',' << f.partner << '\n';
        }
    }
    QStringList written{path};
    if (mode < 0) return written;
    const QFileInfo info(path);
    const QString phiPath = info.dir().filePath(info.completeBaseName() + QStringLiteral("_phi%1.csv").arg(mode));
    QFile file(phiPath);
    openForWriting(file);
    QTextStream out(&file);
    const RowMatrixXf phi = modeMagnitude(r, mode);
    out << "sequence";
    for (int t = 0; t < r.time; ++t) out << ",t" << t;
    out << '\n';
    for (int b = 0; b < r.batch; ++b) {
        out << b;
        for (int t = 0; t < r.time; ++t) out << ',' << (t < r.lengths[b] ? number(phi(b, t)) : QString());
        out << '\n';
    }
    written << phiPath;
    return written;
}

void saveResultsJson(const Exploration& e, int mode, const QString& path) {
    nlohmann::json root = resultsJson(e);
    if (mode >= 0) {
        const RowMatrixXf phi = modeMagnitude(e.result, mode);
        nlohmann::json rows = nlohmann::json::array();
        for (int b = 0; b < e.result.batch; ++b)
            rows.push_back(std::vector<float>(phi.row(b).data(), phi.row(b).data() + e.result.lengths[b]));
        root["selected_mode"] = {{"index", mode}, {"phi_magnitude", rows}};
    }
    QFile file(path);
    openForWriting(file, QIODevice::NotOpen);
    file.write(QByteArray::fromStdString(root.dump(2) + "\n"));
}

}  // namespace kann::ui::exporting
