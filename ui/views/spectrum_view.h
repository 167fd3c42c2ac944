#pragma once
// The Koopman spectrum on the complex plane: eigenvalues as points sized and coloured by
// dominance and faded by their residual (trust), zoom/pan, hover details, click to select, and
// optionally a second spectrum (another checkpoint or batch) overlaid and matched.
#include "ui/views/complex_plane.h"

#include <QString>

namespace kann::ui {

class SelectionModel;
class EigenPoints;
class OverlayPoints;
class SelectionRings;

class SpectrumView : public ComplexPlane {
    Q_OBJECT
public:
    explicit SpectrumView(SelectionModel* selection, QWidget* parent = nullptr);

    // Pixel position of eigenvalue j in widget coordinates (tests click there).
    QPointF pixelOf(int j) const;
    // The eigenvalue nearest to a widget position within `radius` pixels, or -1.
    int eigenvalueAt(const QPointF& pos, double radius) const;
    int pointCount() const;
    // Fill colour of eigenvalue j's point as painted (alpha = trust) and whether it has the
    // dashed halo of a doubtful residual (tests).
    QColor pointColour(int j) const;
    bool hasHalo(int j) const;
    // Points of the overlaid second spectrum (0 without one).
    int overlayCount() const;
    // Text for the hover tooltip of eigenvalue j: index, lambda, |lambda|, angle, period,
    // dominance, residual.
    QString describe(int j) const;
    // Puts this spectrum on scales shared with another: dominance colours and sizes topped at
    // `ceiling` (0: this spectrum's own largest) and the view fitted to `bounds` as well.
    void shareScales(double ceiling, const QRectF& bounds);
    // The top of the dominance scale as drawn.
    double dominanceCeiling() const;

    // The view always reaches out to |z| = extent (at least): a spectrum scrubbed through training
    // keeps one scale. 0 removes the floor.
    void setExtentFloor(double extent);

public slots:
    // Fits the view to the unit circle and every eigenvalue (both spectra).
    void resetView();

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void updateLayout() override;
    void planeMarginsChanged(const QMargins& margins) override;

private:
    void rebuild();
    void fitTitle();
    void showComparison();
    void showSelection(int mode, int partner);
    void placeFacts();
    void setBarUnder(bool under);

    SelectionModel* selection_;
    EigenPoints* points_;
    OverlayPoints* overlay_;
    SelectionRings* rings_;
    QCPTextElement* title_;
    QCPColorScale* colourBar_;
    QCPItemText* label_;
    QPointF pressPos_;
    double dominanceCeiling_ = 0;
    QRectF sharedBounds_{-1, -1, 2, 2};
    double extentFloor_ = 0;
    bool barUnder_ = false;
    bool factsShown_ = false;  // a mode is selected; placeFacts decides whether there is room
};

}  // namespace kann::ui
