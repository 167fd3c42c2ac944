#pragma once
// The complex plane as eigenvalue plots need it: the unit circle, axes through zero, one unit on
// Re as long as one unit on Im whatever the widget's shape, and a view fitted to the data.
#include <qcustomplot.h>

namespace kann::ui {

class ComplexPlane : public QCustomPlot {
    Q_OBJECT
public:
    explicit ComplexPlane(QWidget* parent = nullptr);

    // The largest |z| the plot shows; resetView fits it (and at least the unit circle).
    void setDataExtent(double extent) { extent_ = extent; }

    // The plot drawn at width x height with the view fitted to the data for that shape; the view on
    // screen is left as it is.
    QPixmap fittedPixmap(int width, int height);

public slots:
    // Fits the view to the unit circle and the data.
    void resetView();

protected:
    void updateLayout() override;  // keeps one unit on Re equal to one unit on Im

private:
    double extent_ = 1.0;
};

}  // namespace kann::ui
