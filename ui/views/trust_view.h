#pragma once
// The "Trust" tab: how well C stands in for the network (prediction error over the horizon,
// readout accuracy of Koopman-predicted final states) and how stable the spectrum is as k varies
// (eigenvalue tracks), and what removing a mode does to the output (RemovalView). Everything shown
// was computed by core in the insight and ablation workers.
#include <QWidget>
#include <qcustomplot.h>

namespace kann::ui {

class ComplexPlane;
class RemovalView;
class SelectionModel;

class TrustView : public QWidget {
    Q_OBJECT
public:
    explicit TrustView(SelectionModel* selection, QWidget* parent = nullptr);

    QCustomPlot* predictionPlot() const { return prediction_; }
    QCustomPlot* tracksPlot() const;
    RemovalView* removalView() const { return removal_; }
    // Horizons on the prediction curve (0 until the insight is in).
    int predictionPoints() const;
    // The text beside the curve: readout accuracies, or why there are none.
    QString readoutText() const;

protected:
    void showEvent(QShowEvent* event) override;

private:
    void rebuild();
    void showPrediction();
    void describePrediction(bool driven);
    void showTracks();
    void highlightTrack();

    SelectionModel* selection_;
    QCustomPlot* prediction_;
    QCPGraph* curve_;
    QCPTextElement* predictionTitle_;
    QCPItemText* readout_;
    QCPItemText* predictionPlaceholder_;
    ComplexPlane* tracks_;
    QCPTextElement* tracksTitle_;
    QCPTextElement* tracksVerdict_;
    QCPTextElement* predictionVerdict_;
    QCPCurve* selectedTrack_;
    QCPItemText* tracksPlaceholder_;
    QVector<QCPAbstractPlottable*> trackItems_;
    RemovalView* removal_;
};

}  // namespace kann::ui
