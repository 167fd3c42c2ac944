#include "ui/views/singular_values_view.h"

#include "ui/base/palette.h"
#include "ui/base/plot_style.h"
#include "ui/base/selection_model.h"

namespace kann::ui {

SingularValuesView::SingularValuesView(SelectionModel* selection, QWidget* parent)
    : QCustomPlot(parent), selection_(selection) {
    plot_style::apply(this);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    axisRect()->setRangeZoom(Qt::Horizontal);
    axisRect()->setRangeDrag(Qt::Horizontal);
    plot_style::addTitle(this, tr("Singular values of the hidden states"));
    xAxis->setLabel(tr("component i"));
    yAxis->setLabel(tr("singular value σᵢ"));
    yAxis->setScaleType(QCPAxis::stLogarithmic);
    yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    yAxis->setNumberFormat("eb");
    yAxis->setNumberPrecision(0);

    auto makeGraph = [this](QColor colour, const QString& name) {
        QCPGraph* g = addGraph();
        g->setPen(QPen(colour, 1.5));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, colour, 4));
        g->setName(name);
        return g;
    };
    kept_ = makeGraph(palette::kData, tr("kept (first k)"));
    dropped_ = makeGraph(QColor(170, 170, 170), tr("dropped"));
    cut_ = new QCPItemStraightLine(this);
    cut_->setPen(QPen(palette::kSelection, 1.5, Qt::DashLine));
    cutLabel_ = new QCPItemText(this);
    cutLabel_->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    cutLabel_->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    cutLabel_->setColor(palette::kSelection);
    cutLabel_->setPadding(QMargins(4, 4, 4, 4));
    legend->setVisible(true);
    legend->setBorderPen(QPen(QColor(200, 200, 200)));
    // Singular values fall to the right: the lower left corner is free.
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignLeft | Qt::AlignBottom);
    placeholder_ = plot_style::addPlaceholder(this, tr("Run an analysis to see the singular values"));
    connect(selection_, &SelectionModel::explorationChanged, this, &SingularValuesView::rebuild);
    rebuild();
}

void SingularValuesView::rebuild() {
    const Exploration* e = selection_->exploration();
    QVector<double> ik, sk, id, sd;
    const int k = e ? e->result.k : 0;
    if (e) {
        const auto& s = e->result.singularValues;
        for (int i = 0; i < s.size(); ++i) {
            if (!(s(i) > 0)) continue;  // log axis: zero singular values cannot be drawn
            (i < k ? ik : id).push_back(i + 1);
            (i < k ? sk : sd).push_back(s(i));
        }
    }
    kept_->setData(ik, sk, true);
    dropped_->setData(id, sd, true);
    dropped_->setVisible(!id.isEmpty());
    dropped_->removeFromLegend();
    if (!id.isEmpty()) dropped_->addToLegend();
    const bool any = !ik.isEmpty() || !id.isEmpty();
    placeholder_->setVisible(!any);
    legend->setVisible(any);
    cut_->setVisible(any);
    cutLabel_->setVisible(any);
    if (any) {
        cut_->point1->setCoords(k + 0.5, 1);
        cut_->point2->setCoords(k + 0.5, 2);
        cutLabel_->position->setCoords(k + 0.5, 0.0);
        cutLabel_->setText(tr("k = %1").arg(k));
        // Label on the side of the line with room for it.
        const bool late = k > 0.6 * (ik.size() + id.size());
        cutLabel_->setPositionAlignment((late ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop);
        rescaleAxes();
        xAxis->setRange(0, xAxis->range().upper + 1);
        yAxis->scaleRange(1.3, std::sqrt(yAxis->range().lower * yAxis->range().upper));
    }
    replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace kann::ui
