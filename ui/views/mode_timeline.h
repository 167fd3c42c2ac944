#pragma once
// The dominant modes over time for the sequence on display: one lane per mode (a conjugate pair
// shown once), |φ_j(t)| normalised to its own maximum, the selected mode highlighted and the
// task's phases (input, delay, go, recall) shaded behind. Click a lane to select its mode.
// Values come from core's stepValues; repaints only while visible, like the heat map.
#include "ui/window/demo_catalog.h"

#include <qcustomplot.h>
#include <vector>

namespace kann::ui {

class LazyRefresh;
class SelectionModel;

class ModeTimeline : public QCustomPlot {
    Q_OBJECT
public:
    explicit ModeTimeline(SelectionModel* selection, QWidget* parent = nullptr);

    // Shades `phases` whenever the exploration shown reads `dataPath` (a demo's task); an empty
    // list clears them. Other data is never shaded with a task it does not follow.
    void setPhases(const std::vector<TaskPhase>& phases, const QString& dataPath);
    // How many of the most dominant modes get a lane (the selected one always gets one too).
    void setModeCount(int count);
    // Brings the plot up to date with the selection now (export and tests call it when hidden).
    void refresh();

    // What is drawn, top lane first (tests and exports read them).
    const std::vector<int>& modes() const { return modes_; }
    int curveCount() const { return graphCount(); }
    int phaseBandCount() const { return phaseBands_; }
    // Mode whose lane is at widget position `pos`, or -1.
    int modeAt(const QPointF& pos) const;

protected:
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    void clearPlot();
    void chooseModes();
    void drawLane(int lane, int mode, int sequence);
    void drawPhases(int length);
    void labelSteps(const Exploration& e, int sequence);
    bool phasesApply() const;

    SelectionModel* selection_;
    QCPTextElement* title_;
    QCPItemText* placeholder_;
    QCPItemRect* highlight_ = nullptr;
    std::vector<QCPAbstractItem*> phaseItems_;  // bands and their names
    int phaseBands_ = 0;
    std::vector<TaskPhase> phases_;
    QString phasesData_;
    std::vector<int> modes_;
    int modeCount_ = 6;
    LazyRefresh* lazy_;
};

}  // namespace kann::ui
