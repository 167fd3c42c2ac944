#include "ui/panels/training_timeline.h"

#include "ui/base/plot_style.h"
#include "ui/views/spectrum_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>
#include <numeric>
#include <qcustomplot.h>

namespace kann::ui {

namespace {

// Trails take a hue per track, spread by the golden angle so neighbouring tracks differ.
QColor trailColour(int track) {
    const int hue = static_cast<int>(std::fmod(track * 137.508, 360.0));
    return QColor::fromHsv(hue, 200, 175);
}

const QColor kMetricColour(33, 102, 172);
const QColor kNearCircleColour(230, 85, 13);

}  // namespace

TrainingTimeline::TrainingTimeline(SpectrumView* spectrum, QWidget* parent)
    : QWidget(parent), spectrum_(spectrum), playButton_(new QPushButton(tr("Play"))),
      slider_(new QSlider(Qt::Horizontal)), label_(new QLabel), curves_(new QCustomPlot), timer_(new QTimer(this)) {
    playButton_->setToolTip(tr("Play the spectrum through training, one snapshot every %1 ms").arg(kFrameMs));
    slider_->setToolTip(tr("Training step: drag to move the eigenvalues along their tracks"));
    slider_->setPageStep(5);
    label_->setWordWrap(true);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    auto* controls = new QHBoxLayout;
    controls->addWidget(playButton_);
    controls->addWidget(slider_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addLayout(controls);
    layout->addWidget(label_);
    layout->addWidget(curves_);
    buildCurvePlot();
    timer_->setInterval(kFrameMs);
    connect(timer_, &QTimer::timeout, this, &TrainingTimeline::advance);
    connect(playButton_, &QPushButton::clicked, this, [this] { isPlaying() ? pause() : play(); });
    connect(slider_, &QSlider::valueChanged, this, [this](int v) {
        if (v != frame_) setFrame(v);
    });
    hide();
}

void TrainingTimeline::buildCurvePlot() {
    plot_style::apply(curves_);
    curves_->setToolTip(tr("Blue: the held-out metric. Orange: eigenvalues with |λ| > 0.9, modes that neither fade nor grow (memory)."));
    curves_->setMinimumHeight(150);
    curves_->setMaximumHeight(190);
    // The right axis counts eigenvalues: its own scale and ticks, not the left one's frame.
    QObject::disconnect(curves_->yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), curves_->yAxis2,
                        qOverload<const QCPRange&>(&QCPAxis::setRange));
    curves_->yAxis2->setTicks(true);
    curves_->yAxis2->setTickLabels(true);
    curves_->yAxis->setTickLabelColor(kMetricColour);
    curves_->yAxis2->setTickLabelColor(kNearCircleColour);
    curves_->addGraph(curves_->xAxis, curves_->yAxis)->setPen(QPen(kMetricColour, 2));
    curves_->addGraph(curves_->xAxis, curves_->yAxis2)->setPen(QPen(kNearCircleColour, 2));
    curves_->graph(1)->setLineStyle(QCPGraph::lsStepLeft);
    curves_->graph(1)->setName(tr("eigenvalues with |λ| > 0.9 (right)"));
    curves_->legend->setVisible(true);
    plot_style::legendBelow(curves_);
    QFont font = curves_->legend->font();
    font.setPointSizeF(9);
    curves_->legend->setFont(font);
    curves_->legend->setIconSize(20, 18);
    // A low plot: a few ticks, so that the labels do not run into each other.
    curves_->yAxis->ticker()->setTickCount(3);
    curves_->yAxis2->ticker()->setTickCount(3);
    // Side by side where the names fit, one above the other where they would be cut.
    connect(curves_, &QCustomPlot::beforeReplot, this, [this] { plot_style::fitLegendColumns(curves_, 2, curves_->width()); });
    marker_ = new QCPItemStraightLine(curves_);
    marker_->setPen(QPen(QColor(80, 80, 80), 1, Qt::DashLine));
}

int TrainingTimeline::frameCount() const { return timeline_ ? static_cast<int>(timeline_->frames.size()) : 0; }
bool TrainingTimeline::isPlaying() const { return timer_->isActive(); }
int TrainingTimeline::trailCount() const { return static_cast<int>(trails_.size()); }

int TrainingTimeline::trackOf(int frame, int mode) const {
    if (frame < 0 || frame >= frameCount()) return -1;
    const std::vector<int>& track = timeline_->frames[frame].track;
    return mode >= 0 && mode < static_cast<int>(track.size()) ? track[mode] : -1;
}

int TrainingTimeline::modeOnTrack(int frame, int track) const {
    if (frame < 0 || frame >= frameCount() || track < 0) return -1;
    const std::vector<int>& tracks = timeline_->frames[frame].track;
    const auto it = std::find(tracks.begin(), tracks.end(), track);
    return it == tracks.end() ? -1 : static_cast<int>(it - tracks.begin());
}

void TrainingTimeline::setTimeline(std::shared_ptr<const Timeline> timeline, int frame) {
    pause();
    timeline_ = std::move(timeline);
    clearTrails();
    const bool shown = timeline_ != nullptr && frameCount() > 0;
    setVisible(shown);
    if (!shown) {
        spectrum_->setExtentFloor(0);
        return;
    }
    double extent = 1.0;
    for (const TimelineFrame& f : timeline_->frames)
        if (f.eigenvalues.size() > 0) extent = std::max(extent, f.eigenvalues.cwiseAbs().maxCoeff());
    spectrum_->setExtentFloor(extent);  // scrubbing never rescales the plane
    const QSignalBlocker block(slider_);
    slider_->setRange(0, frameCount() - 1);
    drawCurves();
    showFrame(frame);
}

void TrainingTimeline::drawCurves() {
    QVector<double> steps, metric, near;
    for (const TimelineFrame& f : timeline_->frames) {
        steps << double(f.snapshot.step < 0 ? steps.size() : f.snapshot.step);
        metric << f.snapshot.metric;
        near << f.nearCircle;
    }
    const bool hasMetric = std::any_of(metric.begin(), metric.end(), [](double v) { return !std::isnan(v); });
    curves_->graph(0)->setData(steps, metric, true);
    curves_->graph(0)->setVisible(hasMetric);
    curves_->graph(1)->setData(steps, near, true);
    const bool hasSteps = timeline_->frames.front().snapshot.step >= 0;
    curves_->xAxis->setLabel(hasSteps ? tr("training step") : tr("checkpoint"));
    curves_->graph(0)->setName(tr("%1, held out (left)").arg(QString::fromStdString(timeline_->metricName)));
    if (hasMetric != curves_->legend->hasItemWithPlottable(curves_->graph(0)))
        hasMetric ? void(curves_->graph(0)->addToLegend()) : void(curves_->graph(0)->removeFromLegend());
    curves_->yAxis->setVisible(hasMetric);
    curves_->xAxis->setRange(steps.front(), std::max(steps.back(), steps.front() + 1));
    curves_->yAxis->setRange(0, 1.02);
    curves_->yAxis2->setRange(0, *std::max_element(near.begin(), near.end()) + 1);
}

void TrainingTimeline::setFrame(int frame) {
    if (!timeline_ || frameCount() == 0) return;
    frame = std::clamp(frame, 0, frameCount() - 1);
    showFrame(frame);
    emit frameChosen(frame);
}

void TrainingTimeline::showFrame(int frame) {
    frame_ = std::clamp(frame, 0, frameCount() - 1);
    const QSignalBlocker block(slider_);
    slider_->setValue(frame_);
    const TimelineFrame& f = timeline_->frames[frame_];
    const double x = double(f.snapshot.step < 0 ? frame_ : f.snapshot.step);
    marker_->point1->setCoords(x, 0);
    marker_->point2->setCoords(x, 1);
    curves_->replot(QCustomPlot::rpQueuedReplot);
    describe();
    drawTrails();
}

void TrainingTimeline::describe() {
    const TimelineFrame& f = timeline_->frames[frame_];
    const QLocale locale;
    QString text = f.snapshot.step >= 0
                       ? tr("Step %1 of %2 (epoch %3)")
                             .arg(locale.toString(qlonglong(f.snapshot.step)))
                             .arg(locale.toString(qlonglong(timeline_->frames.back().snapshot.step)))
                             .arg(f.snapshot.epoch, 0, 'f', 1)
                       : tr("Checkpoint %1 of %2").arg(frame_ + 1).arg(frameCount());
    if (!std::isnan(f.snapshot.metric))
        text += tr(" · %1 %2").arg(QString::fromStdString(timeline_->metricName)).arg(f.snapshot.metric, 0, 'f', 3);
    text += tr(" · %n eigenvalue(s) with |λ| > 0.9", "", f.nearCircle);
    text += tr(" · one-step error %1").arg(f.residual, 0, 'f', 2);
    caption_ = text;
    label_->setText(text);
    label_->setToolTip(QString::fromStdString(f.snapshot.model));
}

void TrainingTimeline::clearTrails() {
    for (QCPCurve* c : trails_) spectrum_->removePlottable(c);
    trails_.clear();
}

// The trails of the modes that matter at the frame shown (the most dominant), over the last
// kTrailFrames snapshots, each step fainter with age: where those eigenvalues came from.
void TrainingTimeline::drawTrails() {
    clearTrails();
    const TimelineFrame& now = timeline_->frames[frame_];
    std::vector<int> order(now.eigenvalues.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return now.dominance(a) > now.dominance(b); });
    order.resize(std::min<std::size_t>(order.size(), kTrailModes));
    const int first = std::max(0, frame_ - kTrailFrames);
    for (int mode : order) {
        const int track = now.track[mode];
        std::complex<double> next = now.eigenvalues(mode);
        for (int s = frame_ - 1; s >= first; --s) {
            const int j = modeOnTrack(s, track);
            if (j < 0) break;
            const std::complex<double> here = timeline_->frames[s].eigenvalues(j);
            auto* segment = new QCPCurve(spectrum_->xAxis, spectrum_->yAxis);
            segment->setLayer(QStringLiteral("grid"));  // under the eigenvalues
            segment->removeFromLegend();
            segment->setSelectable(QCP::stNone);
            QColor colour = trailColour(track);
            colour.setAlphaF(0.75 * (1.0 - double(frame_ - 1 - s) / kTrailFrames));
            segment->setPen(QPen(colour, 2.0, Qt::SolidLine, Qt::RoundCap));
            segment->addData({here.real(), next.real()}, {here.imag(), next.imag()});
            trails_.push_back(segment);
            next = here;
        }
    }
    spectrum_->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingTimeline::play() {
    if (!timeline_ || isPlaying()) return;
    if (frame_ >= frameCount() - 1) setFrame(0);
    timer_->start();
    playButton_->setText(tr("Pause"));
    emit playingChanged(true);
}

void TrainingTimeline::pause() {
    if (!isPlaying()) return;
    timer_->stop();
    playButton_->setText(tr("Play"));
    emit playingChanged(false);
}

void TrainingTimeline::advance() {
    if (frame_ >= frameCount() - 1) return pause();
    setFrame(frame_ + 1);
}

}  // namespace kann::ui
