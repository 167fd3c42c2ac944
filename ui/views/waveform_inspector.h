#pragma once
// Series datasets: the selected series coloured along its length by the selected mode, the mode
// over time, and for autoencoders the series ranked by reconstruction error and the paper's
// median ± MAD plot of originals, full decoding and the decoding of the states rebuilt from the
// selected pair (Eq. 11). The series on display is named with its label and its error rank; after
// "Remove this mode", it is shown decoded with and without the mode, and its error before and after.
#include "core/analysis/analysis.h"
#include "core/insight/series_band.h"

#include <QWidget>
#include <map>
#include <memory>
#include <qcustomplot.h>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace kann::ui {

class SelectionModel;
class ColouredLine;
class DecodingRunner;
class ReconstructionRanking;
struct StudioAblation;
struct StudioInsight;
struct WholeDecoding;

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
    // Blocks until a streamed batch's pair being decoded whole has arrived (scripts, tests).
    void waitForDecoding();
    // The Eq. 11 form the decoding plot uses (saved with an exploration).
    ReconstructionForm form() const;
    void setForm(ReconstructionForm form);
    // The decoding plot's title: which sequences its medians are over.
    QString decodingTitle() const;
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
    void showShading(const PairBand* band, int mode, int partner);
    void showPageDecoding(const Exploration& e, int mode);
    bool showWholeDecoding(int mode);
    void requestWholeDecoding(std::shared_ptr<const StudioInsight> insight, int mode, ReconstructionForm form);
    void endWholeDecoding(const QString& stopped);
    QString wholeStatus() const;
    void showRemovalBand(const Exploration& batch);
    void showRemoval(int sequence);
    QString seriesName(int sequence) const;
    QString pairName(int mode, int partner) const;

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
    // A streamed batch decoded whole (from the insight's final states), one pair at a time.
    struct Request {
        const StudioInsight* insight = nullptr;
        int pair = -1;  // the pair's lower mode
        ReconstructionForm form = ReconstructionForm::PaperAbsolute;
        bool operator==(const Request& o) const { return insight == o.insight && pair == o.pair && form == o.form; }
    };
    DecodingRunner* wholeRunner_;
    QProgressBar* wholeProgress_;
    QPushButton* wholeCancel_;
    std::shared_ptr<const WholeDecoding> whole_;
    Request requested_;
    QString wholeStopped_;  // why the latest request ended without a result
    std::shared_ptr<const StudioAblation> removalMedianOf_;  // the removal whose decoding's median is kept
    MedianBand removalMedian_;
};

}  // namespace kann::ui
