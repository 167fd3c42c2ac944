#include "ui/views/trust_view.h"

#include "ui/base/colour_scale.h"
#include "ui/views/complex_plane.h"
#include "ui/views/removal_view.h"
#include "ui/runners/insight_runner.h"
#include "ui/base/palette.h"
#include "ui/base/plot_style.h"
#include "ui/base/selection_model.h"
#include "ui/base/verdicts.h"

#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace kann::ui {

namespace {

// Why a figure that arrived with the insight is empty: the reasons the report gives.
QString skippedText(const StudioInsight& insight) {
    QStringList reasons;
    for (const std::string& r : insight.report.skipped) reasons << QString::fromStdString(r);
    return reasons.isEmpty() ? QObject::tr("Nothing to show for this batch") : reasons.join('\n');
}

// Ticks at 1, 2 and 5 times the powers of ten within `range`, or at finer steps when that leaves
// fewer than two: a log axis labelled at every height, however little it spans (a log ticker
// labels only the powers of ten, and a flat curve may lie between 0.2 and 0.5).
QSharedPointer<QCPAxisTickerText> oneTwoFiveTicks(const QCPRange& range) {
    const int from = static_cast<int>(std::floor(std::log10(range.lower)));
    const int to = static_cast<int>(std::ceil(std::log10(range.upper)));
    const std::vector<std::vector<double>> mantissas = {
        {1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5}};
    QSharedPointer<QCPAxisTickerText> ticker;
    for (const std::vector<double>& finer : mantissas) {
        ticker = QSharedPointer<QCPAxisTickerText>::create();
        for (int e = from; e <= to; ++e)
            for (double m : finer)
                if (const double v = m * std::pow(10.0, e); range.contains(v)) ticker->addTick(v, QString::number(v, 'g', 3));
        if (ticker->ticks().size() >= 2) break;
    }
    return ticker;
}

QString accuracy(double a) { return std::isfinite(a) ? QString::number(a, 'f', 2) : QStringLiteral("–"); }

// One "label   value" line per row, the values aligned in a column (the box uses a fixed font).
QString table(const std::vector<std::pair<QString, QString>>& rows) {
    int width = 0;
    for (const auto& [label, value] : rows) width = std::max(width, int(label.size()));
    QStringList lines;
    for (const auto& [label, value] : rows) lines << "  " + label.leftJustified(width + 2, ' ') + value;
    return lines.join('\n');
}

QString readoutSummary(const Exploration& e, const StudioInsight& insight) {
    const auto& a = insight.report.readout;
    if (!a) return QObject::tr("No readout: the model has no classifier to compare.");
    const QString what = e.isText() ? QObject::tr("reviews") : QObject::tr("sequences");
    const QString from = a->startFraction > 0 ? QObject::tr("%1 of the way in").arg(a->startFraction) : QObject::tr("step 0");
    const std::pair<QString, QString> agreement{QObject::tr("same class as the network"), accuracy(a->agreement)};
    if (a->labelled == 0)
        return QObject::tr("No labelled %1, so no accuracy;\nhow often the prediction from %2\nends in the network's own class:\n")
                   .arg(what, from) +
               table({agreement});
    return QObject::tr("Readout accuracy on %1 labelled %2\n").arg(a->labelled).arg(what) +
           table({{QObject::tr("network's own final states"), accuracy(a->networkAccuracy)},
                  {QObject::tr("final states reduced to k = %1").arg(e.result.k), accuracy(a->projectedAccuracy)},
                  {QObject::tr("Koopman-predicted from %1").arg(from), accuracy(a->koopmanAccuracy)},
                  agreement});
}

// Both one-step residuals when the fit accounts for the inputs: what the input term buys.
QString fitSummary(const KoopmanResult& r) {
    if (!r.inputs) return QObject::tr("One-step relative residual of C: %1\n\n").arg(r.residual, 0, 'g', 3);
    return QObject::tr("One-step relative residual: %1 with inputs (A, B),\n%2 autonomous (the paper's C), same pairs;\n"
                       "the curve is driven by the network's own inputs.\n\n")
        .arg(r.residual, 0, 'g', 3)
        .arg(r.inputs->residualAutonomous, 0, 'g', 3);
}

}  // namespace

