#include "ui/views/spectrum_view.h"

#include "ui/base/eigen_facts.h"
#include "ui/runners/insight_runner.h"
#include "ui/base/palette.h"
#include "ui/base/plot_style.h"
#include "ui/base/selection_model.h"

#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace kann::ui {

namespace {

QCPRange rangeOf(const std::vector<double>& v, bool& found) {
    found = !v.empty();
    if (!found) return {};
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    return {*lo, *hi};
}

const QPen kHaloPen(QColor(140, 140, 140), 0.8, Qt::DashLine);

}  // namespace

// Points on the complex plane drawn by hand (QCPGraph has one style per graph): the data range
// and extent every such plottable reports.
class PointCloud : public QCPAbstractPlottable {
public:
    PointCloud(QCPAxis* key, QCPAxis* value) : QCPAbstractPlottable(key, value) { setSelectable(QCP::stNone); }
    int size() const { return static_cast<int>(re_.size()); }
    double re(int j) const { return re_[j]; }
    double im(int j) const { return im_[j]; }
    std::vector<std::complex<double>> points() const {
        std::vector<std::complex<double>> z;
        for (int j = 0; j < size(); ++j) z.emplace_back(re_[j], im_[j]);
        return z;
    }

    double selectTest(const QPointF&, bool, QVariant*) const override { return -1; }
    QCPRange getKeyRange(bool& found, QCP::SignDomain) const override { return rangeOf(re_, found); }
    QCPRange getValueRange(bool& found, QCP::SignDomain, const QCPRange&) const override {
        return rangeOf(im_, found);
    }

protected:
    std::vector<double> re_, im_;
};

// The eigenvalues as one plottable: per-point size, colour and opacity (QCPGraph has one style
// per graph), painted largest first so small points stay visible on top of big ones.
class EigenPoints : public PointCloud {
public:
    using PointCloud::PointCloud;

    // `ceiling` > 0 fixes the top of the dominance scale (two spectra compared on one scale).
    void set(const KoopmanResult& r, double ceiling) {
        const int k = static_cast<int>(r.eigenvalues.size());
        re_.resize(k);
        im_.resize(k);
        const double top = ceiling > 0 ? ceiling : r.dominance.size() ? std::max(r.dominance.maxCoeff(), 1e-300) : 1.0;
        scale_ = ColourScale(ColourMap::Blues, 0.0, top);
        // A crowded spectrum (the paper's has 255 eigenvalues) gets smaller points, so the ones
        // near the unit circle stay apart; a sparse one keeps them large enough to click.
        largest_ = std::clamp(9.0 * std::sqrt(64.0 / std::max(k, 1)), 4.0, 9.0);
        dominance_.assign(k, 0.0);
        residual_.assign(k, std::numeric_limits<double>::quiet_NaN());
        for (int j = 0; j < k; ++j) {
            re_[j] = r.eigenvalues(j).real();
            im_[j] = r.eigenvalues(j).imag();
            if (j < r.dominance.size()) dominance_[j] = r.dominance(j);
            if (j < r.eigenResidual.size()) residual_[j] = r.eigenResidual(j);
        }
        order_.resize(k);
        std::iota(order_.begin(), order_.end(), 0);
        std::stable_sort(order_.begin(), order_.end(),
                         [this](int a, int b) { return dominance_[a] > dominance_[b]; });
    }
    void clear() { re_.clear(); im_.clear(); dominance_.clear(); residual_.clear(); order_.clear(); }
    const ColourScale& scale() const { return scale_; }
    QColor fill(int j) const {
        QColor c = scale_.colour(dominance_[j]);
        c.setAlphaF(residualOpacity(residual_[j]));
        return c;
    }
    bool halo(int j) const { return residual_[j] >= kDoubtfulResidual; }
    // The selection ring's radius: clear of the point and of its halo.
    double ringRadius(int j) const { return radius(j) + (halo(j) ? 6.0 : 4.0); }

protected:
    void draw(QCPPainter* painter) override {
        for (int j : order_) {
            const QPointF at = coordsToPixels(re_[j], im_[j]);
            const double r = radius(j);
            QColor outline(50, 50, 50);
            outline.setAlphaF(residualOpacity(residual_[j]));
            painter->setPen(QPen(outline, 0.8));
            painter->setBrush(fill(j));
            painter->drawEllipse(at, r, r);
            if (!halo(j)) continue;
            painter->setBrush(Qt::NoBrush);
            painter->setPen(kHaloPen);
            painter->drawEllipse(at, r + 2.5, r + 2.5);
        }
    }
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override {
        painter->setPen(QPen(QColor(50, 50, 50), 0.8));
        painter->setBrush(scale_.colour(scale_.upper()));
        painter->drawEllipse(rect.center(), 4.5, 4.5);
    }

private:
    // Area grows with dominance, so the eye reads importance without the colour bar.
    double radius(int j) const {
        return largest_ * (0.35 + 0.65 * std::sqrt(std::clamp(dominance_[j] / scale_.upper(), 0.0, 1.0)));
    }

