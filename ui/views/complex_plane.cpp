#include "ui/views/complex_plane.h"

#include "ui/base/plot_style.h"

#include <algorithm>
#include <cmath>

namespace kann::ui {

ComplexPlane::ComplexPlane(QWidget* parent) : QCustomPlot(parent) {
    plot_style::apply(this);
    xAxis->setLabel(QStringLiteral("Re λ"));
    yAxis->setLabel(QStringLiteral("Im λ"));
    // Side margins that do not follow the tick labels: a zoom or a refit that turns "-1" into
    // "-1.5" would otherwise move the plot under the cursor (and every point after a click).
    const QFontMetrics ticks(yAxis->tickLabelFont()), label(yAxis->labelFont());
    axisRect()->setAutoMargins(QCP::msTop | QCP::msBottom);
    sideMargins_ = QMargins(ticks.horizontalAdvance(QStringLiteral("−0.75")) + label.height() + 24, 0, 12, 0);
    axisRect()->setMargins(sideMargins_);
    plotLayout()->setAutoMargins(QCP::msNone);  // fitShape sets them
    // A range set from outside (a fit, a zoom, a pan, a restored view) is the view asked for.
    for (QCPAxis* axis : {xAxis, yAxis})
        connect(axis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
            if (fitting_) return;
            wantedX_ = xAxis->range();
            wantedY_ = yAxis->range();
        });
    auto* circle = new QCPCurve(xAxis, yAxis);
    QVector<double> t(361), x(361), y(361);
    for (int i = 0; i <= 360; ++i) {
        t[i] = i;
        x[i] = std::cos(i * M_PI / 180.0);
        y[i] = std::sin(i * M_PI / 180.0);
    }
    circle->setData(t, x, y);
    circle->setPen(QPen(QColor(120, 120, 120), 1.2, Qt::DashLine));
    circle->setSelectable(QCP::stNone);
    circle->setName(tr("unit circle"));
    circle->removeFromLegend();
    for (auto [p1, p2] : {std::pair{QPointF(0, 0), QPointF(1, 0)}, {QPointF(0, 0), QPointF(0, 1)}}) {
        auto* line = new QCPItemStraightLine(this);
        line->point1->setCoords(p1);
        line->point2->setCoords(p2);
        line->setPen(QPen(QColor(190, 190, 190), 1));
        line->setSelectable(false);
    }
}

QRectF boundsOf(const std::vector<std::complex<double>>& points) {
    QRectF box(-1, -1, 2, 2);
    for (const auto& z : points) box |= QRectF(z.real(), z.imag(), 0, 0).normalized().adjusted(0, 0, 1e-12, 1e-12);
    return box;
}

void ComplexPlane::fitRanges() {
    // The unit circle and the data, with room for the points' own radius; the aspect is kept
    // by updateLayout, which widens whichever axis the widget's shape leaves room on.
    const QRectF box = bounds_.united(QRectF(-1, -1, 2, 2));
    const double margin = 0.08 * std::max(box.width(), box.height());
    xAxis->setRange(box.left() - margin, box.right() + margin);
    yAxis->setRange(box.top() - margin, box.bottom() + margin);
    shape_ = xAxis->range().size() / yAxis->range().size();
}

void ComplexPlane::legendBelow(int columns) {
    plot_style::legendBelow(this, columns);
    legendColumns_ = columns;
    // Beside the plane, the legend is a column of entries over an empty cell that takes the rest
    // of the height, so the entries stay together at the top.
    legendColumn_ = new QCPLayoutGrid;
    legendColumn_->setParent(this);
    legendColumn_->addElement(1, 0, new QCPLayoutElement(this));
    legendColumn_->setRowStretchFactor(1, 1000);
}

int ComplexPlane::planeRow() const {
    int row = 0;
    while (!plotLayout()->hasElement(row, 0) || plotLayout()->element(row, 0) != axisRect()) ++row;
    return row;
}

void ComplexPlane::takeLegend() {
    QCPLayoutGrid* layout = plotLayout();
    if (legendColumn_ && legendColumn_->hasElement(0, 0)) {
        legendColumn_->take(legend);
        layout->take(legendColumn_);
    } else {
        layout->take(legend);
    }
    layout->simplify();
}

void ComplexPlane::removeLegend() {
    takeLegend();
    legend->setVisible(false);
    legendColumns_ = 0;
}

void ComplexPlane::setLegendBeside(bool beside) {
    legendBeside_ = beside;
    takeLegend();
    QCPLayoutGrid* layout = plotLayout();
    if (beside) {
        legendColumn_->addElement(0, 0, legend);
        const int column = layout->columnCount();
        layout->addElement(planeRow(), column, legendColumn_);
        layout->setColumnStretchFactor(column, 0.001);
        plot_style::fitLegendColumns(this, 1, 0);
    } else {
        const int row = layout->rowCount();
        layout->addElement(row, 0, legend);
        layout->setRowStretchFactor(row, 0.001);
    }
}

