#pragma once
// The spectrum through training in the window: opens a training run's snapshots, analyses them
// in the background (TimelineRunner), shows the slider panel (TrainingTimeline) and puts the
// snapshot chosen on the window's selection, keeping the selected mode by its track and the
// sequence on display. Also writes the scrub as a film and as frames.
#include "core/pipeline/exploration.h"

#include <QObject>
#include <QString>
#include <QImage>
#include <memory>

namespace kann {
struct Timeline;
}

namespace kann::ui {

class SelectionModel;
class SpectrumView;
class TimelineRunner;
class TrainingTimeline;

class TimelineManager : public QObject {
    Q_OBJECT
public:
    TimelineManager(SelectionModel* selection, SpectrumView* spectrum, QObject* parent = nullptr);

    TrainingTimeline* panel() const { return panel_; }
    TimelineRunner* runner() const { return runner_; }

    // Analyses every snapshot listed in `folder` (snapshots.json) on the batch `spec` describes.
    // When done the panel shows them at the last snapshot; with showLast its exploration also
    // replaces the one on screen (a demo already shows the trained network). Errors go to failed.
    void open(const QString& folder, const SourceSpec& spec, bool showLast);
    // Hides the panel and its trails (another analysis is on screen).
    void clear();
    // Blocks until the snapshots are analysed and on screen.
    void wait();

    // One frame of the film: the spectrum at snapshot `frame` over the training curves, `width`
    // pixels wide. Moves the timeline to that snapshot.
    QImage renderFrame(int frame, int width);
    // Writes every snapshot as an animated GIF (looping, the last frame held); throws InputError.
    void exportFilm(const QString& path, int width = 720);
    // Writes every snapshot as DIR/frame_NNN.png and a strip of six of them as DIR/strip.png.
    void exportFrames(const QString& folder, int width = 720);

signals:
    void started();
    void progress(int percent, const QString& stage);
    void failed(const QString& title, const QString& message);
    // The last snapshot's exploration, to be shown like a finished analysis (open with showLast).
    void explorationReady(std::shared_ptr<const kann::Exploration> exploration);
    // A snapshot's exploration is on the selection (playing: true while Play runs).
    void frameShown(bool playing);
    void opened();

private:
    void show(std::shared_ptr<const Timeline> timeline);
    void showFrame(int frame);
    int selectedTrack() const;
    void requireTimeline() const;

    SelectionModel* selection_;
    SpectrumView* spectrum_;
    TimelineRunner* runner_;
    TrainingTimeline* panel_;
    bool showLast_ = true;
};

}  // namespace kann::ui
