#include "ui/window/export_manager.h"

#include "core/common/error.h"
#include "core/insight/vocabulary_valence.h"
#include "core/pipeline/exploration_page.h"
#include "core/pipeline/results_json.h"
#include "ui/base/eigen_facts.h"
#include "ui/runners/insight_runner.h"
#include "ui/window/main_window.h"
#include "ui/views/meaning_view.h"
#include "ui/views/mode_heatmap.h"
#include "ui/views/singular_values_view.h"
#include "ui/views/spectrum_view.h"
#include "ui/views/text_inspector.h"
#include "ui/views/trust_view.h"
#include "ui/views/waveform_inspector.h"

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

namespace kann::ui {

const std::vector<ExportView>& exportViews() {
    using A = ExportView::Applies;
    static const std::vector<ExportView> views = {
        {"spectrum", "Spectrum…", {620, 600}, A::Always, [](MainWindow& w) -> QCustomPlot* { return w.spectrum(); }},
        {"text", "Coloured text figure…", {}, A::Text, nullptr},
        {"series", "Coloured series…", {900, 620}, A::Series,
         [](MainWindow& w) { return w.waveformInspector()->seriesPlot(); }},
        {"decoding", "Decoding (median ± MAD)…", {900, 560}, A::Decoder,
         [](MainWindow& w) {
             w.waveformInspector()->refreshDecoding();
             return w.waveformInspector()->decodingPlot();
         }},
        {"heatmap", "Heat map…", {900, 520}, A::Always,
         [](MainWindow& w) -> QCustomPlot* {
             w.heatmap()->refresh();
             return w.heatmap();
         }},
        {"singular", "Singular values…", {700, 450}, A::Always, [](MainWindow& w) -> QCustomPlot* { return w.singularValues(); }},
        {"prediction", "Prediction error and readout…", {820, 500}, A::Insight,
         [](MainWindow& w) { return w.trustView()->predictionPlot(); }},
        {"tracks", "Eigenvalue tracks over k…", {640, 680}, A::Insight, [](MainWindow& w) { return w.trustView()->tracksPlot(); }},
        {"lexicon", "Lexicon check…", {820, 520}, A::Lexicon, [](MainWindow& w) { return w.meaningView()->lexiconPlot(); }},
        {"window", "Whole window as PNG…", {}, A::Window, nullptr},
        {"results", "Results (CSV or JSON)…", {}, A::Results, nullptr},
        {"valence", "Every word's valence, selected mode (CSV)…", {}, A::Valence, nullptr},
    };
    return views;
}

const ExportView* exportView(const QString& key) {
    for (const ExportView& v : exportViews())
        if (key == QLatin1String(v.key)) return &v;
    return nullptr;
}

QStringList exportViewKeys() {
    QStringList keys;
    for (const ExportView& v : exportViews()) keys << v.key;
    return keys;
}

QStringList applicableViewKeys(const Exploration& e, const StudioInsight* insight) {
    using A = ExportView::Applies;
    QStringList keys;
    for (const ExportView& v : exportViews()) {
        const bool applies = v.applies == A::Always || (v.applies == A::Text && e.isText()) ||
                             (v.applies == A::Series && !e.isText()) || (v.applies == A::Decoder && !e.isText() && hasDecoder(e)) ||
                             v.applies == A::Insight || (v.applies == A::Lexicon && insight && insight->report.lexicon);
        if (applies) keys << v.key;
    }
    return keys;
}

}  // namespace kann::ui

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

// The ranges of every axis of a plot, put back after an export: drawing at another size lays the
// plot out again, and a plot that keeps its aspect (the complex plane) widens an axis to fit it.
class ViewKeeper {
public:
    explicit ViewKeeper(QCustomPlot* plot) : plot_(plot) {
        for (QCPAxisRect* rect : plot->axisRects())
            for (QCPAxis* axis : rect->axes()) ranges_.push_back({axis, axis->range()});
    }
    ~ViewKeeper() {
        for (const auto& [axis, range] : ranges_) axis->setRange(range);
        plot_->replot();
    }

private:
    QCustomPlot* plot_;
    std::vector<std::pair<QCPAxis*, QCPRange>> ranges_;
};

}  // namespace

QString figureFilter() {
    return QObject::tr("PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)");
}

