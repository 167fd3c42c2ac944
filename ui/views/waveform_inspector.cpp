#include "ui/views/waveform_inspector.h"

#include "core/pipeline/reconstruction_rmse.h"
#include "core/pipeline/mode_colouring.h"
#include "ui/base/glossary.h"
#include "ui/runners/ablation_runner.h"
#include "ui/runners/decoding_runner.h"
#include "ui/runners/insight_runner.h"
#include "ui/base/palette.h"
#include "ui/base/plot_style.h"
#include "ui/views/reconstruction_ranking.h"
#include "ui/views/removal_view.h"
#include "ui/base/selection_model.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>
#include <cmath>
#include <numeric>

namespace kann::ui {

// A line whose every segment takes the colour of the value at its end: the series "lit up"
// by the mode, as the paper colours heartbeats.
class ColouredLine : public QCPAbstractPlottable {
public:
    ColouredLine(QCPAxis* key, QCPAxis* value) : QCPAbstractPlottable(key, value) {
        setSelectable(QCP::stNone);
    }
    // `symbols`: the values are categories (a copy task's symbols), drawn as separate dots; a
    // line between two symbols would suggest values between them.
    void setData(std::vector<double> y, std::vector<float> values, const ColourScale& scale, bool symbols) {
        y_ = std::move(y);
        values_ = std::move(values);
        scale_ = scale;
        symbols_ = symbols;
    }
    QColor colourAt(int t) const {
        return t < static_cast<int>(values_.size()) ? scale_.colour(values_[t]) : QColor();
    }
    const ColourScale& scale() const { return scale_; }

