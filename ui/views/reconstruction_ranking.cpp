#include "ui/views/reconstruction_ranking.h"

#include "ui/runners/insight_runner.h"
#include "ui/base/palette.h"
#include "ui/base/plot_style.h"
#include "ui/base/selection_model.h"

#include <algorithm>
#include <cmath>

namespace kann::ui {
namespace {

// Label colours in order of the labels' values: two labels read as blue against orange.
QColor labelColour(int index) {
    static const QColor palette[] = {palette::kData, palette::kSelection, {27, 158, 119}, {117, 112, 179}, {102, 102, 102}};
    return palette[index % std::size(palette)];
}

}  // namespace

ReconstructionRanking::ReconstructionRanking(SelectionModel* selection, QWidget* parent)
    : QCustomPlot(parent), selection_(selection) {
    plot_style::apply(this);
    // No title row: the strip is short, and its axis labels say what it shows.
    xAxis->setLabel(tr("series, worst reconstructed first (click a bar)"));
    yAxis->setLabel(tr("RMSE"));
    setMinimumHeight(100);
    legend->setVisible(true);
    legend->setBorderPen(Qt::NoPen);
    // Beside the strip, not on it: inside, it covered the bars of the best reconstructed series.
    axisRect()->insetLayout()->take(legend);
    plotLayout()->addElement(0, 1, legend);
    plotLayout()->setColumnStretchFactor(1, 0.001);
    marker_ = new QCPItemRect(this);
    marker_->setLayer("background");
    for (QCPItemPosition* p : {marker_->topLeft, marker_->bottomRight}) p->setTypeY(QCPItemPosition::ptAxisRectRatio);
    marker_->setPen(QPen(QColor(60, 60, 60), 1.2, Qt::DashLine));
    marker_->setBrush(QColor(253, 174, 97, 90));
    placeholder_ = plot_style::addPlaceholder(this, tr("The reconstruction errors are being computed…"));
    connect(selection_, &SelectionModel::explorationChanged, this, &ReconstructionRanking::rebuild);
    connect(selection_, &SelectionModel::insightChanged, this, &ReconstructionRanking::rebuild);
    connect(selection_, &SelectionModel::reviewChanged, this, &ReconstructionRanking::markCurrent);
    rebuild();
}

void ReconstructionRanking::setLabelNames(const std::map<int, QString>& names, const QString& dataPath) {
    names_ = names;
    namesData_ = names.empty() ? QString() : dataPath;
    rebuild();
}

QString ReconstructionRanking::labelName(int label) const {
    if (label < 0) return tr("no label");
    const Exploration* e = selection_->exploration();
    if (e && QString::fromStdString(e->spec.dataPath) == namesData_)
        if (const auto it = names_.find(label); it != names_.end()) return it->second;
    if (e && label < static_cast<int>(e->dataset.labelNames.size())) {
        const std::string& name = e->dataset.labelNames[label];
        if (!name.empty() && name != std::to_string(label)) return QString::fromStdString(name);
    }
    return tr("label %1").arg(label);
}

int ReconstructionRanking::sequenceAt(int rank) const {
    return rank >= 0 && rank < rankCount() ? order_[rank] : -1;
}

int ReconstructionRanking::rankOf(int sequence) const {
    const auto it = std::find(order_.begin(), order_.end(), sequence);
    return it == order_.end() ? -1 : static_cast<int>(it - order_.begin());
}

int ReconstructionRanking::rankAt(const QPointF& pos) const {
    if (order_.empty() || !axisRect()->rect().contains(pos.toPoint())) return -1;
    const int rank = static_cast<int>(std::lround(xAxis->pixelToCoord(pos.x()))) - 1;
    return rank >= 0 && rank < rankCount() ? rank : -1;
}

void ReconstructionRanking::rebuild() {
    clearPlottables();
    order_.clear();
    const StudioInsight* insight = selection_->insight();
    const bool ready = insight && !insight->report.worst.empty();
    placeholder_->setVisible(!ready);
    legend->setVisible(ready);
    if (ready) {
        std::map<int, QCPBars*> bars;  // one per label, so the legend names the labels
        for (const SequenceError& s : insight->report.worst) bars[s.label] = nullptr;
        int index = 0;
        for (auto& [label, b] : bars) {
            b = new QCPBars(xAxis, yAxis);
            b->setName(labelName(label));
            b->setPen(Qt::NoPen);
            b->setBrush(labelColour(index++));
            b->setWidth(0.8);
        }
        for (const SequenceError& s : insight->report.worst) {
            order_.push_back(s.sequence);
            bars[s.label]->addData(static_cast<double>(order_.size()), s.rmse);
        }
        rescaleAxes();
        xAxis->setRange(0.4, rankCount() + 0.6);
        yAxis->setRange(0, yAxis->range().upper * 1.08);
    }
    markCurrent();
}

void ReconstructionRanking::markCurrent() {
    const int rank = rankOf(selection_->sequence());
    marker_->setVisible(rank >= 0);
    marker_->topLeft->setCoords(rank + 0.5, 0);
    marker_->bottomRight->setCoords(rank + 1.5, 1);
    replot(QCustomPlot::rpQueuedReplot);
}

void ReconstructionRanking::mouseReleaseEvent(QMouseEvent* event) {
    QCustomPlot::mouseReleaseEvent(event);
    const int rank = rankAt(event->position());
    if (rank >= 0) selection_->showSequence(sequenceAt(rank));
}

}  // namespace kann::ui
