#pragma once
// The complex plane as eigenvalue plots need it: the unit circle, axes through zero, one unit on
// Re as long as one unit on Im, and a view fitted to the data. The plane takes the shape of the
// view it was fitted to (a square for a spectrum inside the unit circle) and leaves the rest of
// the widget to the bottom or the right, where spareRoom() tells a view what it may put there.
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

    // The legend under the plane in at most `columns` columns, fewer where the plot is too narrow
    // for their names.
    void legendBelow(int columns);
    // Takes the legend off the plot (another plot's legend serves both).
    void removeLegend();
    // The part of the widget the figure leaves empty (below it, or beside the plane), after a layout.
    QRect spareRoom() const { return spare_; }

public slots:
    // Fits the view to the unit circle and the data.
    void resetView();

protected:
    // Gives the plane its view's shape, keeps one unit on Re equal to one unit on Im, and puts
    // the legend where it leaves the plane the most room.
    void updateLayout() override;
    // The layout grid's row of the plane.
    int planeRow() const;
    // Called when the plane's side margins have been fitted, before the layout that uses them:
    // elements under the plane align with it here.
    virtual void planeMarginsChanged(const QMargins&) {}

private:
    // The ranges that show the data bounds and the unit circle (before the aspect is fitted).
    void fitRanges();
    // Makes one unit on Re as long as one on Im; true when a range changed.
    bool fitAspect();
    // One layout with the legend where it is: the plane's shape and aspect fitted.
    void layOut();
    void setLegendBeside(bool beside);
    // Takes the legend out of the layout, wherever it is.
    void takeLegend();
    // Lays the plot out again when the legend's columns had to change for the width available.
    bool fitLegend();
    // Leaves the plane the shape of its view, the rest of the widget empty at the bottom or right.
    void fitShape();

    QRectF bounds_{-1, -1, 2, 2};
    double shape_ = 1;  // width / height of the fitted view
    int legendColumns_ = 0;
    bool legendBeside_ = false;
    QCPLayoutGrid* legendColumn_ = nullptr;  // holds the legend while it is beside the plane
    QRect spare_;
    QMargins sideMargins_;
    QCPRange wantedX_{-1.2, 1.2}, wantedY_{-1.2, 1.2};  // the view asked for, before the aspect is fitted
    bool fitting_ = false;  // the ranges are being set by fitAspect  // room for the Im axis' labels, and a gap on the right
};

}  // namespace kann::ui
