#include "ui/window/timeline_manager.h"

#include "core/common/error.h"
#include "core/insight/timeline.h"
#include "core/io/gif_film.h"
#include "ui/base/selection_model.h"
#include "ui/views/spectrum_view.h"
#include "ui/runners/timeline_runner.h"
#include "ui/panels/training_timeline.h"

#include <QCoreApplication>
#include <QDir>
#include <QPainter>
#include <qcustomplot.h>

namespace kann::ui {

namespace {

RgbFrame rgbFrame(const QImage& image) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    RgbFrame f{rgb.width(), rgb.height(), std::vector<std::uint8_t>(std::size_t(rgb.width()) * rgb.height() * 3)};
    for (int y = 0; y < rgb.height(); ++y)
        std::copy_n(rgb.constScanLine(y), std::size_t(rgb.width()) * 3, f.rgb.data() + std::size_t(y) * rgb.width() * 3);
    return f;
}

// Up to `count` frames spread evenly from the first to the last.
std::vector<int> evenlySpacedFrames(int frames, int count) {
    std::vector<int> out;
    for (int i = 0; i < count && frames > 0; ++i) {
        const int f = count == 1 ? frames - 1 : static_cast<int>(std::lround(double(i) * (frames - 1) / (count - 1)));
        if (out.empty() || f != out.back()) out.push_back(f);
    }
    return out;
}

void save(const QImage& image, const QString& path) {
    if (!image.save(path)) throw InputError(path.toStdString(), "cannot write the picture");
}

}  // namespace

TimelineManager::TimelineManager(SelectionModel* selection, SpectrumView* spectrum, QObject* parent)
    : QObject(parent), selection_(selection), spectrum_(spectrum), runner_(new TimelineRunner(this)),
      panel_(new TrainingTimeline(spectrum)) {
    connect(runner_, &TimelineRunner::started, this, &TimelineManager::started);
    connect(runner_, &TimelineRunner::progress, this, &TimelineManager::progress);
    connect(runner_, &TimelineRunner::failed, this, &TimelineManager::failed);
    runner_->onFinished(this, &TimelineManager::show);
    connect(panel_, &TrainingTimeline::frameChosen, this, &TimelineManager::showFrame);
    connect(panel_, &TrainingTimeline::playingChanged, this, [this](bool playing) {
        if (!playing) emit frameShown(false);  // the views that wait for a pause catch up
    });
}

void TimelineManager::open(const QString& folder, const SourceSpec& spec, bool showLast) {
    clear();
    try {
        const SnapshotList list = readSnapshotList(folder.toStdString());
        showLast_ = showLast;
        runner_->start(list, spec);
    } catch (const InputError& e) {
        emit failed(QString::fromStdString(e.source()), QString::fromStdString(e.what()));
    }
}

void TimelineManager::clear() {
    runner_->cancel();
    panel_->setTimeline(nullptr, 0);
}

void TimelineManager::wait() {
    runner_->wait();
    QCoreApplication::processEvents();
}

void TimelineManager::show(std::shared_ptr<const Timeline> timeline) {
    const int last = static_cast<int>(timeline->frames.size()) - 1;
    const std::shared_ptr<const Exploration> lastExploration = timeline->frames[last].exploration;
    panel_->setTimeline(std::move(timeline), last);
    if (showLast_) emit explorationReady(lastExploration);
    emit opened();
}

// The track of the mode selected now: by the snapshot on screen, or as the last snapshot when the
// exploration on screen is a demo's own run of the trained network.
int TimelineManager::selectedTrack() const {
    const Timeline* t = panel_->timeline();
    int shown = static_cast<int>(t->frames.size()) - 1;
    for (std::size_t f = 0; f < t->frames.size(); ++f)
        if (t->frames[f].exploration.get() == selection_->exploration()) shown = static_cast<int>(f);
    return panel_->trackOf(shown, selection_->mode());
}

void TimelineManager::showFrame(int frame) {
    const Timeline* t = panel_->timeline();
    if (!t) return;
    const int track = selectedTrack(), review = selection_->review();
    selection_->setExploration(t->frames[frame].exploration);
    selection_->setReview(std::min(review, selection_->reviewCount() - 1));
    const int mode = panel_->modeOnTrack(frame, track);
    if (mode >= 0) selection_->selectMode(mode);
    emit frameShown(panel_->isPlaying());
}

void TimelineManager::requireTimeline() const {
    if (!panel_->timeline()) throw InputError("timeline", "no training run is open: open a snapshots folder first");
}

QImage TimelineManager::renderFrame(int frame, int width) {
    requireTimeline();
    panel_->setFrame(frame);
    const int captionHeight = 44, plotHeight = width * 7 / 8, curvesHeight = width / 4;
    const QPixmap plot = spectrum_->fittedPixmap(width, plotHeight);
    const QPixmap below = panel_->curvePlot()->toPixmap(width, curvesHeight);
    QImage image(width, captionHeight + plotHeight + curvesHeight, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::TextAntialiasing);
    QFont font = spectrum_->font();
    font.setPointSizeF(10);
    painter.setFont(font);
    painter.setPen(QColor(40, 40, 40));
    painter.drawText(QRect(8, 0, width - 16, captionHeight), Qt::AlignVCenter | Qt::AlignLeft | Qt::TextWordWrap, panel_->caption());
    painter.drawPixmap(0, captionHeight, plot);
    painter.drawPixmap(0, captionHeight + plotHeight, below);
    return image;
}

void TimelineManager::exportFilm(const QString& path, int width) {
    requireTimeline();
    const int shown = panel_->frame();
    std::vector<RgbFrame> frames;
    for (int f = 0; f < panel_->frameCount(); ++f) frames.push_back(rgbFrame(renderFrame(f, width)));
    panel_->setFrame(shown);
    writeGifFilm(path.toStdString(), frames, TrainingTimeline::kFrameMs, 2500);
}

void TimelineManager::exportFrames(const QString& folder, int width) {
    requireTimeline();
    if (!QDir().mkpath(folder)) throw InputError(folder.toStdString(), "cannot create the folder");
    const int shown = panel_->frame();
    std::vector<QImage> frames;
    for (int f = 0; f < panel_->frameCount(); ++f) {
        frames.push_back(renderFrame(f, width));
        save(frames.back(), QDir(folder).filePath(QStringLiteral("frame_%1.png").arg(f, 3, 10, QLatin1Char('0'))));
    }
    panel_->setFrame(shown);
    const std::vector<int> strip = evenlySpacedFrames(static_cast<int>(frames.size()), 6);
    const int w = width / 2, h = frames.front().height() / 2;
    QImage image(w * static_cast<int>(strip.size()), h, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    for (std::size_t i = 0; i < strip.size(); ++i)
        painter.drawImage(QRect(int(i) * w, 0, w, h), frames[strip[i]]);
    painter.end();
    save(image, QDir(folder).filePath(QStringLiteral("strip.png")));
}

}  // namespace kann::ui
