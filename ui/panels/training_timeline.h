#pragma once
// The spectrum through training, under the spectrum: a slider over the snapshots of a training
// run with Play/Pause, a small plot of the held-out metric and of the eigenvalues near the unit
// circle against the training step, and on the spectrum the faint trail of every tracked
// eigenvalue up to the snapshot shown. Choosing a snapshot emits frameChosen; the window then
// shows that snapshot's exploration and every view follows.
#include "core/insight/timeline.h"

#include <QImage>
#include <QWidget>
#include <functional>
#include <memory>
#include <vector>

class QCPCurve;
class QCPItemStraightLine;
class QCustomPlot;
class QLabel;
class QPushButton;
class QSlider;
class QTimer;

namespace kann::ui {

class SpectrumView;

class TrainingTimeline : public QWidget {
    Q_OBJECT
public:
    explicit TrainingTimeline(SpectrumView* spectrum, QWidget* parent = nullptr);

    // Shows `timeline` with the slider at `frame` (no frameChosen); null hides the panel and trails.
    void setTimeline(std::shared_ptr<const Timeline> timeline, int frame);
    const Timeline* timeline() const { return timeline_.get(); }
    int frame() const { return frame_; }
    int frameCount() const;
    bool isPlaying() const;
    // The plot of the metric and of the eigenvalues near the circle against the step (films draw it).
    QCustomPlot* curvePlot() const { return curves_; }
    // What the snapshot shown is, in one line ("Step 4,000 of 20,000 (epoch 40.0) · ...").
    QString caption() const { return caption_; }
    // The trail segments drawn on the spectrum (tests).
    int trailCount() const;
    // The track of eigenvalue `mode` of frame `frame`, or -1.
    int trackOf(int frame, int mode) const;
    // The eigenvalue of frame `frame` on track `track`, or -1.
    int modeOnTrack(int frame, int track) const;
    // Milliseconds each snapshot is shown while playing.
    static constexpr int kFrameMs = 300;
    // Trails: of the most dominant modes at the snapshot shown, over the snapshots before it.
    static constexpr int kTrailModes = 12;
    static constexpr int kTrailFrames = 10;

public slots:
    // Moves to `frame` and emits frameChosen (clamped; nothing happens without a timeline).
    void setFrame(int frame);
    void play();
    void pause();

signals:
    void frameChosen(int frame);
    void playingChanged(bool playing);

private:
    void buildCurvePlot();
    void drawCurves();
    void showFrame(int frame);
    void drawTrails();
    void clearTrails();
    void advance();
    void describe();

    SpectrumView* spectrum_;
    std::shared_ptr<const Timeline> timeline_;
    int frame_ = 0;
    QPushButton* playButton_;
    QSlider* slider_;
    QLabel* label_;
    QCustomPlot* curves_;
    QCPItemStraightLine* marker_ = nullptr;
    QTimer* timer_;
    std::vector<QCPCurve*> trails_;
    QString caption_;
};

}  // namespace kann::ui
