#include "ui/views/mode_heatmap.h"

#include "ui/base/lazy_refresh.h"
#include "ui/base/palette.h"
#include "ui/base/plot_style.h"
#include "ui/base/selection_model.h"

#include <QLocale>
#include <QMouseEvent>
#include <QToolTip>
#include <cmath>
#include <limits>

namespace kann::ui {

ModeHeatmap::ModeHeatmap(SelectionModel* selection, QWidget* parent)
    : QCustomPlot(parent), selection_(selection) {
    plot_style::apply(this);
    lazy_ = new LazyRefresh(this, [this] { refresh(); });
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    title_ = plot_style::addTitle(this, tr("Mode magnitude over the batch"));
    xAxis->setLabel(tr("time step t"));
    yAxis->setLabel(tr("sequence (click a row to show it)"));
    setMouseTracking(true);
    yAxis->setRangeReversed(true);
    map_ = new QCPColorMap(xAxis, yAxis);
    map_->setInterpolate(false);
    map_->setTightBoundary(true);
    colourBar_ = plot_style::addColourBar(this, QStringLiteral("|φ_j|"));
    map_->setColorScale(colourBar_);
    reviewBox_ = new QCPItemRect(this);
    reviewBox_->setPen(QPen(palette::kSelection, 2));
    reviewBox_->setBrush(Qt::NoBrush);
    placeholder_ = plot_style::addPlaceholder(this, tr("Run an analysis and select a mode"));
    for (auto signal : {&SelectionModel::explorationChanged, &SelectionModel::pageChanged, &SelectionModel::appearanceChanged})
        connect(selection_, signal, lazy_, &LazyRefresh::invalidate);
    connect(selection_, &SelectionModel::modeChanged, lazy_, &LazyRefresh::invalidate);
    connect(selection_, &SelectionModel::reviewChanged, this, [this] {
        markReview();
        replot(QCustomPlot::rpQueuedReplot);
    });
}

void ModeHeatmap::refresh() {
    lazy_->markFresh();
    const Exploration* e = selection_->exploration();
    const int j = selection_->mode();
    placeholder_->setVisible(!e || j < 0);
    map_->setVisible(e && j >= 0);
    reviewBox_->setVisible(e && j >= 0);
    if (!e || j < 0) {
        replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const KoopmanResult& r = e->result;
    const RowMatrixXf magnitude = modeMagnitude(r, j);
    const int first = e->pageStart;  // a page's rows carry their numbers in the whole batch
    QCPColorMapData* data = map_->data();
    data->setSize(r.time, r.batch);
    data->setRange(QCPRange(0, r.time - 1), QCPRange(first + 1, first + r.batch));  // rows numbered from 1
    // Padding is not data: transparent, never the colour of zero.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    float top = 0;
    for (int b = 0; b < r.batch; ++b)
        for (int t = 0; t < r.time; ++t) {
            const bool valid = t < r.lengths[b];
            data->setCell(t, b, valid ? magnitude(b, t) : nan);
            if (valid) top = std::max(top, magnitude(b, t));
        }
    const ColourMap mapName = selection_->colourMap() == ColourMap::Diverging ? ColourMap::Blues
                                                                               : selection_->colourMap();
    QCPColorGradient gradient = ColourScale(mapName).gradient();
    gradient.setNanHandling(QCPColorGradient::nhTransparent);
    map_->setGradient(gradient);
    map_->setDataRange(QCPRange(0, top > 0 ? top : 1));
    colourBar_->setLabel(QStringLiteral("|φ%1|").arg(j));
    title_->setText(selection_->isPaged()
                        ? tr("|φ%1| over sequences %2–%3 of %4")
                              .arg(j).arg(first + 1).arg(first + r.batch).arg(QLocale().toString(selection_->sequenceCount()))
                        : tr("|φ%1| over the batch (%2 sequences)").arg(j).arg(r.batch));
    markReview();
    xAxis->setRange(-0.5, r.time - 0.5);
    yAxis->setRange(first + 0.5, first + r.batch + 0.5);
    replot(QCustomPlot::rpQueuedReplot);
}

void ModeHeatmap::markReview() {
    const Exploration* e = selection_->exploration();
    if (!e) return;
    const int b = selection_->review(), row = e->pageStart + b;
    reviewBox_->topLeft->setCoords(-0.5, row + 0.5);
    reviewBox_->bottomRight->setCoords(e->result.lengths[b] - 0.5, row + 1.5);
}

int ModeHeatmap::markedRow() const { return static_cast<int>(std::lround(reviewBox_->topLeft->coords().y() + 0.5)); }

int ModeHeatmap::sequenceAt(const QPointF& pos) const {
    const Exploration* e = selection_->exploration();
    if (!e || !map_->visible() || !axisRect()->rect().contains(pos.toPoint())) return -1;
    const int b = static_cast<int>(std::lround(yAxis->pixelToCoord(pos.y()))) - 1 - e->pageStart;
    return b >= 0 && b < e->result.batch ? b : -1;
}

QPointF ModeHeatmap::pixelOfSequence(int b) const {
    const Exploration* e = selection_->exploration();
    return {xAxis->coordToPixel(0), yAxis->coordToPixel((e ? e->pageStart : 0) + b + 1)};
}

QString ModeHeatmap::describe(int b, int t) const {
    const Exploration& e = *selection_->exploration();
    if (t < 0 || t >= e.result.lengths[b]) return tr("sequence %1 (click to show it)").arg(e.pageStart + b + 1);
    const double v = map_->data()->cell(t, b);
    QString step = tr("step %1").arg(t);
    if (b < static_cast<int>(e.tokenized.size()) && t < static_cast<int>(e.tokenized[b].pieces.size()))
        step += QStringLiteral(" «%1»").arg(QString::fromStdString(e.tokenized[b].pieces[t].piece).toHtmlEscaped());
    return tr("sequence %1, %2: |φ%3| = %4<br><i>click to show this sequence</i>")
        .arg(e.pageStart + b + 1).arg(step).arg(selection_->mode()).arg(v, 0, 'g', 3);
}

void ModeHeatmap::mousePressEvent(QMouseEvent* event) {
    pressPos_ = event->position();
    QCustomPlot::mousePressEvent(event);
}

void ModeHeatmap::mouseReleaseEvent(QMouseEvent* event) {
    QCustomPlot::mouseReleaseEvent(event);
    // A press and release in place is a click; anything longer was a pan.
    if (event->button() != Qt::LeftButton || (event->position() - pressPos_).manhattanLength() > 4) return;
    if (const int b = sequenceAt(event->position()); b >= 0) selection_->setReview(b);
}

void ModeHeatmap::mouseMoveEvent(QMouseEvent* event) {
    QCustomPlot::mouseMoveEvent(event);
    if (event->buttons() != Qt::NoButton) return;
    const int b = sequenceAt(event->position());
    if (b < 0) return QToolTip::hideText();
    const int t = static_cast<int>(std::lround(xAxis->pixelToCoord(event->position().x())));
    QToolTip::showText(event->globalPosition().toPoint(), describe(b, t), this);
}

}  // namespace kann::ui
