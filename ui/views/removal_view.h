#pragma once
// The Trust tab's causal check: for each mode removed while the network ran ("Remove this mode"),
// how far the output moved, beside the control that moved the state by as much along random
// directions. A mode whose bar towers over its control carries what the network decides with.
#include <QWidget>
#include <qcustomplot.h>
#include <vector>

class QProgressBar;
class QPushButton;

namespace kann::ui {

class SelectionModel;

class RemovalView : public QWidget {
    Q_OBJECT
public:
    explicit RemovalView(SelectionModel* selection, QWidget* parent = nullptr);

    QCustomPlot* plot() const { return plot_; }
    // Modes with a bar (one pair of bars per removal).
    int removals() const { return removedBars_->dataCount(); }
    QPushButton* removeButton() const { return remove_; }
    QPushButton* cancelButton() const { return cancel_; }

public slots:
    // A removal is running (percent, stage) or not (the progress and Cancel hide).
    void setRunning(bool running);
    void setProgress(int percent, const QString& stage);

signals:
    void removeRequested();
    void cancelRequested();

private:
    void rebuild();
    void describeButton();

    SelectionModel* selection_;
    QCustomPlot* plot_;
    QCPBars* removedBars_;
    QCPBars* controlBars_;
    QCPItemText* placeholder_;
    QVector<QCPItemText*> labels_;
    QPushButton* remove_;
    QProgressBar* progress_;
    QPushButton* cancel_;
};

// Modes by name: "λ4 and λ5".
QString modesText(const std::vector<int>& modes);
// What removing the selected mode is called on buttons and menus: "Remove λ4 and λ5 while the network runs".
QString removeModeText(const SelectionModel& selection);
// Whether the exploration shown can be run again with a mode removed (a network with an output).
bool canRemoveModes(const SelectionModel& selection);

}  // namespace kann::ui
