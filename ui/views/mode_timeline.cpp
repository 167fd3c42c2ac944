#include "ui/views/mode_timeline.h"

#include "core/pipeline/mode_colouring.h"
#include "ui/base/lazy_refresh.h"
#include "ui/base/palette.h"
#include "ui/base/plot_style.h"
#include "ui/base/selection_model.h"

#include <algorithm>
#include <cmath>

namespace kann::ui {
namespace {

constexpr double kLaneHeight = 0.8;  // of one lane unit: the rest separates neighbouring lanes

QColor laneColour(int lane) {
    static const QColor palette[] = {{31, 119, 180}, {44, 160, 44}, {148, 103, 189}, {140, 86, 75},
                                     {23, 190, 207}, {127, 127, 127}, {188, 189, 34}, {227, 119, 194}};
    return palette[lane % 8];
}

// Named phases keep their colour across demos; others cycle through the same pale set.
QColor phaseColour(const QString& name, int index) {
    static const QStringList names = {"input", "delay", "go", "recall"};
    static const QColor pale[] = {{198, 219, 239}, {232, 232, 232}, {253, 208, 162}, {199, 233, 192}};
    const int at = names.indexOf(name.toLower());
    return pale[(at >= 0 ? at : index) % 4];
}

// Lane 0 is drawn on top: its baseline is the highest.
double laneBase(int lane, int lanes) { return lanes - 1 - lane; }

}  // namespace

ModeTimeline::ModeTimeline(SelectionModel* selection, QWidget* parent)
    : QCustomPlot(parent), selection_(selection) {
    plot_style::apply(this);
    lazy_ = new LazyRefresh(this, [this] { refresh(); });
    title_ = plot_style::addTitle(this, tr("Dominant modes over time"));
    plot_style::addSubtitle(this, tr("each |φ| scaled to its own maximum"));
    xAxis->setLabel(tr("time step t"));
    yAxis->grid()->setVisible(false);
    yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    placeholder_ = plot_style::addPlaceholder(this, tr("Run an analysis to see its dominant modes over time"));
    connect(selection_, &SelectionModel::explorationChanged, lazy_, &LazyRefresh::invalidate);
    connect(selection_, &SelectionModel::pageChanged, lazy_, &LazyRefresh::invalidate);
    connect(selection_, &SelectionModel::reviewChanged, lazy_, &LazyRefresh::invalidate);
    connect(selection_, &SelectionModel::modeChanged, lazy_, &LazyRefresh::invalidate);
}

void ModeTimeline::setPhases(const std::vector<TaskPhase>& phases, const QString& dataPath) {
    phases_ = phases;
    phasesData_ = phases.empty() ? QString() : dataPath;
    lazy_->invalidate();
}

void ModeTimeline::setModeCount(int count) {
    modeCount_ = std::max(1, count);
    lazy_->invalidate();
}

bool ModeTimeline::phasesApply() const {
    const Exploration* e = selection_->exploration();
    return e && !phases_.empty() && QString::fromStdString(e->spec.dataPath) == phasesData_;
}

void ModeTimeline::clearPlot() {
    clearGraphs();
    for (QCPAbstractItem* item : phaseItems_) removeItem(item);
    phaseItems_.clear();
    phaseBands_ = 0;
    if (highlight_) removeItem(highlight_);
    highlight_ = nullptr;
    modes_.clear();
}

void ModeTimeline::refresh() {
    lazy_->markFresh();
    clearPlot();
    const Exploration* e = selection_->exploration();
    placeholder_->setVisible(!e);
    if (!e) {
        replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const int sequence = selection_->review();
    const int length = e->result.lengths[sequence];
    chooseModes();
    auto ticker = qSharedPointerCast<QCPAxisTickerText>(yAxis->ticker());
    ticker->clear();
    for (int lane = 0; lane < static_cast<int>(modes_.size()); ++lane) {
        drawLane(lane, modes_[lane], sequence);
        const int j = modes_[lane];
        ticker->addTick(laneBase(lane, modes_.size()) + kLaneHeight / 2,
                        QStringLiteral("φ%1  |λ| %2").arg(j).arg(std::abs(e->result.eigenvalues(j)), 0, 'f', 2));
    }
    if (phasesApply()) drawPhases(length);
    labelSteps(*e, sequence);
    title_->setText(tr("Dominant modes over time: sequence %1").arg(e->pageStart + sequence + 1));
    xAxis->setRange(-0.5, length - 0.5);
    // Head room above the top lane for the phase names.
    yAxis->setRange(-0.15, modes_.size() + (phasesApply() ? 0.45 : 0.0));
    replot(QCustomPlot::rpQueuedReplot);
}

// A text's steps are its word pieces: the axis names them while they fit, so a lane's rise can be
// read against the word that caused it.
void ModeTimeline::labelSteps(const Exploration& e, int sequence) {
    constexpr int kMostNamedSteps = 60;
    const int length = e.result.lengths[sequence];
    const bool named = e.isText() && sequence < static_cast<int>(e.tokenized.size()) && length <= kMostNamedSteps;
    xAxis->setTickLabelRotation(named ? 60 : 0);
    xAxis->setLabel(named ? tr("word pieces of sequence %1").arg(e.pageStart + sequence + 1) : tr("time step t"));
    if (!named) return xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const auto& pieces = e.tokenized[sequence].pieces;
    for (int t = 0; t < length && t < static_cast<int>(pieces.size()); ++t)
        ticker->addTick(t, QString::fromStdString(pieces[t].piece));
    xAxis->setTicker(ticker);
}

void ModeTimeline::chooseModes() {
    const KoopmanResult& r = selection_->exploration()->result;
    auto shown = [this, &r](int j) {
        return std::find_if(modes_.begin(), modes_.end(), [&](int m) { return m == j || m == r.partner[j]; }) !=
               modes_.end();
    };
    for (int j : selection_->dominanceOrder()) {
        if (static_cast<int>(modes_.size()) == modeCount_) break;
        if (!shown(j)) modes_.push_back(j);
    }
    const int selected = selection_->mode();
    if (selected >= 0 && !shown(selected)) modes_.push_back(selected);
}

void ModeTimeline::drawLane(int lane, int mode, int sequence) {
    const Exploration& e = *selection_->exploration();
    const KoopmanResult& r = e.result;
    const std::vector<float> values = stepValues(e, sequence, mode, Colouring::Magnitude);
    const float top = values.empty() ? 0.0f : *std::max_element(values.begin(), values.end());
    const double base = laneBase(lane, modes_.size());
    QVector<double> t(values.size()), y(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        t[i] = static_cast<double>(i);
        y[i] = base + kLaneHeight * (top > 0 ? values[i] / top : 0.0);
    }
    const int selected = selection_->mode();
    const bool isSelected = selected >= 0 && (mode == selected || mode == r.partner[selected]);
    QCPGraph* graph = addGraph();
    graph->setData(t, y, true);
    graph->setPen(QPen(isSelected ? palette::kSelection : laneColour(lane), isSelected ? 3.0 : 1.8));
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, isSelected ? 6 : 4));
    graph->setName(QStringLiteral("φ%1").arg(mode));
    if (!isSelected) return;
    highlight_ = new QCPItemRect(this);
    highlight_->setLayer("grid");  // above the phase bands, under the lanes
    highlight_->topLeft->setTypeX(QCPItemPosition::ptAxisRectRatio);
    highlight_->bottomRight->setTypeX(QCPItemPosition::ptAxisRectRatio);
    highlight_->topLeft->setCoords(0, base + 0.9);
    highlight_->bottomRight->setCoords(1, base - 0.1);
    highlight_->setPen(Qt::NoPen);
    highlight_->setBrush(palette::faded(palette::kSelection, 40));
}

