#include "ui/spectrum_view.h"

#include "ui/eigen_facts.h"
#include "ui/plot_style.h"
#include "ui/selection_model.h"

#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace kann::ui {

// The eigenvalues as one plottable: per-point size and colour (QCPGraph has one style per
// graph), painted largest first so small points stay visible on top of big ones.
class EigenPoints : public QCPAbstractPlottable {
public:
    EigenPoints(QCPAxis* key, QCPAxis* value) : QCPAbstractPlottable(key, value) {
        setSelectable(QCP::stNone);
    }

    void set(const KoopmanResult& r) {
        const int k = static_cast<int>(r.eigenvalues.size());
        re_.resize(k);
        im_.resize(k);
        const double top = r.dominance.size() ? std::max(r.dominance.maxCoeff(), 1e-300) : 1.0;
        scale_ = ColourScale(ColourMap::Blues, 0.0, top);
        dominance_.assign(k, 0.0);
        for (int j = 0; j < k; ++j) {
            re_[j] = r.eigenvalues(j).real();
            im_[j] = r.eigenvalues(j).imag();
            if (j < r.dominance.size()) dominance_[j] = r.dominance(j);
        }
        order_.resize(k);
        std::iota(order_.begin(), order_.end(), 0);
        std::stable_sort(order_.begin(), order_.end(),
                         [this](int a, int b) { return dominance_[a] > dominance_[b]; });
    }
    void clear() { re_.clear(); im_.clear(); dominance_.clear(); order_.clear(); }
    void setSelected(int a, int b) { selectedA_ = a; selectedB_ = b; }
    int size() const { return static_cast<int>(re_.size()); }
    double re(int j) const { return re_[j]; }
    double im(int j) const { return im_[j]; }
    const ColourScale& scale() const { return scale_; }

    double selectTest(const QPointF&, bool, QVariant*) const override { return -1; }
    QCPRange getKeyRange(bool& found, QCP::SignDomain) const override { return range(re_, found); }
    QCPRange getValueRange(bool& found, QCP::SignDomain, const QCPRange&) const override {
        return range(im_, found);
    }

protected:
    void draw(QCPPainter* painter) override {
        painter->setPen(QPen(QColor(50, 50, 50), 0.8));
        for (int j : order_) {
            painter->setBrush(scale_.colour(dominance_[j]));
            const double r = radius(j);
            painter->drawEllipse(coordsToPixels(re_[j], im_[j]), r, r);
        }
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(QColor(230, 85, 13), 2.5));
        for (int j : {selectedA_, selectedB_}) {
            if (j < 0 || j >= size()) continue;
            const double r = radius(j) + 4.0;
            painter->drawEllipse(coordsToPixels(re_[j], im_[j]), r, r);
        }
    }
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override {
        painter->setPen(QPen(QColor(50, 50, 50), 0.8));
        painter->setBrush(scale_.colour(scale_.upper()));
        painter->drawEllipse(rect.center(), 4.0, 4.0);
    }

private:
    // Area grows with dominance, so the eye reads importance without the colour bar.
    double radius(int j) const {
        return 3.0 + 6.0 * std::sqrt(std::max(0.0, dominance_[j]) / scale_.upper());
    }
    static QCPRange range(const std::vector<double>& v, bool& found) {
        found = !v.empty();
        if (!found) return {};
        const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
        return {*lo, *hi};
    }

    std::vector<double> re_, im_, dominance_;
    std::vector<int> order_;
    ColourScale scale_;
    int selectedA_ = -1, selectedB_ = -1;
};

