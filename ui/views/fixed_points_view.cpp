#include "ui/views/fixed_points_view.h"

#include "core/models/recurrent_network.h"
#include "ui/base/colour_scale.h"
#include "ui/views/complex_plane.h"
#include "ui/base/plot_style.h"
#include "ui/base/selection_model.h"
#include "ui/runners/fixed_points_runner.h"
#include "ui/views/jacobian_overlay.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QDoubleValidator>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>

namespace kann::ui {

namespace {

const QColor kSelected(230, 85, 13);

const FixedPoint& pointOf(const FixedPointStudy& s, int i) {
    const auto nFixed = static_cast<int>(s.search.fixedPoints.size());
    return i < nFixed ? s.search.fixedPoints[i] : s.search.slowPoints[i - nFixed];
}

// How parallel two directions are, in words a student can act on.
QString parallel(double c) {
    if (!std::isfinite(c)) return QObject::tr("undefined");
    const QString n = QString::number(c, 'f', 2);
    if (c >= 0.8) return QObject::tr("nearly parallel (|cos| %1)").arg(n);
    if (c >= 0.5) return QObject::tr("partly aligned (|cos| %1)").arg(n);
    return QObject::tr("nearly unrelated (|cos| %1)").arg(n);
}

QString lineInWords(const FixedPointStudy& s) {
    const int n = static_cast<int>(s.geometry.reduced.rows());
    const double f = s.geometry.varianceFraction;
    if (n < 3 || !std::isfinite(f))
        return QObject::tr("Too few points to tell whether they form a line.");
    const QString share = QString::number(100 * f, 'f', 0);
    return f >= 0.9 ? QObject::tr("They lie close to a line: its direction holds %1% of their spread.").arg(share)
                    : QObject::tr("They do not form one line: its best direction holds only %1% of their spread.").arg(share);
}

QString complexText(std::complex<double> z) {
    const QString re = QString::number(z.real(), 'f', 3);
    if (z.imag() == 0) return re;
    return QString("%1 %2 %3i").arg(re, z.imag() < 0 ? "−" : "+").arg(std::abs(z.imag()), 0, 'f', 3);
}

QString alignmentInWords(const QString& mode, const KoopmanAlignment& a) {
    return QObject::tr("%1 (λ = %2) is, in state space: %3 to the points' line, %4 to the slowest Jacobian "
                       "eigenvectors (median over the points), %5 to the readout weights.")
        .arg(mode, complexText(a.eigenvalue), parallel(a.line), parallel(a.slowest), parallel(a.readout));
}

bool recurrent(const Exploration* e) { return e && dynamic_cast<const RecurrentNetwork*>(e->network.get()); }

}  // namespace

FixedPointsView::FixedPointsView(SelectionModel* selection, QWidget* parent)
    : QWidget(parent), selection_(selection), runner_(new FixedPointsRunner(this)) {
    buildControls();
    buildPlot();
    words_ = new QLabel;
    words_->setObjectName("fixed-points-words");
    words_->setWordWrap(true);
    words_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    words_->setMargin(6);
    layout()->addWidget(words_);
    pointWords_ = new QLabel;
    pointWords_->setWordWrap(true);
    pointWords_->setMargin(6);
    layout()->addWidget(pointWords_);
    connect(selection_, &SelectionModel::explorationChanged, this, &FixedPointsView::explorationChanged);
    connect(runner_, &FixedPointsRunner::started, this, [this] { setRunning(true); });
    connect(runner_, &FixedPointsRunner::progress, this, [this](int percent, const QString& stage) {
        progress_->setText(tr("%1  %2%").arg(stage).arg(percent));
    });
    runner_->onFinished(this, &FixedPointsView::showResult);
    connect(runner_, &FixedPointsRunner::failed, this, [this](const QString& title, const QString& message) {
        setRunning(false);
        words_->setText(tr("The search failed (%1): %2").arg(title, message));
    });
    connect(runner_, &FixedPointsRunner::cancelled, this, [this] {
        setRunning(false);
        searched_ = false;
        words_->setText(tr("Search cancelled."));
    });
    explorationChanged();
}

FixedPointsView::~FixedPointsView() = default;

void FixedPointsView::buildControls() {
    input_ = new QComboBox;
    input_->setEditable(true);
    input_->addItems({"zero", "mean"});
    input_->setToolTip(tr("The constant input x: zeros, the batch's mean input, or type a word of the vocabulary"));
    input_->lineEdit()->setPlaceholderText(tr("zero, mean or a word"));
    input_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    input_->setMinimumContentsLength(8);
    starts_ = new QSpinBox;
    starts_->setRange(1, 8192);
    starts_->setValue(512);
    starts_->setToolTip(tr("Starting states sampled from the batch's hidden states (plus a little noise)"));
    tolerance_ = new QLineEdit(QString::number(FixedPointOptions().tolerance, 'g', 3));
    auto* positive = new QDoubleValidator(1e-300, 1, 3, tolerance_);
    positive->setNotation(QDoubleValidator::ScientificNotation);
    tolerance_->setValidator(positive);
    tolerance_->setMaximumWidth(fontMetrics().horizontalAdvance("0.00000e-000"));
    tolerance_->setToolTip(tr("A state whose q = ½‖F(h, x) − h‖² is below this is a fixed point; up to %1 it is a "
                              "slow point")
                               .arg(FixedPointOptions().slowTolerance, 0, 'g', 2));
    restoreSettings();
    run_ = new QPushButton(tr("Find fixed points"));
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->setEnabled(false);
    // A line of text, not a second bar: the window's one progress bar belongs to the analysis run.
    progress_ = new QLabel;
    progress_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    progress_->setVisible(false);
    showOverlay_ = new QCheckBox(tr("its Jacobian's λ on the spectrum (×)"));
    showOverlay_->setChecked(true);
    showOverlay_->setToolTip(tr("Overlay the selected point's Jacobian eigenvalues on the Koopman spectrum"));
    connect(run_, &QPushButton::clicked, this, &FixedPointsView::search);
    connect(cancel_, &QPushButton::clicked, runner_, &FixedPointsRunner::cancel);
    connect(showOverlay_, &QCheckBox::toggled, this, &FixedPointsView::showSelection);

    // Two rows, so the tab fits beside the spectrum in a 1024-pixel window.
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Input")));
    row->addWidget(input_);
    row->addWidget(new QLabel(tr("Starts")));
    row->addWidget(starts_);
    row->addWidget(new QLabel(tr("q <")));
    row->addWidget(tolerance_);
    row->addStretch(1);
    auto* second = new QHBoxLayout;
    second->addWidget(run_);
    second->addWidget(cancel_);
    second->addWidget(showOverlay_);
    second->addWidget(progress_, 1);
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 4, 0, 0);
    column->addLayout(row);
    column->addLayout(second);
}

