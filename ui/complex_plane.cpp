#include "ui/complex_plane.h"

#include "ui/plot_style.h"

#include <algorithm>
#include <cmath>

namespace kann::ui {

ComplexPlane::ComplexPlane(QWidget* parent) : QCustomPlot(parent) {
    plot_style::apply(this);
    xAxis->setLabel(QStringLiteral("Re λ"));
    yAxis->setLabel(QStringLiteral("Im λ"));
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

void ComplexPlane::resetView() {
    const double extent = std::max(1.0, extent_) * 1.12;
    xAxis->setRange(-extent, extent);
    yAxis->setRange(-extent, extent);
    replot();
}

QPixmap ComplexPlane::fittedPixmap(int width, int height) {
    const QCPRange x = xAxis->range(), y = yAxis->range();
    // Set without a replot: the layout of the picture's own shape then widens one axis, not the screen's.
    const double extent = std::max(1.0, extent_) * 1.12;
    xAxis->setRange(-extent, extent);
    yAxis->setRange(-extent, extent);
    const QPixmap picture = toPixmap(width, height);
    xAxis->setRange(x);
    yAxis->setRange(y);
    replot(rpQueuedReplot);
    return picture;
}

void ComplexPlane::updateLayout() {
    QCustomPlot::updateLayout();
    // Equal units per pixel on both axes, widening whichever axis would otherwise squash the
    // circle; zoom and pan keep the ratio because they scale both axes alike.
    const QRect r = axisRect()->rect();
    if (r.width() <= 0 || r.height() <= 0) return;
    const double perPixel = std::max(xAxis->range().size() / r.width(), yAxis->range().size() / r.height());
    xAxis->setRange(xAxis->range().center(), perPixel * r.width(), Qt::AlignCenter);
    yAxis->setRange(yAxis->range().center(), perPixel * r.height(), Qt::AlignCenter);
}

}  // namespace kann::ui