    double largest_ = 9.0;
    std::vector<double> dominance_, residual_;
    std::vector<int> order_;
    ColourScale scale_;
};

// The selected eigenvalue and its partner ringed, alone (with the facts label) on the buffered
// overlay layer: a click repaints that layer, not every point, axis and colour bar.
class SelectionRings : public QCPAbstractPlottable {
public:
    SelectionRings(QCPAxis* key, QCPAxis* value, const EigenPoints* points)
        : QCPAbstractPlottable(key, value), points_(points) {
        setSelectable(QCP::stNone);
        setLayer(QStringLiteral("overlay"));
    }
    void setSelected(int a, int b) { a_ = a, b_ = b; }

    double selectTest(const QPointF&, bool, QVariant*) const override { return -1; }
    QCPRange getKeyRange(bool& found, QCP::SignDomain) const override { return found = false, QCPRange(); }
    QCPRange getValueRange(bool& found, QCP::SignDomain, const QCPRange&) const override {
        return found = false, QCPRange();
    }

protected:
    void draw(QCPPainter* painter) override {
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(palette::kSelection, 2.5));
        for (int j : {a_, b_}) {
            if (j < 0 || j >= points_->size()) continue;
            const double r = points_->ringRadius(j);
            painter->drawEllipse(coordsToPixels(points_->re(j), points_->im(j)), r, r);
        }
    }
    void drawLegendIcon(QCPPainter*, const QRectF&) const override {}

private:
    const EigenPoints* points_;
    int a_ = -1, b_ = -1;
};

// A legend entry with no data: how a point of one trust class looks (its opacity, and the dashed
// halo of a doubtful one).
class TrustKey : public QCPAbstractPlottable {
public:
    TrustKey(QCPAxis* key, QCPAxis* value, QColor colour, double residual)
        : QCPAbstractPlottable(key, value), colour_(colour), residual_(residual) {
        setSelectable(QCP::stNone);
    }
    double selectTest(const QPointF&, bool, QVariant*) const override { return -1; }
    QCPRange getKeyRange(bool& found, QCP::SignDomain) const override { return found = false, QCPRange(); }
    QCPRange getValueRange(bool& found, QCP::SignDomain, const QCPRange&) const override { return found = false, QCPRange(); }

protected:
    void draw(QCPPainter*) override {}
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override {
        QColor fill = colour_, outline(50, 50, 50);
        fill.setAlphaF(residualOpacity(residual_));
        outline.setAlphaF(residualOpacity(residual_));
        painter->setPen(QPen(outline, 0.8));
        painter->setBrush(fill);
        painter->drawEllipse(rect.center(), 4.5, 4.5);
        if (residual_ < kDoubtfulResidual) return;
        painter->setBrush(Qt::NoBrush);
        painter->setPen(kHaloPen);
        painter->drawEllipse(rect.center(), 7.0, 7.0);
    }

private:
    QColor colour_;
    double residual_;
};

// The second spectrum: hollow diamonds, each joined to the eigenvalue on screen it was matched to.
class OverlayPoints : public PointCloud {
public:
    using PointCloud::PointCloud;
    void set(const SpectrumOverlay* overlay) {
        re_.clear(), im_.clear(), links_.clear();
        if (!overlay) return;
        const Eigen::VectorXcd& second = overlay->second.eigenvalues;
        for (int i = 0; i < second.size(); ++i) re_.push_back(second(i).real()), im_.push_back(second(i).imag());
        const Eigen::VectorXcd& first = overlay->first.eigenvalues;
        for (int j = 0; j < static_cast<int>(overlay->match.size()); ++j)
            if (const int m = overlay->match[j]; m >= 0) links_.push_back({first(j), second(m)});
    }
protected:
    void draw(QCPPainter* painter) override {
        QColor link = palette::kComparison;
        link.setAlphaF(0.55);
        painter->setPen(QPen(link, 1.0));
        for (const auto& [a, b] : links_)
            painter->drawLine(coordsToPixels(a.real(), a.imag()), coordsToPixels(b.real(), b.imag()));
        painter->setPen(QPen(palette::kComparison, 1.6));
        painter->setBrush(Qt::NoBrush);
        for (int i = 0; i < size(); ++i) diamond(painter, coordsToPixels(re_[i], im_[i]));
    }
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override {
        painter->setPen(QPen(palette::kComparison, 1.6));
        painter->setBrush(Qt::NoBrush);
        diamond(painter, rect.center());
    }

private:
    static void diamond(QCPPainter* painter, QPointF c) {
        const double r = 5.0;
        painter->drawPolygon(QPolygonF{{c.x(), c.y() - r}, {c.x() + r, c.y()}, {c.x(), c.y() + r}, {c.x() - r, c.y()}});
    }