void FixedPointsView::buildPlot() {
    plot_ = new QCustomPlot;
    plot_style::apply(plot_);
    plot_style::addTitle(plot_, tr("Fixed points over the batch's trajectories"));
    QCPTextElement* subtitle = plot_style::addSubtitle(plot_, QString());
    plot_->xAxis->setLabel(tr("reduced coordinate 1"));
    plot_->yAxis->setLabel(tr("reduced coordinate 2"));
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    colourBar_ = plot_style::addColourBar(plot_, tr("slowest |λ| of the Jacobian"));
    connect(plot_, &QCustomPlot::beforeReplot, this, [this, subtitle] {
        plot_style::fitText(subtitle, {tr("first two reduced coordinates; ● fixed point, ○ slow point; click one"),
                                       tr("first two reduced coordinates\n● fixed point, ○ slow point; click one")},
                            plot_->width() - colourBar_->outerRect().width() - 12);
    });
    placeholder_ = plot_style::addPlaceholder(plot_, {});
    connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
        const int i = pointAt(event->position(), 12);
        if (i >= 0) selectPoint(i);
    });
    layout()->addWidget(plot_);
    static_cast<QVBoxLayout*>(layout())->setStretchFactor(plot_, 1);
}

void FixedPointsView::overlayOn(ComplexPlane* spectrum) { overlay_ = std::make_unique<JacobianOverlay>(spectrum); }

int FixedPointsView::pointCount() const { return result_ ? static_cast<int>(result_->study.geometry.reduced.rows()) : 0; }

int FixedPointsView::overlayMarkers() const { return overlay_ ? overlay_->markerCount() : 0; }

QString FixedPointsView::alignmentText() const { return words_->text(); }

QPointF FixedPointsView::pixelOf(int i) const {
    const RowMatrixXd& r = result_->study.geometry.reduced;
    return {plot_->xAxis->coordToPixel(r(i, 0)), plot_->yAxis->coordToPixel(r.cols() > 1 ? r(i, 1) : 0.0)};
}

int FixedPointsView::pointAt(const QPointF& pos, double radius) const {
    int best = -1;
    double bestDistance = radius;
    for (int i = 0; i < pointCount(); ++i) {
        const double d = QLineF(pixelOf(i), pos).length();
        if (d <= bestDistance) best = i, bestDistance = d;
    }
    return best;
}