void ComplexPlane::resetView() {
    fitRanges();
    replot();
}

QPixmap ComplexPlane::fittedPixmap(int width, int height) {
    const QCPRange x = xAxis->range(), y = yAxis->range();
    // Set without a replot: the layout of the picture's own shape then widens one axis, not the screen's.
    fitRanges();
    const QPixmap picture = toPixmap(width, height);
    xAxis->setRange(x);
    yAxis->setRange(y);
    replot(rpQueuedReplot);
    return picture;
}

// The legend under the plane or beside it, whichever leaves the plane larger.
void ComplexPlane::updateLayout() {
    layOut();
    if (legendColumns_ <= 0 || !legend->visible()) return;
    const int here = axisRect()->rect().width();
    setLegendBeside(!legendBeside_);
    layOut();
    if (axisRect()->rect().width() <= here) {
        setLegendBeside(!legendBeside_);
        layOut();
    }
}

void ComplexPlane::layOut() {
    plotLayout()->setMargins(QMargins());
    axisRect()->setMargins(sideMargins_);
    QCustomPlot::updateLayout();
    if (fitLegend()) QCustomPlot::updateLayout();
    fitShape();
    // Fitting the aspect changes the ranges, so the tick labels, so the margins: lay out again
    // until they settle, or the next replot (the first click) would shift the whole plot.
    for (int pass = 0; pass < 3; ++pass) {
        QCustomPlot::updateLayout();
        if (!fitAspect()) return;
    }
}

bool ComplexPlane::fitLegend() {
    if (legendColumns_ <= 0 || !legend->visible() || legendBeside_) return false;
    // The legend shares the plane's column: its room is what the other columns (a colour bar) leave.
    int room = viewport().width();
    for (int column = 1; column < plotLayout()->columnCount(); ++column) {
        int widest = 0;
        for (int row = 0; row < plotLayout()->rowCount(); ++row)
            if (plotLayout()->hasElement(row, column)) widest = std::max(widest, plotLayout()->element(row, column)->outerRect().width());
        room -= widest;
    }
    return plot_style::fitLegendColumns(this, legendColumns_, room);
}

// Spare height goes under the figure; spare width beside the plane inside its column, so that the
// title and legend keep the whole width: to the plane's left when a colour bar sits at its right
// (the two stay together), else to its right.
void ComplexPlane::fitShape() {
    const QRect r = axisRect()->rect();
    spare_ = QRect();
    if (r.width() <= 0 || r.height() <= 0) return;
    const int right = std::max(0, r.width() - static_cast<int>(std::lround(r.height() * shape_)));
    const int bottom = std::max(0, r.height() - static_cast<int>(std::lround(r.width() / shape_)));
    // Tick labels about 50 pixels apart, so that a small plane's do not run into each other.
    xAxis->ticker()->setTickCount(std::max(3, (r.width() - right) / 50));
    yAxis->ticker()->setTickCount(std::max(3, (r.height() - bottom) / 40));
    if (bottom > 0) {
        plotLayout()->setMargins(QMargins(0, 0, 0, bottom));
        spare_ = QRect(0, viewport().bottom() - bottom + 1, viewport().width(), bottom);
    } else if (right > 0 && plotLayout()->columnCount() > 1) {
        axisRect()->setMargins(sideMargins_ + QMargins(right, 0, 0, 0));
        spare_ = QRect(r.left() - sideMargins_.left(), r.top(), right, r.height());
    } else if (right > 0) {
        axisRect()->setMargins(sideMargins_ + QMargins(0, 0, right, 0));
        spare_ = QRect(r.right() + 1 - right + sideMargins_.right(), r.top(), right, r.height());
    }
    planeMarginsChanged(axisRect()->margins());
}

bool ComplexPlane::fitAspect() {
    // Equal units per pixel on both axes, the asked-for view widened on whichever axis would
    // otherwise squash the circle. Always from the view asked for, never from the last fit: the
    // layouts tried one after another would otherwise widen the axes a little more each time.
    const QRect r = axisRect()->rect();
    if (r.width() <= 0 || r.height() <= 0) return false;
    const double perPixel = std::max(wantedX_.size() / r.width(), wantedY_.size() / r.height());
    const QCPRange x(wantedX_.center() - perPixel * r.width() / 2, wantedX_.center() + perPixel * r.width() / 2);
    const QCPRange y(wantedY_.center() - perPixel * r.height() / 2, wantedY_.center() + perPixel * r.height() / 2);
    const double tolerance = 1e-9 * perPixel;
    const auto moved = [tolerance](const QCPRange& a, const QCPRange& b) {
        return std::abs(a.lower - b.lower) > tolerance || std::abs(a.upper - b.upper) > tolerance;
    };
    const bool changed = moved(x, xAxis->range()) || moved(y, yAxis->range());
    fitting_ = true;
    xAxis->setRange(x);
    yAxis->setRange(y);
    fitting_ = false;
    return changed;
}

}  // namespace kann::ui
