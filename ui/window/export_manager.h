#pragma once
// Figures and results out of the window: plots as PNG (scaled), PDF and SVG with real text; the
// coloured text as a vector figure; the whole window as PNG; the spectrum and the selected
// mode as CSV and JSON. Every function throws kann::InputError(path, problem) on failure.
#include "core/common/progress.h"
#include "core/insight/lexicon_check.h"
#include "core/pipeline/exploration.h"

#include <QSize>
#include <QString>
#include <functional>
#include <vector>

class QCustomPlot;
class QPainter;
class QWidget;

namespace kann::ui {

class MainWindow;
struct PaintedFigure;
struct StudioInsight;

// Every view the studio exports, in one table: the File > Export menu, `--export-figure`,
// `--export-all`, the studio's help text and MainWindow::exportView all read it, so adding a
// view is one row.
struct ExportView {
    // When the view has something to show.
    enum class Applies { Always, Text, Series, Decoder, Insight, Lexicon, Window, Results, Valence };
    const char* key;    // the name on the command line and in file names
    const char* label;  // the menu's words
    QSize size;         // a figure's size is the author's choice, not the window's
    Applies applies;
    // The plot behind the view, brought up to date (null for the text figure, window, results).
    QCustomPlot* (*plot)(MainWindow& window);
};

// The table, in menu order.
const std::vector<ExportView>& exportViews();
// The row of `key`, or null.
const ExportView* exportView(const QString& key);
// Every key, and the keys of the figures that apply to `e` (with `insight` once computed).
QStringList exportViewKeys();
QStringList applicableViewKeys(const Exploration& e, const StudioInsight* insight);

namespace exporting {

// By suffix: .png (at `scale` x the size), .pdf, .svg. An empty size uses the widget's own
// size, or 900 x 600 when the widget has not been laid out yet (hidden tabs, scripts).
void savePlot(QCustomPlot* plot, const QString& path, double scale = 2.0, QSize size = {});
// The same three formats for a QPainter figure.
void saveFigure(const PaintedFigure& figure, const QString& path, double scale = 2.0);
// A PNG of the whole window as it is on screen.
void saveWindow(QWidget* window, const QString& path);
// Eigenvalues and dominance (one row per eigenvalue) to `path`; when mode >= 0 also the mode's
// |phi| (sequences x time, empty cells on padding) to "<path stem>_phi<mode>.csv". A streamed
// exploration's every sequence is written, a page at a time (memory holds one page; the batch is
// unrolled once more, so run it off the GUI thread: `progress` reports and cancels, and a cancelled
// export leaves no |phi| file). Returns the files written.
QStringList saveResultsCsv(const Exploration& e, int mode, const QString& path, const Progress& progress = {});
// The results JSON of `kann analyze --json` (resultsJson), plus the selected mode and its |phi|
// (every sequence's, as saveResultsCsv).
void saveResultsJson(const Exploration& e, int mode, const QString& path, const Progress& progress = {});

// Every word's valence for `mode` (text, fit with inputs) as CSV: word, valence, the lexicon's verdict
// (positive, negative, listed, or empty; empty for all without a lexicon), most positive first.
void saveValenceCsv(const Exploration& e, int mode, const Lexicon* lexicon, const QString& path);

// The file-dialog filter for plots and figures.
QString figureFilter();

}  // namespace exporting
}  // namespace kann::ui
