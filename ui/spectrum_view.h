#pragma once
// The Koopman spectrum on the complex plane: eigenvalues as points sized and coloured by
// dominance, the unit circle, equal aspect ratio, zoom/pan, hover details, click to select.
#include <QString>
#include <qcustomplot.h>

namespace kann::ui {

class SelectionModel;
class EigenPoints;

class SpectrumView : public QCustomPlot {
    Q_OBJECT
public:
    explicit SpectrumView(SelectionModel* selection, QWidget* parent = nullptr);

    // Pixel position of eigenvalue j in widget coordinates (tests click there).
    QPointF pixelOf(int j) const;
    // The eigenvalue nearest to a widget position within `radius` pixels, or -1.
    int eigenvalueAt(const QPointF& pos, double radius) const;
    int pointCount() const;
    // Text for the hover tooltip of eigenvalue j: index, lambda, |lambda|, angle, period,
    // dominance, residual.
    QString describe(int j) const;

public slots:
    // Fits the view to the unit circle and every eigenvalue.
    void resetView();

protected:
    void updateLayout() override;  // keeps one unit on Re equal to one unit on Im
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void rebuild();
    void showSelection(int mode, int partner);

    SelectionModel* selection_;
    EigenPoints* points_;
    QCPTextElement* title_;
    QCPColorScale* colourBar_;
    QCPItemText* label_;
    QPointF pressPos_;
};

}  // namespace kann::ui
