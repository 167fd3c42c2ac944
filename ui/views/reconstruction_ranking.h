#pragma once
// Autoencoders: every series of the batch as a bar of its reconstruction error (core's
// reconstructionErrors, computed once per analysis by the insight worker), worst first and
// coloured by label, so a student sees at once whether the worst beats share a shape. The series
// on display is marked; click a bar to show that series.
#include <QString>
#include <map>
#include <qcustomplot.h>
#include <vector>

namespace kann {
struct Exploration;
}

namespace kann::ui {

class SelectionModel;

class ReconstructionRanking : public QCustomPlot {
    Q_OBJECT
public:
    explicit ReconstructionRanking(SelectionModel* selection, QWidget* parent = nullptr);

    // Names the labels whenever the exploration shown reads `dataPath` (a demo's data); other
    // data falls back on the names in its file, then on the numbers.
    void setLabelNames(const std::map<int, QString>& names, const QString& dataPath);
    // "unusual shape", "positive", "label 3"; "no label" for -1.
    QString labelName(int label) const;

    // Series of the batch at rank `rank` (0 = worst), or -1.
    int sequenceAt(int rank) const;
    // Rank of series `sequence` (0 = worst), or -1 before the errors are in.
    int rankOf(int sequence) const;
    int rankCount() const { return static_cast<int>(order_.size()); }
    // Rank of the bar at widget position `pos`, or -1.
    int rankAt(const QPointF& pos) const;

protected:
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    void rebuild();
    void markCurrent();

    SelectionModel* selection_;
    QCPItemText* placeholder_;
    QCPItemRect* marker_;
    std::map<int, QString> names_;
    QString namesData_;
    std::vector<int> order_;  // series by rank, worst first
};

}  // namespace kann::ui