TrustView::TrustView(SelectionModel* selection, QWidget* parent) : QWidget(parent), selection_(selection) {
    prediction_ = new QCustomPlot;
    plot_style::apply(prediction_);
    predictionTitle_ = plot_style::addTitle(prediction_, QString());
    predictionVerdict_ = plot_style::addSubtitle(prediction_, QString());
    prediction_->xAxis->setLabel(tr("steps ahead h (1 = one step)"));
    prediction_->yAxis->setLabel(tr("relative error"));
    prediction_->yAxis->setScaleType(QCPAxis::stLogarithmic);
    prediction_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    curve_ = prediction_->addGraph();
    const QColor blue = palette::kData;
    curve_->setPen(QPen(blue, 2));
    curve_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, blue, blue, 6));
    // Errors grow with h: the lower right corner is free.
    readout_ = plot_style::addInfoBox(prediction_, QPointF(0.98, 0.96), Qt::AlignRight | Qt::AlignBottom);
    QFont mono(QStringLiteral("DejaVu Sans Mono"));
    mono.setPointSizeF(9);
    readout_->setFont(mono);
    readout_->setClipToAxisRect(false);  // on a short plot, over the axis rather than cut
    predictionPlaceholder_ = plot_style::addPlaceholder(prediction_, tr("Run an analysis to see how well C predicts"));

    tracks_ = new ComplexPlane;
    tracks_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    tracksTitle_ = plot_style::addTitle(tracks_, tr("Stability: eigenvalues as k grows"));
    tracksVerdict_ = plot_style::addSubtitle(tracks_, QString());
    tracks_->setToolTip(tr("The spectrum fitted again with fewer components k: a mode whose eigenvalue stays put is "
                           "a property of the network, one that wanders is a property of the chosen k"));
    tracks_->legendBelow(3);
    selectedTrack_ = new QCPCurve(tracks_->xAxis, tracks_->yAxis);
    selectedTrack_->setPen(QPen(palette::kSelection, 3));
    selectedTrack_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(palette::kSelection, 2), Qt::NoBrush, 11));
    selectedTrack_->setName(tr("selected mode"));
    selectedTrack_->setLayer("overlay");
    tracksPlaceholder_ = plot_style::addPlaceholder(tracks_, tr("Run an analysis to see the eigenvalue tracks"));

    removal_ = new RemovalView(selection_);
    // Pages under the curve: three plots stacked leave none readable at 700 pixels.
    QTabWidget* pages = plot_style::pages(
        {{tracks_, tr("Stability over k"), {}},
         {removal_, tr("Removing a mode"),
          tr("Run the network again with the selected mode taken out of its state, against a control")}});
    connect(selection_, &SelectionModel::ablationsChanged, pages, [this, pages] {
        if (!selection_->ablations().empty()) pages->setCurrentWidget(removal_);  // the result just asked for
    });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_style::evenlyStacked(prediction_, pages));

    connect(selection_, &SelectionModel::explorationChanged, this, &TrustView::rebuild);
    connect(selection_, &SelectionModel::insightChanged, this, &TrustView::rebuild);
    connect(selection_, &SelectionModel::modeChanged, this, &TrustView::highlightTrack);
    rebuild();
}

QCustomPlot* TrustView::tracksPlot() const { return tracks_; }

int TrustView::predictionPoints() const { return curve_->dataCount(); }

QString TrustView::readoutText() const { return readout_->visible() ? readout_->text() : QString(); }

void TrustView::rebuild() {
    showPrediction();
    showTracks();
}

void TrustView::showPrediction() {
    const StudioInsight* insight = selection_->insight();
    QVector<double> h, err;
    if (insight)
        for (std::size_t i = 0; i < insight->report.prediction.relativeError.size(); ++i) {
            const double v = insight->report.prediction.relativeError[i];
            if (v > 0 && std::isfinite(v)) h << double(i + 1), err << v;  // log axis: exact zeros cannot be drawn
        }
    curve_->setData(h, err, true);
    describePrediction(insight && insight->exploration->result.inputs);
    predictionPlaceholder_->setText(insight ? skippedText(*insight)
                                    : selection_->exploration() ? tr("Computing the trust figures…")
                                                                : tr("Run an analysis to see how well C predicts"));
    predictionPlaceholder_->setVisible(h.isEmpty());
    readout_->setVisible(insight != nullptr);
    if (insight)
        readout_->setText(fitSummary(insight->exploration->result) + readoutSummary(*insight->exploration, *insight));
    QString verdict = !err.isEmpty() && h.front() == 1.0 ? predictionVerdict(err.front()) : QString();
    if (insight && insight->report.readout)
        if (const QString agree = agreementVerdict(insight->report.readout->agreement, insight->exploration->result.inputs.has_value()); !agree.isEmpty())
            verdict += "\n" + agree;
    predictionVerdict_->setText(verdict);
    if (!h.isEmpty()) {
        prediction_->rescaleAxes();
        prediction_->xAxis->setRange(0.5, h.back() + 0.5);
        QCPAxis* y = prediction_->yAxis;
        y->scaleRange(1.6, std::sqrt(y->range().lower * y->range().upper));
        y->setTicker(oneTwoFiveTicks(y->range()));
    }
    prediction_->replot(QCustomPlot::rpQueuedReplot);
}