void savePlot(QCustomPlot* plot, const QString& path, double scale, QSize size) {
    const ViewKeeper keep(plot);
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

void phiRows(const Exploration& e, int mode, const Progress& progress,
             const std::function<void(int sequence, const float* phi, int length)>& row) {
    const auto rows = [&row, mode](const KoopmanResult& r, int first) {
        const RowMatrixXf phi = modeMagnitude(r, mode);
        for (int b = 0; b < r.batch; ++b) row(first + b, phi.row(b).data(), r.lengths[b]);
    };
    if (!e.result.streamed) return rows(e.result, 0);
    const std::vector<int> starts = pageStarts(e.input.lengths);
    for (std::size_t p = 0; p < starts.size(); ++p) {
        const int end = p + 1 < starts.size() ? starts[p + 1] : e.result.batch;
        progress.step(starts[p], e.result.batch, "|φ| of every sequence");
        rows(explorationPage(e, starts[p], end - starts[p], Progress{{}, progress.cancel}).result, starts[p]);
    }
    progress.step(e.result.batch, e.result.batch, "|φ| of every sequence");
}

// Hands `row` each sequence's |φ_mode| over its valid steps, in order: from the result of a held
// exploration; for a streamed one a page at a time (explorationPage: memory holds one page, and the
// batch is unrolled once more). Cancelled or failed, it removes `file`, which would hold part of them.
void forEachPhiRow(QFile& file, const Exploration& e, int mode, const Progress& progress,
                   const std::function<void(int sequence, const float* phi, int length)>& row) {
    try {
        phiRows(e, mode, progress, row);
    } catch (...) {
        file.remove();
        throw;
    }
}

}  // namespace

QStringList saveResultsCsv(const Exploration& e, int mode, const QString& path, const Progress& progress) {
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
    out << "sequence";
    for (int t = 0; t < r.time; ++t) out << ",t" << t;
    out << '\n';
    forEachPhiRow(file, e, mode, progress, [&](int b, const float* phi, int length) {
        out << b;
        for (int t = 0; t < r.time; ++t) out << ',' << (t < length ? number(phi[t]) : QString());
        out << '\n';
    });
    written << phiPath;
    return written;
}

void saveValenceCsv(const Exploration& e, int mode, const Lexicon* lexicon, const QString& path) {
    std::vector<ValencedWord> words = valencedVocabulary(e, mode);
    std::stable_sort(words.begin(), words.end(), [](const ValencedWord& a, const ValencedWord& b) { return a.value > b.value; });
    QFile file(path);
    openForWriting(file);
    QTextStream out(&file);
    out << "word,valence_mode" << mode << ",lexicon\n";
    for (const ValencedWord& w : words) {
        QString verdict;
        if (lexicon) {
            const auto it = lexicon->polarity.find(w.word);
            verdict = it != lexicon->polarity.end() ? (it->second > 0 ? "positive" : "negative")
                      : lexicon->words.count(w.word) ? "listed" : "";
        }
        // Quoted, quotes doubled (RFC 4180): a vocabulary may hold commas and quotes.
        out << '"' << QString::fromStdString(w.word).replace('"', "\"\"") << "\"," << number(w.value) << ',' << verdict << '\n';
    }
}

void saveResultsJson(const Exploration& e, int mode, const QString& path, const Progress& progress) {
    nlohmann::json root = resultsJson(e);
    QFile file(path);
    openForWriting(file, QIODevice::NotOpen);
    if (mode < 0) {
        file.write(QByteArray::fromStdString(root.dump(2) + "\n"));
        return;
    }
    // The rows are written as they come (a streamed batch's never held at once) where a marker stands.
    const std::string marker = "\u0001phi rows\u0001";
    root["selected_mode"] = {{"index", mode}, {"phi_magnitude", marker}};
    const std::string text = root.dump(2);
    const std::size_t at = text.find(nlohmann::json(marker).dump());
    file.write(QByteArray::fromStdString(text.substr(0, at) + "["));
    const char* separator = "\n";
    forEachPhiRow(file, e, mode, progress, [&](int, const float* phi, int length) {
        file.write(separator);
        file.write(QByteArray::fromStdString(nlohmann::json(std::vector<float>(phi, phi + length)).dump()));
        separator = ",\n";
    });
    file.write(QByteArray::fromStdString("]" + text.substr(at + nlohmann::json(marker).dump().size()) + "\n"));
}

}  // namespace kann::ui::exporting