void FixedPointsView::explorationChanged() {
    runner_->cancel();
    result_.reset();
    selected_ = -1;
    searched_ = false;
    if (overlay_) overlay_->hide();
    plot_->clearPlottables();
    ring_ = plot_->addGraph();
    ring_->setLineStyle(QCPGraph::lsNone);
    ring_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(kSelected, 2.5), Qt::NoBrush, 20));
    const bool applicable = recurrent(selection_->exploration());
    run_->setEnabled(applicable);
    placeholder_->setText(!selection_->exploration() ? tr("Run an analysis to look for fixed points")
                          : applicable ? tr("Searching from the batch's states…")
                                       : tr("Fixed points need the cell's equations: open a state-dict checkpoint\n"
                                            "of RNN, GRU or LSTM cells (not saved states or TorchScript)"));
    placeholder_->setVisible(true);
    words_->clear();
    pointWords_->clear();
    drawTrajectories();
    plot_->replot();
    if (isVisible()) searchIfNeeded();
}

void FixedPointsView::searchIfNeeded() {
    if (!searched_ && recurrent(selection_->exploration())) search();
}

void FixedPointsView::search() {
    const auto e = selection_->sharedExploration();
    if (!recurrent(e.get())) return;
    searched_ = true;
    saveSettings();
    runner_->start(e, options());
}

FixedPointStudyOptions FixedPointsView::options() const {
    FixedPointStudyOptions o;
    o.input = input_->currentText().trimmed().toStdString();
    if (o.input.empty()) o.input = "zero";
    o.starts = starts_->value();
    bool ok = false;
    const double q = tolerance_->text().toDouble(&ok);
    if (ok && q > 0 && q < o.search.slowTolerance) o.search.tolerance = q;
    return o;
}

std::map<std::string, std::string> FixedPointsView::viewSettings() const {
    const FixedPointStudyOptions o = options();
    return {{"fixed_points_input", o.input},
            {"fixed_points_starts", std::to_string(o.starts)},
            {"fixed_points_tolerance", QString::number(o.search.tolerance, 'g', 6).toStdString()}};
}

void FixedPointsView::applyViewSettings(const std::map<std::string, std::string>& view) {
    const FixedPointStudyOptions before = options();
    const auto value = [&view](const char* key) {
        const auto it = view.find(key);
        return it == view.end() ? QString() : QString::fromStdString(it->second);
    };
    if (const QString input = value("fixed_points_input"); !input.isEmpty()) input_->setCurrentText(input);
    if (const int starts = value("fixed_points_starts").toInt(); starts > 0) starts_->setValue(starts);
    if (const QString q = value("fixed_points_tolerance"); !q.isEmpty()) tolerance_->setText(q);
    const FixedPointStudyOptions after = options();
    const bool changed = after.input != before.input || after.starts != before.starts ||
                         after.search.tolerance != before.search.tolerance;
    // Points already searched with the old settings would not be the saved exploration's.
    if (changed && searched_) {
        searched_ = false;
        if (isVisible()) search();
    }
}

// The settings of the last search, for the next start of the studio.
void FixedPointsView::saveSettings() const {
    QSettings settings;
    settings.beginGroup("fixed_points");
    for (const auto& [key, value] : viewSettings())
        settings.setValue(QString::fromStdString(key).remove("fixed_points_"), QString::fromStdString(value));
}

void FixedPointsView::restoreSettings() {
    QSettings settings;
    settings.beginGroup("fixed_points");
    std::map<std::string, std::string> view;
    for (const QString& key : settings.childKeys())
        view["fixed_points_" + key.toStdString()] = settings.value(key).toString().toStdString();
    applyViewSettings(view);
}

void FixedPointsView::setRunning(bool running) {
    run_->setEnabled(!running && recurrent(selection_->exploration()));
    cancel_->setEnabled(running);
    progress_->setVisible(running);
    if (running) progress_->setText(tr("Starting…"));
}

void FixedPointsView::drawTrajectories() {
    const Exploration* e = selection_->exploration();
    if (!e || e->result.reduced.rows() == 0) return;
    const RowMatrixXd& z = e->result.reduced;
    const QColor faint(120, 120, 120, 45);
    for (int b = 0; b < e->result.batch; ++b) {
        auto* curve = new QCPCurve(plot_->xAxis, plot_->yAxis);
        curve->setPen(QPen(faint, 1));
        curve->removeFromLegend();
        QVector<double> x, y;
        for (int t = 0; t < e->result.lengths[b]; ++t) {
            const Eigen::Index row = static_cast<Eigen::Index>(b) * e->result.time + t;
            x << z(row, 0);
            y << (z.cols() > 1 ? z(row, 1) : 0.0);
        }
        curve->setData(x, y);
    }
    plot_->rescaleAxes();
}

