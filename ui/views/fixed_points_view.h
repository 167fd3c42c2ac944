#pragma once
// The local picture beside the global one: the fixed points of the analysed cell in the first two
// reduced coordinates over the batch's trajectories, coloured by their slowest Jacobian
// eigenvalue; a click overlays that point's Jacobian spectrum on the Koopman spectrum, and the
// alignment of the dominant Koopman mode with the points' line is said in words.
#include "core/dynamics/fixed_point_study.h"

#include <QWidget>
#include <map>
#include <memory>
#include <string>

class QCheckBox;
class QComboBox;
class QCPColorScale;
class QCPGraph;
class QCPItemText;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace kann::ui {

class ComplexPlane;
class FixedPointsRunner;
class JacobianOverlay;
class SelectionModel;
struct StudioFixedPoints;

class FixedPointsView : public QWidget {
    Q_OBJECT
public:
    explicit FixedPointsView(SelectionModel* selection, QWidget* parent = nullptr);
    ~FixedPointsView() override;

    // The Koopman spectrum the selected point's Jacobian eigenvalues are overlaid on.
    void overlayOn(ComplexPlane* spectrum);
    FixedPointsRunner* runner() const { return runner_; }

    // Points on display (fixed, then slow), the selected one (-1: none), and the overlay's markers.
    int pointCount() const;
    int selectedPoint() const { return selected_; }
    int overlayMarkers() const;
    QString alignmentText() const;
    // The search's settings (input, starts, tolerance) as a saved exploration's view keys, and back;
    // applying other settings searches again when the tab is on screen.
    std::map<std::string, std::string> viewSettings() const;
    void applyViewSettings(const std::map<std::string, std::string>& view);
    FixedPointStudyOptions options() const;

    // Pixel position of point i in the plot's coordinates (tests click there).
    QPointF pixelOf(int i) const;

public slots:
    // Searches with the input and number of starts chosen above the plot.
    void search();
    // Searches unless this exploration's points are shown or being searched (the tab came to the front).
    void searchIfNeeded();
    void selectPoint(int i);

private:
    void buildControls();
    void buildPlot();
    void explorationChanged();
    void showResult(std::shared_ptr<const StudioFixedPoints> result);
    void drawTrajectories();
    void drawPoints();
    void showSelection();
    void setRunning(bool running);
    int pointAt(const QPointF& pos, double radius) const;
    void saveSettings() const;
    void restoreSettings();

    SelectionModel* selection_;
    FixedPointsRunner* runner_;
    std::unique_ptr<JacobianOverlay> overlay_;
    std::shared_ptr<const StudioFixedPoints> result_;
    int selected_ = -1;
    bool searched_ = false;  // for the exploration on display

    QComboBox* input_;
    QSpinBox* starts_;
    QLineEdit* tolerance_;
    QPushButton* run_;
    QPushButton* cancel_;
    QLabel* progress_;
    QCheckBox* showOverlay_;
    QCustomPlot* plot_;
    QCPColorScale* colourBar_;
    QCPGraph* ring_ = nullptr;  // made by explorationChanged (clearing the plot removes it)
    QCPItemText* placeholder_;
    QLabel* words_;
    QLabel* pointWords_;
};

}  // namespace kann::ui
