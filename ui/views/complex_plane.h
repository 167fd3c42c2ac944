#pragma once
// The complex plane as eigenvalue plots need it: the unit circle, axes through zero, one unit on
// Re as long as one unit on Im whatever the widget's shape, and a view fitted to the data.
// The bounds of a set of points, for setDataBounds (an empty set gives the unit box).
#include <complex>
#include <qcustomplot.h>
#include <vector>

namespace kann::ui {

QRectF boundsOf(const std::vector<std::complex<double>>& points);

class ComplexPlane : public QCustomPlot {
    Q_OBJECT
public:
    explicit ComplexPlane(QWidget* parent = nullptr);

    // The box the data occupy; resetView fits it and the unit circle, with a margin.
    void setDataBounds(const QRectF& bounds) { bounds_ = bounds; }
    const QRectF& dataBounds() const { return bounds_; }

    // The plot drawn at width x height with the view fitted to the data for that shape; the view on
    // screen is left as it is.
    QPixmap fittedPixmap(int width, int height);

public slots:
    // Fits the view to the unit circle and the data.
    void resetView();

protected:
    void updateLayout() override;  // keeps one unit on Re equal to one unit on Im

private:
    // The ranges that show the data bounds and the unit circle (before the aspect is fitted).
    void fitRanges();
    // Makes one unit on Re as long as one on Im; true when a range changed.
    bool fitAspect();

    QRectF bounds_{-1, -1, 2, 2};
};

}  // namespace kann::ui