void FixedPointsView::showResult(std::shared_ptr<const StudioFixedPoints> result) {
    setRunning(false);
    if (result->exploration != selection_->sharedExploration()) return;
    result_ = std::move(result);
    selected_ = -1;
    drawPoints();
    // The slowest point first: on a line attractor, the one whose linearisation matters most.
    selectPoint(pointCount() > 0 ? 0 : -1);
}

void FixedPointsView::drawPoints() {
    const FixedPointStudy& s = result_->study;
    const int n = pointCount();
    placeholder_->setVisible(n == 0);
    if (n == 0) placeholder_->setText(tr("No fixed or slow points found: try more starts or another input"));
    std::vector<float> moduli;
    for (int i = 0; i < n; ++i) moduli.push_back(static_cast<float>(std::abs(pointOf(s, i).linear.slowestEigenvalue())));
    ColourScale scale = ColourScale::fitted(ColourMap::Viridis, moduli);
    if (!(scale.upper() > scale.lower())) scale = ColourScale(ColourMap::Viridis, scale.lower() - 0.05, scale.upper() + 0.05);
    plot_style::showScale(colourBar_, scale);
    const auto nFixed = static_cast<int>(s.search.fixedPoints.size());
    // Slow points first: the fixed points, fewer and filled, are drawn on top of them.
    for (int k = 0; k < n; ++k) {
        const int i = (k + nFixed) % n;
        auto* g = plot_->addGraph();
        g->removeFromLegend();
        g->setLineStyle(QCPGraph::lsNone);
        const QColor c = scale.colour(moduli[i]);
        // A filled circle (QCustomPlot's ssDisc fills with the pen, which would paint it all black).
        g->setScatterStyle(i < nFixed ? QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(40, 40, 40), 1), c, 11)
                                      : QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(c, 2), Qt::white, 8));
        const QPointF p(s.geometry.reduced(i, 0), s.geometry.reduced.cols() > 1 ? s.geometry.reduced(i, 1) : 0.0);
        g->setData({p.x()}, {p.y()});
    }
    plot_->replot();
    QString text = tr("Input %1: %2 fixed point(s) and %3 slow point(s) from %4 starts. %5")
                       .arg(QString::fromStdString(s.input))
                       .arg(nFixed)
                       .arg(s.search.slowPoints.size())
                       .arg(s.search.starts)
                       .arg(lineInWords(s));
    text += "\n" + alignmentInWords(tr("The dominant real Koopman mode"), s.alignment);
    if (s.mostDominant.mode >= 0)
        text += "\n" + alignmentInWords(tr("The most dominant mode, complex, by its plane"), s.mostDominant);
    for (const std::string& note : s.notes) text += "\n" + tr("Note: %1.").arg(QString::fromStdString(note));
    words_->setText(text);
}

void FixedPointsView::selectPoint(int i) {
    selected_ = (i >= 0 && i < pointCount()) ? i : -1;
    showSelection();
}

void FixedPointsView::showSelection() {
    ring_->data()->clear();
    pointWords_->clear();
    if (selected_ < 0 || !result_) {
        if (overlay_) overlay_->hide();
        plot_->replot();
        return;
    }
    const FixedPoint& p = pointOf(result_->study, selected_);
    const std::complex<double> l = p.linear.slowestEigenvalue();
    pointWords_->setText(tr("Point %1 (ringed): q = %2, reached from %3 start(s); slowest Jacobian eigenvalue %4 "
                            "(|λ| %5, time constant %6 steps).")
                             .arg(selected_ + 1)
                             .arg(p.q, 0, 'g', 2)
                             .arg(p.starts)
                             .arg(complexText(l))
                             .arg(std::abs(l), 0, 'f', 4)
                             .arg(timeConstant(l), 0, 'f', 0));
    const QPointF at(result_->study.geometry.reduced(selected_, 0),
                     result_->study.geometry.reduced.cols() > 1 ? result_->study.geometry.reduced(selected_, 1) : 0.0);
    ring_->setData({at.x()}, {at.y()});
    plot_->replot();
    if (overlay_)
        overlay_->show(p.linear.eigenvalues,
                       tr("Jacobian λ at %1 %2")
                           .arg(selected_ < int(result_->study.search.fixedPoints.size()) ? tr("fixed point") : tr("slow point"))
                           .arg(selected_ + 1),
                       showOverlay_->isChecked());
}

}  // namespace kann::ui
