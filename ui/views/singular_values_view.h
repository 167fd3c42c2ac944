#pragma once
// The singular values of the hidden states (scree plot), with the chosen k marked: how much of
// the state the reduction keeps.
#include <qcustomplot.h>

namespace kann::ui {

class SelectionModel;

class SingularValuesView : public QCustomPlot {
    Q_OBJECT
public:
    explicit SingularValuesView(SelectionModel* selection, QWidget* parent = nullptr);

private:
    void rebuild();

    SelectionModel* selection_;
    QCPGraph* kept_;
    QCPGraph* dropped_;
    QCPItemStraightLine* cut_;
    QCPItemText* cutLabel_;
    QCPItemText* placeholder_;
};

}  // namespace kann::ui