// The autonomous fit predicts by powers of C; a fit with inputs by A, fed the network's true inputs.
void TrustView::describePrediction(bool driven) {
    predictionTitle_->setText(driven ? tr("How well A and B predict the network, given its inputs")
                                     : tr("How well C predicts the network"));
    prediction_->setToolTip(
        driven ? tr("Relative error of the h-step prediction ẑ(t+h) from Zp(t), each step ẑ·A + u·B + c with the "
                    "input u the network really read there, against Zp(t+h), over every valid start t. "
                    "h = 1 is the fit's residual. See Help > Glossary")
               : tr("Relative error of C's h-step prediction, ‖Zp(t)·Cʰ − Zp(t+h)‖ / ‖Zp(t+h)‖, over every "
                    "valid start t. h = 1 is the fit's residual. See Help > Glossary"));
}

void TrustView::showTracks() {
    for (QCPAbstractPlottable* p : trackItems_) tracks_->removePlottable(p);
    trackItems_.clear();
    const StudioInsight* insight = selection_->insight();
    const SpectrumTracks* t = insight ? &insight->report.tracks : nullptr;
    const bool any = t && !t->spectra.empty();
    tracksPlaceholder_->setVisible(!any);
    tracksPlaceholder_->setText(insight ? skippedText(*insight)
                                : selection_->exploration() ? tr("Computing the eigenvalue tracks…")
                                                            : tr("Run an analysis to see the eigenvalue tracks"));
    std::vector<std::complex<double>> all;
    if (any) {
        for (const Track& track : t->tracks) {
            auto* line = new QCPCurve(tracks_->xAxis, tracks_->yAxis);
            QVector<double> x, y;
            for (const auto& p : track.points) x << p.lambda.real(), y << p.lambda.imag();
            line->setData(x, y);
            line->setPen(QPen(QColor(150, 150, 150), 1));
            line->setName(tr("one eigenvalue across k"));
            if (trackItems_.size() > 0) line->removeFromLegend();
            trackItems_ << line;
        }
        const int n = static_cast<int>(t->spectra.size());
        const ColourScale colours(ColourMap::Viridis, 0, std::max(1, n - 1));
        for (int i = 0; i < n; ++i) {
            const SpectrumAtK& s = t->spectra[i];
            auto* points = new QCPCurve(tracks_->xAxis, tracks_->yAxis);
            QVector<double> x, y;
            for (int j = 0; j < s.eigenvalues.size(); ++j) {
                x << s.eigenvalues(j).real(), y << s.eigenvalues(j).imag();
                all.push_back(s.eigenvalues(j));
            }
            points->setData(x, y);
            points->setLineStyle(QCPCurve::lsNone);
            // The analysis' own k as rings, so the smaller k stay visible inside them.
            const QColor c = colours.colour(i);
            const bool last = i + 1 == n;
            points->setScatterStyle(last ? QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(c.darker(110), 1.6), Qt::NoBrush, 9)
                                         : QCPScatterStyle(QCPScatterStyle::ssDisc, c.darker(130), c, 5));
            points->setName(last ? tr("k = %1 (the analysis)").arg(s.k) : tr("k = %1").arg(s.k));
            trackItems_ << points;
        }
    }
    tracks_->setDataBounds(boundsOf(all));
    highlightTrack();
    tracks_->resetView();
}

void TrustView::highlightTrack() {
    const StudioInsight* insight = selection_->insight();
    const int mode = selection_->mode();
    const SpectrumTracks* t = insight ? &insight->report.tracks : nullptr;
    const bool show = t && mode >= 0 && mode < static_cast<int>(t->trackOfFinalMode.size());
    QVector<double> x, y;
    if (show)
        for (const auto& p : t->tracks[t->trackOfFinalMode[mode]].points) x << p.lambda.real(), y << p.lambda.imag();
    selectedTrack_->setData(x, y);
    selectedTrack_->setVisible(show);
    const QString verdict = show ? stabilityVerdict(mode, t->tracks[t->trackOfFinalMode[mode]].spread) : QString();
    if (verdict != tracksVerdict_->text()) {
        tracksVerdict_->setText(verdict);
        if (isVisible()) return tracks_->replot(QCustomPlot::rpQueuedReplot);  // the text sits on the main layer
    }
    // The track sits alone on the buffered overlay layer: a click repaints only that layer.
    if (isVisible()) selectedTrack_->layer()->replot();
}

void TrustView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    tracks_->replot(QCustomPlot::rpQueuedReplot);  // the selection may have moved while hidden
}

}  // namespace kann::ui