    std::vector<std::pair<std::complex<double>, std::complex<double>>> links_;
};

SpectrumView::SpectrumView(SelectionModel* selection, QWidget* parent)
    : ComplexPlane(parent), selection_(selection) {
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumSize(240, 150);

    overlay_ = new OverlayPoints(xAxis, yAxis);
    points_ = new EigenPoints(xAxis, yAxis);  // after the overlay: drawn on top of it
    rings_ = new SelectionRings(xAxis, yAxis, points_);
    // The three trust classes the facts box names, under the plot where they hide no eigenvalue.
    legend->setVisible(true);
    legend->removeItem(legend->itemWithPlottable(points_));
    legend->removeItem(legend->itemWithPlottable(overlay_));
    legend->removeItem(legend->itemWithPlottable(rings_));
    const QColor keyColour = points_->scale().colour(1.0);
    const std::pair<double, QString> classes[] = {
        {0.0, tr("trusted")}, {0.15, tr("uncertain")}, {kDoubtfulResidual, tr("doubtful")}};
    for (const auto& [residual, name] : classes) {
        auto* key = new TrustKey(xAxis, yAxis, keyColour, residual);
        key->setName(name);
    }
    title_ = plot_style::addTitle(this, tr("Koopman spectrum"));
    colourBar_ = plot_style::addColourBar(this, tr("dominance (Eq. 10)"));
    connect(this, &QCustomPlot::beforeReplot, this, &SpectrumView::fitTitle);
    legendBelow(3);
    legend->setIconSize(16, 14);
    legend->setIconTextPadding(3);

    label_ = plot_style::addInfoBox(this, QPointF(0.02, 0.02), Qt::AlignLeft | Qt::AlignTop);
    label_->setVisible(false);

    connect(selection_, &SelectionModel::explorationChanged, this, &SpectrumView::rebuild);
    connect(selection_, &SelectionModel::modeChanged, this, &SpectrumView::showSelection);
    connect(selection_, &SelectionModel::comparisonChanged, this, &SpectrumView::showComparison);
    rebuild();
}

void SpectrumView::rebuild() {
    const Exploration* e = selection_->exploration();
    if (e) points_->set(e->result, dominanceCeiling_);
    else points_->clear();
    fitTitle();
    plot_style::showScale(colourBar_, points_->scale());
    showComparison();
}

// The title is centred over the plane alone (the colour bar has a column of its own): where the
// whole of it does not fit there, a shorter one, never one cut at both ends.
void SpectrumView::fitTitle() {
    const Exploration* e = selection_->exploration();
    const QString k = e ? tr(" (k = %1)").arg(e->result.k) : QString();
    const QString full = tr("Koopman spectrum") + k;
    const int bar = barUnder_ ? 0 : colourBar_->outerRect().width();  // the same at any size once laid out
    const int room = width() - (bar > 0 || barUnder_ ? bar : 110) - 12;
    plot_style::fitText(title_, {full, tr("Spectrum") + k}, room);
}

void SpectrumView::showComparison() {
    const SpectrumComparison* c = selection_->comparison();
    overlay_->set(c ? &c->overlay : nullptr);
    if (c) {
        overlay_->setName(tr("%1 (k = %2; shift %3)").arg(c->label).arg(c->overlay.second.k)
                              .arg(c->overlay.dominantShift, 0, 'g', 2));
        if (!legend->hasItemWithPlottable(overlay_)) overlay_->addToLegend();
    } else if (legend->hasItemWithPlottable(overlay_)) {
        legend->removeItem(legend->itemWithPlottable(overlay_));
    }
    showSelection(selection_->mode(), selection_->partner());
    resetView();
}