    double selectTest(const QPointF&, bool, QVariant*) const override { return -1; }
    QCPRange getKeyRange(bool& found, QCP::SignDomain) const override {
        found = !y_.empty();
        return {0, std::max<double>(1, y_.size() - 1)};
    }
    QCPRange getValueRange(bool& found, QCP::SignDomain, const QCPRange&) const override {
        found = !y_.empty();
        if (!found) return {};
        const auto [lo, hi] = std::minmax_element(y_.begin(), y_.end());
        return {*lo, *hi};
    }

protected:
    void draw(QCPPainter* painter) override {
        // A dark under-stroke keeps pale segments visible on white paper.
        QPolygonF path;
        for (std::size_t t = 0; t < y_.size(); ++t) path << coordsToPixels(double(t), y_[t]);
        if (symbols_) {
            painter->setPen(QPen(QColor(90, 90, 90), 1.2));
            for (int t = 0; t < path.size(); ++t) {
                painter->setBrush(colourAt(t));
                painter->drawEllipse(path[t], 5.0, 5.0);
            }
            return;
        }
        painter->setPen(QPen(QColor(90, 90, 90), 4.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->drawPolyline(path);
        for (int t = 1; t < path.size(); ++t) {
            painter->setPen(QPen(colourAt(t), 3.0, Qt::SolidLine, Qt::RoundCap));
            painter->drawLine(path[t - 1], path[t]);
        }
    }
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override {
        painter->setPen(QPen(scale_.colour(scale_.upper()), 3));
        painter->drawLine(QLineF(rect.left(), rect.center().y(), rect.right(), rect.center().y()));
    }

private:
    std::vector<double> y_;
    std::vector<float> values_;
    ColourScale scale_;
    bool symbols_ = false;
};

namespace {

// One feature: its values; several (one-hot symbols): the symbol index at each step.
std::vector<double> seriesOf(const InputBatch& in, int b) {
    std::vector<double> y(in.lengths[b]);
    for (int t = 0; t < in.lengths[b]; ++t) {
        const float* v = in.values.data() + (static_cast<std::size_t>(b) * in.time + t) * in.features;
        y[t] = in.features == 1 ? v[0] : static_cast<double>(std::max_element(v, v + in.features) - v);
    }
    return y;
}

struct Band {
    QCPGraph* median;
    QCPGraph* upper;
    QCPGraph* lower;
};

Band addBand(QCustomPlot* plot, QColor colour, const QString& name) {
    Band band{plot->addGraph(), plot->addGraph(), plot->addGraph()};
    band.median->setPen(QPen(colour, 2));
    band.median->setName(name);
    QColor fill = colour;
    fill.setAlpha(45);
    for (QCPGraph* g : {band.upper, band.lower}) {
        g->setPen(Qt::NoPen);
        g->removeFromLegend();
    }
    band.upper->setBrush(fill);
    band.upper->setChannelFillGraph(band.lower);
    return band;
}

void showMedian(const Band& band, const MedianBand& m) {
    QVector<double> t, median, upper, lower;
    for (std::size_t i = 0; i < m.median.size(); ++i) {
        if (!std::isfinite(m.median[i])) continue;
        t << double(i);
        median << m.median[i];
        upper << m.median[i] + m.mad[i];
        lower << m.median[i] - m.mad[i];
    }
    band.median->setData(t, median, true);
    band.upper->setData(t, upper, true);
    band.lower->setData(t, lower, true);
}

void showBand(const Band& band, const RowMatrixXf& series, const std::vector<int>& lengths) {
    showMedian(band, medianBand(series, lengths));
}

// The latest mode removal, when it decoded this exploration's one-feature series.
const StudioAblation* decoderRemoval(const SelectionModel& selection) {
    const Exploration* e = selection.exploration();
    if (!e || selection.ablations().empty() || e->input.features != 1) return nullptr;
    const StudioAblation* a = selection.ablations().back().get();
    return a->exploration == selection.sharedWhole() && a->report.output == "decoder reconstruction" ? a : nullptr;
}

QVector<double> decodedSeries(const RowMatrixXf& decoded, int b, int length) {
    QVector<double> y(length);
    for (int t = 0; t < length; ++t) y[t] = decoded(b, t);
    return y;
}

}  // namespace

WaveformInspector::WaveformInspector(SelectionModel* selection, QWidget* parent)
    : QWidget(parent), selection_(selection) {
    previous_ = new QPushButton(tr("◀ Previous"));
    next_ = new QPushButton(tr("Next ▶"));
    position_ = new QLabel;
    position_->setTextFormat(Qt::RichText);
    position_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // long labels never widen the tab
    auto* top = new QHBoxLayout;
    top->addWidget(previous_);
    top->addWidget(next_);
    top->addWidget(position_, 1);

    buildSeriesPlot();
    ranking_ = new ReconstructionRanking(selection_);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(series_);
    splitter->addWidget(ranking_);
    splitter->addWidget(buildDecodingPanel());
    // The decoding plot has two bands and a legend to show: it gets the most room.
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 6);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    connect(previous_, &QPushButton::clicked, this, [this] { selection_->stepReview(-1); });
    connect(next_, &QPushButton::clicked, this, [this] { selection_->stepReview(+1); });
    connect(form_, qOverload<int>(&QComboBox::activated), this, &WaveformInspector::invalidateDecoding);
    connect(selection_, &SelectionModel::explorationChanged, this, [this] {
        requested_ = {};  // a new exploration's insight may take a freed one's address
        wholeStopped_.clear();
        rebuild();
    });
    connect(selection_, &SelectionModel::pageChanged, this, &WaveformInspector::rebuild);
    connect(selection_, &SelectionModel::reviewChanged, this, &WaveformInspector::recolour);
    connect(selection_, &SelectionModel::appearanceChanged, this, &WaveformInspector::recolour);
    connect(selection_, &SelectionModel::ablationsChanged, this, &WaveformInspector::recolour);
    connect(selection_, &SelectionModel::modeChanged, this, [this] {
        recolour();
        invalidateDecoding();
    });
    connect(wholeRunner_, &DecodingRunner::progress, wholeProgress_, [this](int percent, const QString& stage) {
        wholeProgress_->setValue(percent);
        wholeProgress_->setFormat(tr("%1 %p%").arg(stage));
    });
    wholeRunner_->onFinished(this, [this](std::shared_ptr<const WholeDecoding> decoding) {
        whole_ = std::move(decoding);
        endWholeDecoding(QString());
    });
    connect(wholeRunner_, &DecodingRunner::cancelled, this, [this] {
        endWholeDecoding(tr("the whole set's decoding was cancelled: select another mode or form to decode it"));
    });
    connect(wholeRunner_, &DecodingRunner::failed, this, [this](const QString&, const QString& message) {
        endWholeDecoding(tr("the whole set could not be decoded: %1").arg(message));
    });
    connect(wholeCancel_, &QPushButton::clicked, wholeRunner_, &DecodingRunner::cancel);
    connect(selection_, &SelectionModel::insightChanged, this, [this] {
        invalidateDecoding();
        if (!position_->text().isEmpty()) position_->setText(positionText());  // the error rank has arrived
    });
    rebuild();
}

void WaveformInspector::buildSeriesPlot() {
    series_ = new QCustomPlot;
    plot_style::apply(series_);
    seriesTitle_ = plot_style::addTitle(series_, tr("Series coloured by the selected mode"));
    series_->xAxis->setLabel(tr("time step t"));
    series_->yAxis->setLabel(tr("value"));
    line_ = new ColouredLine(series_->xAxis, series_->yAxis);
    line_->removeFromLegend();
    colourBar_ = plot_style::addColourBar(series_, QStringLiteral("|φ|"));
    modeRect_ = new QCPAxisRect(series_);
    series_->plotLayout()->addElement(2, 0, modeRect_);
    modeRect_->axis(QCPAxis::atBottom)->setLabel(tr("time step t"));
    modeGraph_ = series_->addGraph(modeRect_->axis(QCPAxis::atBottom), modeRect_->axis(QCPAxis::atLeft));
    modeGraph_->setPen(QPen(palette::kData, 1.8));
    modeGraph_->removeFromLegend();
    // After "Remove this mode": the series as the model decodes it, with and without the mode.
    decodedBefore_ = series_->addGraph();
    decodedBefore_->setPen(QPen(QColor(60, 60, 60), 1.4, Qt::DashLine));
    decodedBefore_->setName(tr("decoded"));
    decodedAfter_ = series_->addGraph();
    decodedAfter_->setPen(QPen(palette::kSelection, 1.8));
    series_->legend->setBrush(QColor(255, 255, 255, 220));
    // Small, in the top right corner: a beat's peak comes earlier, its late waves stay low.
    QFont small = series_->legend->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    series_->legend->setFont(small);
    auto* group = new QCPMarginGroup(series_);
    series_->axisRect()->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    modeRect_->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    plot_style::styleAxisRect(modeRect_);
    seriesPlaceholder_ = plot_style::addPlaceholder(series_, tr("Run an analysis on a series dataset"));
}

// The median ± MAD plot under its Eq. 11 form chooser; the whole panel hides without a decoder.
QWidget* WaveformInspector::buildDecodingPanel() {
    form_ = new QComboBox;
    form_->addItem(tr("the paper's way (sizes)"), int(ReconstructionForm::PaperAbsolute));
    form_->addItem(tr("exact (real part)"), int(ReconstructionForm::ExactRealPart));
    form_->setToolTip(glossaryTip("eq11") + tr("<p>The paper's way: Zp·|V_J U_J|. Exact: Re(Zp·V_J U_J).</p>"));
    decoding_ = new QCustomPlot;
    plot_style::apply(decoding_);
    decodingTitle_ = plot_style::addTitle(decoding_, tr("Decoding: median ± MAD over the batch"));
    decoding_->xAxis->setLabel(tr("time step t"));
    decoding_->yAxis->setLabel(tr("value"));
    plot_style::legendBelow(decoding_, 3);
    decodingPlaceholder_ = plot_style::addPlaceholder(decoding_, tr("The model has no decoder"));
    // The selected pair's band (pairBands against the empty state): where the pair adds to the beat.
    band_ = new QCPItemRect(decoding_);
    band_->setLayer("background");
    for (QCPItemPosition* p : {band_->topLeft, band_->bottomRight}) p->setTypeY(QCPItemPosition::ptAxisRectRatio);
    band_->setPen(Qt::NoPen);
    band_->setBrush(QColor(253, 174, 97, 70));
    // Said under the title, off the curves it is about.
    bandLabel_ = plot_style::addSubtitle(decoding_, QString());
    bandLabel_->setTextColor(QColor(166, 54, 3));

    decodingPanel_ = new QWidget;
    decodingPanel_->setMinimumHeight(200);
    // A streamed batch's pair is decoded whole off the GUI thread: its progress and Cancel.
    wholeRunner_ = new DecodingRunner(this);
    wholeProgress_ = new QProgressBar;
    wholeProgress_->setTextVisible(true);
    wholeCancel_ = new QPushButton(tr("Cancel"));
    wholeProgress_->hide();
    wholeCancel_->hide();
    auto* row = new QHBoxLayout;
    row->addWidget(wholeProgress_, 1);
    row->addWidget(wholeCancel_);
    row->addStretch(1);
    row->addWidget(new QLabel(tr("Rebuild from the pair:")));
    row->addWidget(form_);
    auto* layout = new QVBoxLayout(decodingPanel_);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(decoding_, 1);
    return decodingPanel_;
}

void WaveformInspector::rebuild() {
    const Exploration* e = selection_->exploration();
    fullDecoding_ = {};
    const bool decoder = e && hasDecoder(*e);
    decodingPanel_->setVisible(decoder);
    ranking_->setVisible(decoder);
    const bool series = e && e->input.kind == InputBatch::Kind::Series && !e->input.values.empty();
    series_->yAxis->setLabel(series && e->input.features > 1 ? tr("symbol") : tr("value"));
    invalidateDecoding();
    recolour();
}

void WaveformInspector::recolour() {
    const Exploration* e = selection_->exploration();
    const int j = selection_->mode(), b = selection_->review();
    const bool series = e && e->input.kind == InputBatch::Kind::Series && !e->input.values.empty();
    previous_->setEnabled(series && selection_->sequence() > 0);
    next_->setEnabled(series && selection_->sequence() + 1 < selection_->sequenceCount());
    position_->setText(series ? positionText() : QString());
    seriesPlaceholder_->setVisible(!series || j < 0);
    line_->setVisible(series && j >= 0);
    modeGraph_->setVisible(series && j >= 0);
    showRemoval(series && j >= 0 ? b : -1);
    if (series && j >= 0) {
        const Colouring c = selection_->colouring();
        std::vector<float> values = stepValues(*e, b, j, c);
        const ColourScale scale = ColourScale::fitted(selection_->colourMap(), values, colouringCentre(*e, c));
        QVector<double> t(static_cast<int>(values.size())), v(static_cast<int>(values.size()));
        for (int i = 0; i < t.size(); ++i) {
            t[i] = i;
            v[i] = values[i];
        }
        modeGraph_->setData(t, v, true);
        line_->setData(seriesOf(e->input, b), std::move(values), scale, e->input.features > 1);
        const QString symbol = colouringSymbol(c, j);
        const ScaleEnds ends = colouringEnds(*e, c);
        plot_style::showScale(colourBar_, scale);
        colourBar_->setLabel(ends.empty() ? symbol : ends.note.isEmpty() ? tr("%1 (up: towards a positive verdict)").arg(symbol)
                                                                          : tr("%1 (sign arbitrary)").arg(symbol));
        modeRect_->axis(QCPAxis::atLeft)->setLabel(symbol);
        seriesTitle_->setText(tr("%1: %2").arg(seriesName(b), symbol));
        series_->rescaleAxes();
        for (QCPAxis* a : {series_->yAxis, modeRect_->axis(QCPAxis::atLeft)}) a->scaleRange(1.1);
    }
    series_->replot(QCustomPlot::rpQueuedReplot);
}

QColor WaveformInspector::stepColour(int t) const { return line_->colourAt(t); }

void WaveformInspector::setLabelNames(const std::map<int, QString>& names, const QString& dataPath) {
    ranking_->setLabelNames(names, dataPath);
    recolour();
}

QString WaveformInspector::seriesName(int sequence) const {
    const Exploration* e = selection_->exploration();
    const int label = e && sequence < static_cast<int>(e->input.labels.size()) ? e->input.labels[sequence] : -1;
    const QString name = tr("Series %1").arg(e ? e->pageStart + sequence + 1 : sequence + 1);
    return label < 0 ? name : tr("%1 (%2)").arg(name, ranking_->labelName(label));
}

QString WaveformInspector::positionText() const {
    const int b = selection_->review();
    const Exploration* e = selection_->exploration();
    QString text = tr("Series %1 / %2").arg(selection_->sequence() + 1).arg(selection_->sequenceCount());
    const int label = e && b < static_cast<int>(e->input.labels.size()) ? e->input.labels[b] : -1;
    if (label >= 0) text += tr(" · label: <b>%1</b>").arg(ranking_->labelName(label).toHtmlEscaped());
    if (const int rank = ranking_->rankOf(selection_->sequence()); rank >= 0)
        text += tr(" · reconstructed worst: <b>%1</b> of %2").arg(rank + 1).arg(ranking_->rankCount());
    return text;
}

// Series `b` (-1: none) decoded before and after the latest removal of a mode, when it has one.
void WaveformInspector::showRemoval(int b) {
    const StudioAblation* a = b >= 0 ? decoderRemoval(*selection_) : nullptr;
    for (QCPAbstractPlottable* p : {static_cast<QCPAbstractPlottable*>(decodedBefore_), static_cast<QCPAbstractPlottable*>(decodedAfter_)})
        p->setVisible(a != nullptr);
    series_->legend->setVisible(a != nullptr);
    if (!a) return;
    const Exploration& e = *selection_->exploration();
    const int length = e.input.lengths[b];
    QVector<double> t(length);
    std::iota(t.begin(), t.end(), 0.0);
    // The removal ran on the whole batch: this page's rows of it.
    const RowMatrixXf before = a->report.outputsBefore.middleRows(e.pageStart, e.input.batch);
    const RowMatrixXf after = a->ablation().outputs.middleRows(e.pageStart, e.input.batch);
    decodedBefore_->setData(t, decodedSeries(before, b, length), true);
    decodedBefore_->setName(tr("decoded · RMSE %1").arg(decodingRmse(e.input, before, b), 0, 'g', 3));
    decodedAfter_->setData(t, decodedSeries(after, b, length), true);
    decodedAfter_->setName(tr("without %1 · RMSE %2")
                               .arg(modesText(a->ablation().modes))
                               .arg(decodingRmse(e.input, after, b), 0, 'g', 3));
}

ReconstructionForm WaveformInspector::form() const {
    return static_cast<ReconstructionForm>(form_->currentData().toInt());
}

void WaveformInspector::setForm(ReconstructionForm form) {
    form_->setCurrentIndex(form_->findData(int(form)));
    invalidateDecoding();
}

void WaveformInspector::waitForDecoding() { wholeRunner_->wait(); }

QString WaveformInspector::decodingTitle() const { return decodingTitle_->text(); }

std::pair<int, int> WaveformInspector::shadedBand() const {
    if (!band_->visible()) return {0, 0};
    return {int(std::lround(band_->topLeft->coords().x() + 0.5)), int(std::lround(band_->bottomRight->coords().x() + 0.5))};
}

void WaveformInspector::showShading(const PairBand* b, int mode, int partner) {
    const bool show = b && b->end > b->start;
    band_->setVisible(show);
    bandLabel_->setText(QString());
    if (!show) return;
    band_->topLeft->setCoords(b->start - 0.5, 0);
    band_->bottomRight->setCoords(b->end - 0.5, 1);
    bandLabel_->setText(tr("shaded: where %1 shapes the beat most\nsteps %2–%3, peak at %4")
                            .arg(pairName(mode, partner)).arg(b->start).arg(b->end - 1).arg(b->peak));
}

void WaveformInspector::invalidateDecoding() {
    decodingStale_ = true;
    if (decoding_->isVisible()) refreshDecoding();
}

void WaveformInspector::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (decodingStale_) refreshDecoding();
}

void WaveformInspector::endWholeDecoding(const QString& stopped) {
    wholeStopped_ = stopped;
    wholeProgress_->hide();
    wholeCancel_->hide();
    invalidateDecoding();
}

void WaveformInspector::refreshDecoding() {
    decodingStale_ = false;
    decoding_->clearGraphs();
    const Exploration* e = selection_->exploration();
    const int j = selection_->mode();
    const bool decoder = e && hasDecoder(*e) && j >= 0;
    decodingPlaceholder_->setVisible(!decoder);
    band_->setVisible(false);
    bandLabel_->setText(QString());
    if (!decoder) return;  // the plot is hidden without a decoder
    if (!e->result.streamed || !showWholeDecoding(j)) showPageDecoding(*e, j);
    decoding_->rescaleAxes();
    decoding_->yAxis->scaleRange(1.1);
    decoding_->replot(QCustomPlot::rpQueuedReplot);
}

// The batch on display: the whole one when held, else a page of a streamed one, said on the figure.
void WaveformInspector::showPageDecoding(const Exploration& e, int j) {
    const ReconstructionForm form = this->form();
    if (fullDecoding_.size() == 0) fullDecoding_ = decodeBatch(e, -1, form);
    const std::vector<int>& lengths = e.input.lengths;
    showBand(addBand(decoding_, QColor(30, 30, 30), tr("original")), firstFeature(e.input), lengths);
    showBand(addBand(decoding_, palette::kData, tr("all modes")), fullDecoding_, lengths);
    const int partner = selection_->partner();
    const Band pairBand = addBand(decoding_, palette::kSelection, pairName(j, partner));
    // The insight worker already decoded every pair of a held batch: a click only looks its median up.
    const StudioInsight* insight = selection_->insight();
    const PairBand* found = insight ? insight->band(j, form) : nullptr;
    if (found && e.network->info().decoderOutputs == 1) showMedian(pairBand, found->pairMedian);
    else showBand(pairBand, decodeBatch(e, j, form), lengths);
    showShading(found, j, partner);
    if (!e.result.streamed) {
        showRemovalBand(e);
        decodingTitle_->setText(tr("Decoding of %1 series: median ± MAD").arg(e.input.batch));
        return;
    }
    decodingTitle_->setText(tr("Decoding of this page's %1 series (%2–%3 of %4): median ± MAD")
                                .arg(e.input.batch).arg(e.pageStart + 1).arg(e.pageStart + e.input.batch)
                                .arg(QLocale().toString(selection_->sequenceCount())));
    bandLabel_->setText(wholeStatus());
}

// The streamed batch whole, once its pair's decoding is in; false (and asks for it) until then.
bool WaveformInspector::showWholeDecoding(int j) {
    const std::shared_ptr<const StudioInsight> insight = selection_->sharedInsight();
    const Exploration& whole = *selection_->sharedWhole();
    if (!insight || insight->report.finalStates.rows() == 0 || whole.network->info().decoderOutputs != 1) return false;
    const ReconstructionForm form = this->form();
    const bool ready = whole_ && whole_->insight == insight && whole_->form == form &&
                       (whole_->band.mode == j || whole_->band.partner == j);
    if (!ready) {
        requestWholeDecoding(insight, j, form);
        return false;
    }
    showMedian(addBand(decoding_, QColor(30, 30, 30), tr("original")), whole_->reference->original);
    showMedian(addBand(decoding_, palette::kData, tr("all modes")), whole_->reference->full);
    showMedian(addBand(decoding_, palette::kSelection, pairName(j, selection_->partner())), whole_->band.pairMedian);
    showRemovalBand(whole);
    showShading(&whole_->band, j, selection_->partner());
    decodingTitle_->setText(tr("Decoding of all %1 series: median ± MAD").arg(QLocale().toString(whole.input.batch)));
    return true;
}

void WaveformInspector::requestWholeDecoding(std::shared_ptr<const StudioInsight> insight, int j, ReconstructionForm form) {
    const int partner = selection_->partner();
    const Request request{insight.get(), partner >= 0 ? std::min(j, partner) : j, form};
    if (request == requested_ && (wholeRunner_->isRunning() || !wholeStopped_.isEmpty())) return;  // asked already
    requested_ = request;
    wholeStopped_.clear();
    const bool sameInsight = whole_ && whole_->insight == insight;
    wholeRunner_->start(std::move(insight), sameInsight ? whole_->reference : nullptr, j, form);
    wholeProgress_->setValue(0);
    wholeProgress_->show();
    wholeCancel_->show();
}

// Why a streamed batch's decoding shows a page, and what follows.
QString WaveformInspector::wholeStatus() const {
    const StudioInsight* insight = selection_->insight();
    if (!insight || insight->report.finalStates.rows() == 0)
        return selection_->exploration()->network->info().decoderOutputs == 1
                   ? tr("the whole set's follows the Trust figures' pass over it")
                   : tr("the whole set's bands of a decoder of several outputs: kann insight");
    if (wholeRunner_->isRunning()) return tr("decoding all %1 series…").arg(QLocale().toString(selection_->sequenceCount()));
    return wholeStopped_;
}

// After "Remove this mode" on the batch drawn: its decoding without the mode, median ± MAD.
void WaveformInspector::showRemovalBand(const Exploration& batch) {
    const StudioAblation* a = decoderRemoval(*selection_);
    if (!a || a->exploration.get() != &batch) return;
    if (removalMedianOf_.get() != a) {
        removalMedian_ = medianBand(a->ablation().outputs, batch.input.lengths);
        removalMedianOf_ = selection_->ablations().back();
    }
    const Band band = addBand(decoding_, QColor(117, 107, 177), tr("without %1").arg(modesText(a->ablation().modes)));
    showMedian(band, removalMedian_);
    if (std::isfinite(a->rmseBefore))
        band.median->setName(tr("without %1 · RMSE %2 → %3").arg(modesText(a->ablation().modes))
                                 .arg(a->rmseBefore, 0, 'g', 3).arg(a->rmseAfter, 0, 'g', 3));
}

QString WaveformInspector::pairName(int mode, int partner) const {
    return partner >= 0 ? tr("pair λ%1, λ%2").arg(std::min(mode, partner)).arg(std::max(mode, partner)) : tr("λ%1 alone").arg(mode);
}

}  // namespace kann::ui
