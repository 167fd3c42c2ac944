#include "ui/views/removal_view.h"

#include "ui/base/palette.h"
#include "ui/base/plot_style.h"
#include "ui/base/selection_model.h"
#include "ui/runners/ablation_runner.h"

#include <QHBoxLayout>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <cmath>

namespace kann::ui {

QString modesText(const std::vector<int>& modes) {
    QStringList names;
    for (int j : modes) names << QStringLiteral("λ%1").arg(j);
    return names.join(QObject::tr(" and "));
}

QString removeModeText(const SelectionModel& selection) {
    const int j = selection.mode(), partner = selection.partner();
    if (j < 0) return QObject::tr("Remove the selected mode while the network runs");
    return partner >= 0 ? QObject::tr("Remove λ%1 and λ%2 while the network runs").arg(j).arg(partner)
                        : QObject::tr("Remove λ%1 while the network runs").arg(j);
}

bool canRemoveModes(const SelectionModel& selection) {
    const Exploration* e = selection.exploration();
    return e && e->network && selection.mode() >= 0 &&
           (e->network->info().readoutOutputs > 0 || e->network->info().decoderOutputs > 0);
}

RemovalView::RemovalView(SelectionModel* selection, QWidget* parent) : QWidget(parent), selection_(selection) {
    plot_ = new QCustomPlot;
    plot_style::apply(plot_);
    plot_style::addTitle(plot_, tr("Removing a mode: how far the output moves"));
    plot_style::addSubtitle(plot_, tr("the mode taken out of the state at every step, against a random edit of the same size"));
    plot_->setToolTip(tr("Mean |change| of the readout's logits (an autoencoder's reconstruction) over the batch when the "
                         "mode is removed from the hidden state after every step, and when the state is instead moved "
                         "as far along a random direction (mean of 5 seeded draws). Far above its control: the network "
                         "uses the mode"));
    plot_->yAxis->setLabel(tr("mean |Δ output|"));
    removedBars_ = plot_style::addBars(plot_, palette::kData, tr("mode removed"), 0.36);
    controlBars_ = plot_style::addBars(plot_, QColor(150, 150, 150), tr("random edit of the same size"), 0.36);
    plot_style::legendBelow(plot_);
    placeholder_ = plot_style::addPlaceholder(plot_, QString());

    remove_ = new QPushButton;
    remove_->setToolTip(tr("Runs the batch again with the selected mode (and its conjugate partner) subtracted from the "
                           "hidden state after every step, the network continuing from the edited state"));
    progress_ = new QProgressBar;
    progress_->setRange(0, 100);
    cancel_ = new QPushButton(tr("Cancel"));
    auto* controls = new QHBoxLayout;
    controls->addWidget(remove_);
    controls->addWidget(progress_, 1);
    controls->addWidget(cancel_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_, 1);
    layout->addLayout(controls);
    setRunning(false);

    connect(remove_, &QPushButton::clicked, this, &RemovalView::removeRequested);
    connect(cancel_, &QPushButton::clicked, this, &RemovalView::cancelRequested);
    connect(selection_, &SelectionModel::ablationsChanged, this, &RemovalView::rebuild);
    connect(selection_, &SelectionModel::modeChanged, this, &RemovalView::describeButton);
    connect(selection_, &SelectionModel::explorationChanged, this, &RemovalView::describeButton);
    rebuild();
}

void RemovalView::setRunning(bool running) {
    progress_->setVisible(running);
    cancel_->setVisible(running);
    progress_->setValue(0);
    describeButton();
}

void RemovalView::setProgress(int percent, const QString& stage) {
    progress_->setValue(percent);
    progress_->setFormat(tr("%1 %p%").arg(stage));
}

void RemovalView::describeButton() {
    remove_->setText(removeModeText(*selection_));
    remove_->setEnabled(canRemoveModes(*selection_) && cancel_->isHidden());  // hidden, not invisible: the tab may be in the back
}

void RemovalView::rebuild() {
    for (QCPItemText* label : labels_) plot_->removeItem(label);
    labels_.clear();
    QVector<double> x, removed, cx, control;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    double top = 0;
    const auto& all = selection_->ablations();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Ablation& a = all[i]->ablation();
        const double at = double(i + 1);
        x << at - 0.19, removed << a.removed.meanAbsDeltaOutput;
        cx << at + 0.19, control << a.control.meanAbsDeltaOutput;
        ticker->addTick(at, modesText(a.modes));
        top = std::max({top, a.removed.meanAbsDeltaOutput, a.control.meanAbsDeltaOutput});
        auto* label = new QCPItemText(plot_);
        label->position->setCoords(at - 0.19, a.removed.meanAbsDeltaOutput);
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        const double ratio = a.removed.meanAbsDeltaOutput / a.control.meanAbsDeltaOutput;
        label->setText(std::isfinite(ratio) ? tr("%1×").arg(ratio, 0, 'f', 1) : QString());
        labels_ << label;
    }
    removedBars_->setData(x, removed, true);
    controlBars_->setData(cx, control, true);
    plot_->xAxis->setTicker(ticker);
    plot_->xAxis->setRange(0.4, std::max<std::size_t>(all.size(), 4) + 0.6);  // a lone bar stays a bar, not a wall
    plot_->yAxis->setRange(0, top > 0 ? top * 1.2 : 1);
    placeholder_->setVisible(all.empty());
    placeholder_->setText(tr("Select a mode, then press the button below\n(or right-click the spectrum or the table)"));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace kann::ui
