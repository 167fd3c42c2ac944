#pragma once
// Figures and results out of the window: plots as PNG (scaled), PDF and SVG with real text; the
// coloured text as a vector figure; the whole window as PNG; the spectrum and the selected
// mode as CSV and JSON. Every function throws kann::InputError(path, problem) on failure.
#include "core/pipeline/exploration.h"

#include <QSize>
#include <QString>
#include <functional>

class QCustomPlot;
class QPainter;
class QWidget;

namespace kann::ui {

struct PaintedFigure;

namespace exporting {

// By suffix: .png (at `scale` x the size), .pdf, .svg. An empty size uses the widget's own
// size, or 900 x 600 when the widget has not been laid out yet (hidden tabs, scripts).
void savePlot(QCustomPlot* plot, const QString& path, double scale = 2.0, QSize size = {});
// The same three formats for a QPainter figure.
void saveFigure(const PaintedFigure& figure, const QString& path, double scale = 2.0);
// A PNG of the whole window as it is on screen.
void saveWindow(QWidget* window, const QString& path);
// Eigenvalues and dominance (one row per eigenvalue) to `path`; when mode >= 0 also the mode's
// |phi| (sequences x time, empty cells on padding) to "<path stem>_phi<mode>.csv".
// Returns the files written.
QStringList saveResultsCsv(const Exploration& e, int mode, const QString& path);
// The results JSON of `kann analyze --json` (resultsJson), plus the selected mode and its |phi|.
void saveResultsJson(const Exploration& e, int mode, const QString& path);

// The file-dialog filter for plots and figures.
QString figureFilter();

}  // namespace exporting
}  // namespace kann::ui