void SpectrumView::showSelection(int mode, int partner) {
    rings_->setSelected(mode, partner);
    const Exploration* e = selection_->exploration();
    factsShown_ = e && mode >= 0;
    if (factsShown_) {
        const EigenFacts f = eigenFacts(e->result, mode);
        const QString pair = partner >= 0 ? tr("  (and λ%1)").arg(partner) : QString();
        QString text = tr("λ%1 = %2%3\n|λ| = %4,  period %5")
                           .arg(mode).arg(formatLambda(f.re, f.im)).arg(pair)
                           .arg(f.modulus, 0, 'f', 3).arg(formatPeriod(f.period));
        if (!std::isnan(f.residual))
            text += tr("\nresidual %1 (%2)").arg(f.residual, 0, 'g', 2).arg(residualVerdict(f.residual));
        if (const SpectrumComparison* c = selection_->comparison(); c && mode < int(c->overlay.match.size())) {
            const int m = c->overlay.match[mode];
            if (m >= 0) {
                const std::complex<double> l = c->overlay.second.eigenvalues(m);
                text += tr("\n%1: %2, moved %3").arg(c->label).arg(formatLambda(l.real(), l.imag()))
                            .arg(c->overlay.distance[mode], 0, 'g', 2);
            }
        }
        label_->setText(text);
    }
    placeFacts();
    // Hidden, the plot may have no paint buffers yet: its first replot draws everything.
    if (isVisible()) rings_->layer()->replot();
    else replot(QCustomPlot::rpQueuedReplot);
}

// The colour bar beside the plane or under it, whichever leaves the plane larger: a narrow plot
// gives its spare height to the bar, a wide one its spare width.
void SpectrumView::updateLayout() {
    ComplexPlane::updateLayout();
    const int here = axisRect()->rect().width();
    setBarUnder(!barUnder_);
    ComplexPlane::updateLayout();
    if (axisRect()->rect().width() <= here) {
        setBarUnder(!barUnder_);
        ComplexPlane::updateLayout();
    }
    placeFacts();
}

// Under the plane, the bar is as wide as the plane.
void SpectrumView::planeMarginsChanged(const QMargins& margins) {
    if (!barUnder_) return;
    colourBar_->setMargins(QMargins(margins.left(), 4, margins.right(), 0));
    // About one tick label per 60 px: on a narrow bar more of them run together into one number.
    colourBar_->axis()->ticker()->setTickCount(std::max(2, axisRect()->width() / 60));
}

void SpectrumView::setBarUnder(bool under) {
    barUnder_ = under;
    QCPLayoutGrid* layout = plotLayout();
    layout->take(colourBar_);
    layout->simplify();
    const int row = planeRow();
    if (under) {
        layout->insertRow(row + 1);
        layout->addElement(row + 1, 0, colourBar_);
        layout->setRowStretchFactor(row + 1, 0.001);
    } else {
        layout->insertColumn(1);  // before a legend beside the plane
        layout->addElement(row, 1, colourBar_);
    }
    colourBar_->setType(under ? QCPAxis::atBottom : QCPAxis::atRight);
    plot_style::styleAxis(colourBar_->axis());
    // Beside, the bar spans the plane's height; under it, its width.
    colourBar_->setMarginGroup(QCP::msTop | QCP::msBottom, under ? nullptr : axisRect()->marginGroup(QCP::msTop));
    colourBar_->setAutoMargins(under ? QCP::msNone : QCP::msAll);
    colourBar_->setMargins(under ? QMargins(0, 4, 0, 0) : QMargins());
    if (!under) colourBar_->axis()->ticker()->setTickCount(5);  // QCustomPlot's own, for a bar as tall as the plane
}

// The selected eigenvalue's facts where they hide no point: in the room the plane leaves free
// when they fit there, else in the plane's top left corner of a plane large enough to spare it;
// on a small plane they would hide most points, and the table's selected row says the same.
void SpectrumView::placeFacts() {
    const QMargins padding = label_->padding();
    const QSize box = QFontMetrics(label_->font()).boundingRect(QRect(0, 0, 4000, 4000), Qt::AlignLeft, label_->text()).size()
                      + QSize(padding.left() + padding.right() + 2, padding.top() + padding.bottom() + 2);
    const QRect spare = spareRoom(), plane = axisRect()->rect();
    const bool below = spare.top() > plane.bottom() && spare.height() >= box.height() + 8;
    const bool beside = spare.top() <= plane.bottom() && spare.width() >= box.width() + 16;
    label_->setVisible(factsShown_ && (below || beside || box.width() * box.height() * 8 < plane.width() * plane.height()));
    if (!below && !beside) {
        label_->position->setType(QCPItemPosition::ptAxisRectRatio);
        label_->position->setCoords(0.02, 0.02);
        label_->setClipToAxisRect(true);
        return;
    }
    label_->setClipToAxisRect(false);
    label_->position->setType(QCPItemPosition::ptAbsolute);
    if (below) label_->position->setCoords(std::clamp(plane.left(), 2, std::max(2, viewport().width() - box.width() - 2)), spare.top() + 4);
    else label_->position->setCoords(spare.left() + 8, plane.top());
}

