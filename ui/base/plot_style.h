#pragma once
// One look for every plot: dark-on-light, readable at a projector's distance and in a paper.
#include "ui/base/colour_scale.h"

#include <QSplitter>
#include <QString>
#include <QTabWidget>
#include <initializer_list>
#include <qcustomplot.h>

namespace kann::ui::plot_style {

// Fonts, pens and margins of the axes; interaction flags are left to each view.
void apply(QCustomPlot* plot);
// Fonts, pens and grid of one axis (a colour bar's after it changed sides).
void styleAxis(QCPAxis* axis);
// Fonts, pens, grid and a closed frame for one axis rect (plots with several rects call it
// for each extra rect; apply() does the main one).
void styleAxisRect(QCPAxisRect* rect);
// Moves the legend out of the data into rows of `columns` entries under the plot.
void legendBelow(QCustomPlot* plot, int columns = 2);
// Wraps a legend under the plot (legendBelow) into at most `columns` columns, fewer when its names
// would not fit in `room` pixels; true when the columns changed.
bool fitLegendColumns(QCustomPlot* plot, int columns, int room);
// Puts a bold title row above the plot and returns it (setText to change it later).
QCPTextElement* addTitle(QCustomPlot* plot, const QString& title);
// Shows the first of `variants` whose every line fits in `room` pixels (the last when none does):
// a narrow plot gets a shorter or wrapped text instead of one cut at both ends.
void fitText(QCPTextElement* element, const QStringList& variants, int room);
// Puts a smaller grey line under the title (row 1) and returns it; call after addTitle.
QCPTextElement* addSubtitle(QCustomPlot* plot, const QString& text);
// Adds a vertical colour bar to the right of the main axis rect, aligned with it.
QCPColorScale* addColourBar(QCustomPlot* plot, const QString& label);
// Shows `scale` on `bar`: its gradient and its normalised range.
void showScale(QCPColorScale* bar, const ColourScale& scale);
// A framed text box on a white ground inside the axis rect, at `ratio` of it (0..1 each way),
// anchored by its `corner`; on the buffered overlay layer, so changing its text repaints it alone.
QCPItemText* addInfoBox(QCustomPlot* plot, QPointF ratio, Qt::Alignment corner);
// `view` under `heading` in one widget, without extra margins (the plots have their own).
QWidget* underHeading(QWidget* heading, QWidget* view);
// One tab of pages(): the widget, the tab's name and its tool tip (empty: none).
struct Page {
    QWidget* widget;
    QString name;
    QString tip;
};
// Tabs in document mode: views that would be unreadable stacked or side by side on a laptop.
QTabWidget* pages(std::initializer_list<Page> list);
// `top` above `bottom` in a vertical splitter that gives each half the height.
QSplitter* evenlyStacked(QWidget* top, QWidget* bottom);
// A centred grey message inside an empty plot ("Run an analysis to see ...").
QCPItemText* addPlaceholder(QCustomPlot* plot, const QString& text);
// Bars of `colour` with a darker outline, `width` in x units, called `name` in the legend.
QCPBars* addBars(QCustomPlot* plot, QColor colour, const QString& name, double width);

}  // namespace kann::ui::plot_style
