#pragma once
// |phi_j| of the selected mode over the whole batch, or over the page on display of a streamed
// one: sequences down (numbered from 1 in the whole batch, as every view numbers them), time across, the review on display outlined. Click a row to show that
// sequence; hover for its number, step, word and value. Repaints only while visible, so hidden
// tabs cost nothing per click.
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
    // The sequence (0-based index into the batch or page on display) drawn at widget position `pos`, or -1.
    int sequenceAt(const QPointF& pos) const;
    // Widget position of the middle of sequence b's row (tests click there).
    QPointF pixelOfSequence(int b) const;
    // The row number the outline marks, as the axis labels it (the review on display, from 1).
    int markedRow() const;

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    void markReview();
    QString describe(int b, int t) const;

    SelectionModel* selection_;
    QCPTextElement* title_;
    QCPColorMap* map_;
    QCPColorScale* colourBar_;
    QCPItemRect* reviewBox_;
    QCPItemText* placeholder_;
    LazyRefresh* lazy_;
    QPointF pressPos_;
};

}  // namespace kann::ui