void SpectrumView::setExtentFloor(double extent) {
    extentFloor_ = extent;
    resetView();
    replot(rpQueuedReplot);
}

void SpectrumView::resetView() {
    std::vector<std::complex<double>> all = points_->points();
    for (const auto& z : overlay_->points()) all.push_back(z);
    QRectF bounds = boundsOf(all).united(sharedBounds_);
    if (extentFloor_ > 0) bounds |= QRectF(-extentFloor_, -extentFloor_, 2 * extentFloor_, 2 * extentFloor_);
    setDataBounds(bounds);
    ComplexPlane::resetView();
}

void SpectrumView::shareScales(double ceiling, const QRectF& bounds) {
    dominanceCeiling_ = ceiling;
    sharedBounds_ = bounds;
    rebuild();
}

double SpectrumView::dominanceCeiling() const { return points_->scale().upper(); }

QPointF SpectrumView::pixelOf(int j) const {
    return j >= 0 && j < points_->size() ? points_->coordsToPixels(points_->re(j), points_->im(j))
                                         : QPointF();
}

int SpectrumView::pointCount() const { return points_->size(); }
int SpectrumView::overlayCount() const { return overlay_->size(); }
QColor SpectrumView::pointColour(int j) const { return j >= 0 && j < points_->size() ? points_->fill(j) : QColor(); }
bool SpectrumView::hasHalo(int j) const { return j >= 0 && j < points_->size() && points_->halo(j); }

int SpectrumView::eigenvalueAt(const QPointF& pos, double radius) const {
    int best = -1;
    double bestDistance = radius;
    for (int j = 0; j < points_->size(); ++j) {
        const QPointF d = pixelOf(j) - pos;
        const double distance = std::hypot(d.x(), d.y());
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = j;
        }
    }
    return best;
}

QString SpectrumView::describe(int j) const {
    const Exploration* e = selection_->exploration();
    if (!e || j < 0) return {};
    const EigenFacts f = eigenFacts(e->result, j);
    const QString residual = std::isnan(f.residual) ? QStringLiteral("–")
                             : QString::number(f.residual, 'g', 3) + " (" + residualVerdict(f.residual) + ")";
    return tr("<b>λ%1</b> = %2<br>|λ| = %3<br>angle = %4 rad<br>period 2π/angle = %5 steps"
              "<br>dominance = %6<br>residual = %7")
        .arg(j).arg(formatLambda(f.re, f.im, 4)).arg(f.modulus, 0, 'f', 4).arg(f.angle, 0, 'f', 4)
        .arg(formatPeriod(f.period)).arg(f.dominance, 0, 'g', 4).arg(residual);
}

void SpectrumView::mousePressEvent(QMouseEvent* event) {
    pressPos_ = event->position();
    QCustomPlot::mousePressEvent(event);
}

void SpectrumView::mouseReleaseEvent(QMouseEvent* event) {
    QCustomPlot::mouseReleaseEvent(event);
    // A press and release in place is a click; anything longer was a pan.
    const QPointF moved = event->position() - pressPos_;
    if (event->button() != Qt::LeftButton || moved.manhattanLength() > 4) return;
    if (!axisRect()->rect().contains(event->position().toPoint())) return;
    const int j = eigenvalueAt(event->position(), 1e9);
    if (j >= 0) selection_->selectMode(j);
}

void SpectrumView::mouseMoveEvent(QMouseEvent* event) {
    QCustomPlot::mouseMoveEvent(event);
    if (event->buttons() != Qt::NoButton) return;
    const int j = eigenvalueAt(event->position(), 12);
    if (j >= 0) QToolTip::showText(event->globalPosition().toPoint(), describe(j), this);
    else QToolTip::hideText();
}

void SpectrumView::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
        case Qt::Key_Right:
        case Qt::Key_Down: selection_->stepByDominance(+1); break;
        case Qt::Key_Left:
        case Qt::Key_Up: selection_->stepByDominance(-1); break;
        case Qt::Key_Home: selection_->stepByDominance(-points_->size()); break;
        case Qt::Key_R: resetView(); break;
        default: QCustomPlot::keyPressEvent(event);
    }
}

}  // namespace kann::ui