SpectrumView::SpectrumView(SelectionModel* selection, QWidget* parent)
    : QCustomPlot(parent), selection_(selection) {
    plot_style::apply(this);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumSize(320, 280);
    xAxis->setLabel(QStringLiteral("Re λ"));
    yAxis->setLabel(QStringLiteral("Im λ"));

    auto* circle = new QCPCurve(xAxis, yAxis);
    QVector<double> t(361), x(361), y(361);
    for (int i = 0; i <= 360; ++i) {
        t[i] = i;
        x[i] = std::cos(i * M_PI / 180.0);
        y[i] = std::sin(i * M_PI / 180.0);
    }
    circle->setData(t, x, y);
    circle->setPen(QPen(QColor(120, 120, 120), 1.2, Qt::DashLine));
    circle->setSelectable(QCP::stNone);
    for (auto [p1, p2] : {std::pair{QPointF(0, 0), QPointF(1, 0)}, {QPointF(0, 0), QPointF(0, 1)}}) {
        auto* line = new QCPItemStraightLine(this);
        line->point1->setCoords(p1);
        line->point2->setCoords(p2);
        line->setPen(QPen(QColor(190, 190, 190), 1));
        line->setSelectable(false);
    }

    points_ = new EigenPoints(xAxis, yAxis);
    title_ = plot_style::addTitle(this, tr("Koopman spectrum"));
    colourBar_ = plot_style::addColourBar(this, tr("Dominance (Eq. 10)"));

    label_ = new QCPItemText(this);
    label_->position->setType(QCPItemPosition::ptAxisRectRatio);
    label_->position->setCoords(0.02, 0.02);
    label_->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    label_->setTextAlignment(Qt::AlignLeft);
    label_->setBrush(QColor(255, 255, 255, 225));
    label_->setPen(QPen(QColor(200, 200, 200)));
    label_->setPadding(QMargins(6, 4, 6, 4));
    label_->setSelectable(false);
    label_->setVisible(false);

    connect(selection_, &SelectionModel::explorationChanged, this, &SpectrumView::rebuild);
    connect(selection_, &SelectionModel::modeChanged, this, &SpectrumView::showSelection);
    rebuild();
}

void SpectrumView::rebuild() {
    const Exploration* e = selection_->exploration();
    if (e) points_->set(e->result);
    else points_->clear();
    title_->setText(e ? tr("Koopman spectrum (k = %1)").arg(e->result.k) : tr("Koopman spectrum"));
    plot_style::showScale(colourBar_, points_->scale());
    showSelection(selection_->mode(), selection_->partner());
    resetView();
}

void SpectrumView::showSelection(int mode, int partner) {
    points_->setSelected(mode, partner);
    const Exploration* e = selection_->exploration();
    label_->setVisible(e && mode >= 0);
    if (e && mode >= 0) {
        const EigenFacts f = eigenFacts(e->result, mode);
        const QString pair = partner >= 0 ? tr("  (and λ%1)").arg(partner) : QString();
        label_->setText(tr("λ%1 = %2%3\n|λ| = %4,  period %5")
                            .arg(mode).arg(formatLambda(f.re, f.im)).arg(pair)
                            .arg(f.modulus, 0, 'f', 3).arg(formatPeriod(f.period)));
    }
    replot(QCustomPlot::rpQueuedReplot);
}

void SpectrumView::resetView() {
    double extent = 1.0;
    for (int j = 0; j < points_->size(); ++j)
        extent = std::max(extent, std::hypot(points_->re(j), points_->im(j)));
    extent *= 1.12;
    xAxis->setRange(-extent, extent);
    yAxis->setRange(-extent, extent);
    replot();
}

void SpectrumView::updateLayout() {
    QCustomPlot::updateLayout();
    // Equal units per pixel on both axes, widening whichever axis would otherwise squash the
    // circle; zoom and pan keep the ratio because they scale both axes alike.
    const QRect r = axisRect()->rect();
    if (r.width() <= 0 || r.height() <= 0) return;
    const double perPixel = std::max(xAxis->range().size() / r.width(), yAxis->range().size() / r.height());
    xAxis->setRange(xAxis->range().center(), perPixel * r.width(), Qt::AlignCenter);
    yAxis->setRange(yAxis->range().center(), perPixel * r.height(), Qt::AlignCenter);
}

QPointF SpectrumView::pixelOf(int j) const {
    return j >= 0 && j < points_->size() ? points_->coordsToPixels(points_->re(j), points_->im(j))
                                         : QPointF();
}

int SpectrumView::pointCount() const { return points_->size(); }

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
    const QString residual = std::isnan(f.residual) ? QStringLiteral("–") : QString::number(f.residual, 'g', 3);
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
