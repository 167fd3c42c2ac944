#pragma once
// Series datasets: the selected series coloured along its length by the selected mode, the mode
// over time, and for autoencoders the series ranked by reconstruction error and the paper's
// median ± MAD plot of originals, full decoding and the decoding of the states rebuilt from the
// selected pair (Eq. 11). The series on display is named with its label and its error rank; after
// "Remove this mode", it is shown decoded with and without the mode, and its error before and after.
#include "core/analysis/analysis.h"

#include <QWidget>
#include <map>
#include <qcustomplot.h>

class QComboBox;
class QLabel;
class QPushButton;

namespace kann::ui {

class SelectionModel;
class ColouredLine;
class ReconstructionRanking;

class WaveformInspector : public QWidget {
    Q_OBJECT
public:
    explicit WaveformInspector(SelectionModel* selection, QWidget* parent = nullptr);

    QCustomPlot* seriesPlot() const { return series_; }
    QCustomPlot* decodingPlot() const { return decoding_; }
    ReconstructionRanking* ranking() const { return ranking_; }
    // What the labels of `dataPath`'s series mean (a demo's), see ReconstructionRanking.
    void setLabelNames(const std::map<int, QString>& names, const QString& dataPath);
    // The line above the plots: "Series 3 / 64 · unusual shape · reconstructed worst: 1 of 64".
    QString positionText() const;
    // Colour of step t of the coloured series as painted (tests).
    QColor stepColour(int t) const;
    // Brings the decoding plot up to date now (export calls this when the tab is hidden).
    void refreshDecoding();
    // The Eq. 11 form the decoding plot uses (saved with an exploration).
    ReconstructionForm form() const;
    void setForm(ReconstructionForm form);
    // The shaded band of the selected pair as [start, end) steps; {0, 0} when none is shown.
    std::pair<int, int> shadedBand() const;

protected:
    void showEvent(QShowEvent* event) override;

private:
    void buildSeriesPlot();
    QWidget* buildDecodingPanel();
    void rebuild();
    void recolour();
    void invalidateDecoding();
    void showBandOf(int mode, int partner, ReconstructionForm form);
    void showRemoval(int sequence);
    QString seriesName(int sequence) const;

    SelectionModel* selection_;
    QPushButton* previous_;
    QPushButton* next_;
    QLabel* position_;
    QComboBox* form_;
    QCustomPlot* series_;
    QCPTextElement* seriesTitle_;
    QCPAxisRect* modeRect_;
    ColouredLine* line_;
    QCPGraph* modeGraph_;
    QCPGraph* decodedBefore_;
    QCPGraph* decodedAfter_;
    QCPColorScale* colourBar_;
    QCPItemText* seriesPlaceholder_;
    ReconstructionRanking* ranking_;
    QWidget* decodingPanel_;
    QCustomPlot* decoding_;
    QCPTextElement* decodingTitle_;
    QCPItemText* decodingPlaceholder_;
    QCPItemRect* band_;
    QCPTextElement* bandLabel_;
    bool decodingStale_ = true;
    RowMatrixXf fullDecoding_;  // per exploration: the mode-independent curve
};

}  // namespace kann::ui
