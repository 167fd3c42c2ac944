#pragma once
// The "Meaning" tab (text): the lexicon check as a number — the ROC AUC of each top mode's word
// kicks for membership in an opinion lexicon, beside the two baselines that need no Koopman
// analysis (‖Δh‖, |Δ logit|) — the words at the two ends of the best mode's signed scale, which
// modes separate the labels (computed by core in the insight worker), and, beside them, every
// word's valence for the selected mode (ValenceList).
#include <QWidget>
#include <qcustomplot.h>

class QLabel;
class QPushButton;

namespace kann::ui {

class SelectionModel;
class ValenceList;

class MeaningView : public QWidget {
    Q_OBJECT
public:
    explicit MeaningView(SelectionModel* selection, QWidget* parent = nullptr);

    QCustomPlot* lexiconPlot() const { return plot_; }
    // Bars on the lexicon plot: checked modes plus the baselines (0 without a lexicon check).
    int barCount() const;
    QString endsText() const;
    ValenceList* valenceList() const { return valence_; }

signals:
    void loadWordListRequested();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void rebuild();
    void highlightMode();

    SelectionModel* selection_;
    QLabel* source_;
    QPushButton* load_;
    QCustomPlot* plot_;
    QCPTextElement* subtitle_;
    QCPBars* modeBars_;
    QCPBars* baselineBars_;
    QCPBars* selectedBar_;
    QCPItemText* placeholder_;
    QCPItemText* chanceLabel_;
    QCPItemStraightLine* chanceLine_;
    QVector<QCPItemText*> values_;
    QLabel* ends_;
    ValenceList* valence_;
};

}  // namespace kann::ui