void ModeTimeline::drawPhases(int length) {
    QFont font = this->font();
    font.setPointSizeF(10);
    font.setBold(true);
    for (int i = 0; i < static_cast<int>(phases_.size()); ++i) {
        const TaskPhase& p = phases_[i];
        if (p.begin >= length) break;
        const double left = p.begin - 0.5, right = std::min(p.end, length) - 0.5;
        auto* band = new QCPItemRect(this);
        band->setLayer("background");
        for (QCPItemPosition* corner : {band->topLeft, band->bottomRight})
            corner->setTypeY(QCPItemPosition::ptAxisRectRatio);
        band->topLeft->setCoords(left, 0);
        band->bottomRight->setCoords(right, 1);
        band->setPen(Qt::NoPen);
        band->setBrush(phaseColour(p.name, i));
        auto* label = new QCPItemText(this);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords((left + right) / 2, 0.012);
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
        label->setText(p.name);
        label->setFont(font);
        label->setColor(QColor(60, 60, 60));
        phaseItems_.push_back(band);
        phaseItems_.push_back(label);
        ++phaseBands_;
    }
}

int ModeTimeline::modeAt(const QPointF& pos) const {
    const int lanes = static_cast<int>(modes_.size());
    if (lanes == 0 || !axisRect()->rect().contains(pos.toPoint())) return -1;
    const int fromBottom = static_cast<int>(std::floor(yAxis->pixelToCoord(pos.y()) + 0.1));
    const int lane = lanes - 1 - fromBottom;
    return lane >= 0 && lane < lanes ? modes_[lane] : -1;
}

void ModeTimeline::mouseReleaseEvent(QMouseEvent* event) {
    QCustomPlot::mouseReleaseEvent(event);
    const int j = modeAt(event->position());
    if (j >= 0) selection_->selectMode(j);
}

}  // namespace kann::ui
