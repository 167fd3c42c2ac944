#pragma once
// |phi_j| of the selected mode over the whole batch: sequences down, time across, the review
// on display outlined. Repaints only while visible, so hidden tabs cost nothing per click.
#include <qcustomplot.h>

namespace kann::ui {

class LazyRefresh;
class SelectionModel;

class ModeHeatmap : public QCustomPlot {
    Q_OBJECT
public:
    explicit ModeHeatmap(SelectionModel* selection, QWidget* parent = nullptr);
    // Brings the map up to date with the selection now (export calls this for hidden views).
    void refresh();

private:
    void markReview();

    SelectionModel* selection_;
    QCPTextElement* title_;
    QCPColorMap* map_;
    QCPColorScale* colourBar_;
    QCPItemRect* reviewBox_;
    QCPItemText* placeholder_;
    LazyRefresh* lazy_;
};

}  // namespace kann::ui
