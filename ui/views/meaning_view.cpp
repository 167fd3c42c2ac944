#include "ui/views/meaning_view.h"

#include "ui/base/glossary.h"
#include "ui/runners/insight_runner.h"
#include "ui/base/palette.h"
#include "ui/base/plot_style.h"
#include "ui/base/selection_model.h"
#include "ui/base/verdicts.h"
#include "ui/views/valence_list.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace kann::ui {

namespace {

const QColor kBaselineColour(150, 150, 150);
constexpr int kFewLexiconWords = 20;

QString auc(double a) { return std::isfinite(a) ? QString::number(a, 'f', 2) : QStringLiteral("n/a"); }

// The words on one side of zero only: an end lists what pushes the scale its own way, and a word
// the batch puts near zero (on either list when the batch has few words) belongs to neither.
QString wordList(const std::vector<WordValue>& words, double sign, const std::vector<WordValue>& other) {
    QStringList items;
    for (const WordValue& w : words) {
        const bool onOther = std::any_of(other.begin(), other.end(), [&](const WordValue& o) { return o.word == w.word; });
        if (sign * w.value <= 0 || onOther) continue;
        items << QStringLiteral("%1 <span style='color:#777'>(%2)</span>").arg(QString::fromStdString(w.word).toHtmlEscaped())
                     .arg(w.value, 0, 'g', 2);
    }
    return items.isEmpty() ? QObject::tr("<i>no word on this side of zero</i>") : items.join(QStringLiteral(", "));
}

QString rankingText(const ModeRanking& m) {
    return QObject::tr("<p><b>Labels.</b> Does a mode's size over a review tell its label? (%1 positive, %2 negative "
                       "reviews; the table's <i>AUC</i> column)<br>Mode <b>λ%3</b>, the best for positive: %4.<br>"
                       "Mode <b>λ%5</b>, the best for negative: %6.</p>")
        .arg(m.positives).arg(m.negatives).arg(m.bestPositive).arg(aucVerdict(m.scores[m.bestPositive].auc))
        .arg(m.bestNegative).arg(aucVerdict(m.scores[m.bestNegative].auc));
}

QString endsHtml(const SignedEnds& ends, double bestAuc, bool oriented) {
    const QString sides = oriented ? QObject::tr("oriented by the readout, so its positive end leans towards a positive verdict")
                                   : QObject::tr("not oriented (no one-logit readout), so which end is which is arbitrary");
    return QObject::tr("<p><b>Mode λ%1</b> (%2): the words at the two ends of its signed scale Re φ, %3 "
                       "(mean over each word's occurrences).</p>"
                       "<p><span style='color:#2166ac'><b>positive end (Re φ &gt; 0):</b></span> %4</p>"
                       "<p><span style='color:#b2182b'><b>negative end (Re φ &lt; 0):</b></span> %5</p>")
        .arg(ends.mode).arg(lexiconVerdict(bestAuc)).arg(sides)
        .arg(wordList(ends.top, +1, ends.bottom)).arg(wordList(ends.bottom, -1, ends.top));
}

double bestLexiconAuc(const LexiconCheck& check) {
    const auto at = std::find(check.modes.begin(), check.modes.end(), bestLexiconMode(check)) - check.modes.begin();
    return at < static_cast<long>(check.modeAuc.size()) ? check.modeAuc[at] : LexiconCheck::kNone;
}


}  // namespace

MeaningView::MeaningView(SelectionModel* selection, QWidget* parent) : QWidget(parent), selection_(selection) {
    source_ = new QLabel;
    source_->setWordWrap(true);
    load_ = new QPushButton(tr("Load word list…"));
    load_->setToolTip(tr("One word per line (Hu & Liu) or word<TAB>score (AFINN); several files at once"));
    auto* top = new QHBoxLayout;
    top->addWidget(source_, 1);
    top->addWidget(load_);

    plot_ = new QCustomPlot;
    plot_style::apply(plot_);
    plot_style::addTitle(plot_, tr("Lexicon check: do a mode's kicks pick out opinion words?"));
    subtitle_ = plot_style::addSubtitle(plot_, QString());
    // Short words on the plot, which is low on a small screen; the rest in the tooltip.
    plot_->yAxis->setLabel(tr("AUC"));
    plot_->setToolTip(tr("Each bar: the ROC AUC with which a score tells the lexicon's words from the others "
                         "(0.5 is chance).<br><b>word kick</b>: %1").arg(glossaryTip(QStringLiteral("kick"))));
    plot_->yAxis->setRange(0, 1.08);
    modeBars_ = plot_style::addBars(plot_, palette::kData, tr("word kick of the mode"), 0.7);
    baselineBars_ = plot_style::addBars(plot_, kBaselineColour, tr("baselines without Koopman analysis"), 0.7);
    selectedBar_ = plot_style::addBars(plot_, palette::kData, tr("selected mode"), 0.7);
    selectedBar_->setPen(QPen(palette::kSelection, 2.5));
    selectedBar_->setBrush(Qt::NoBrush);
    selectedBar_->removeFromLegend();
    chanceLine_ = new QCPItemStraightLine(plot_);
    chanceLine_->point1->setCoords(0, 0.5);
    chanceLine_->point2->setCoords(1, 0.5);
    chanceLine_->setPen(QPen(QColor(120, 120, 120), 1.2, Qt::DashLine));
    chanceLabel_ = new QCPItemText(plot_);
    chanceLabel_->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    chanceLabel_->setText(tr("chance"));
    chanceLabel_->setColor(QColor(110, 110, 110));
    plot_style::legendBelow(plot_);
    connect(plot_, &QCustomPlot::beforeReplot, this, [this] { plot_style::fitLegendColumns(plot_, 2, plot_->width()); });
    placeholder_ = plot_style::addPlaceholder(plot_, QString());

    ends_ = new QLabel;
    ends_->setWordWrap(true);
    ends_->setTextFormat(Qt::RichText);
    ends_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    ends_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    ends_->setMargin(8);
    auto* scroll = new QScrollArea;
    scroll->setWidget(ends_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    valence_ = new ValenceList(selection_);
    // Pages, not columns: side by side, neither the word ends nor the list are readable at 1024 pixels.
    QTabWidget* words = plot_style::pages(
        {{scroll, tr("Labels and word ends"), {}},
         {valence_, tr("Every word's valence"),
          tr("The push every word of the vocabulary gives the selected mode (fit with inputs)")}});
    words->setMinimumHeight(220);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(plot_style::evenlyStacked(plot_, words), 1);

    connect(load_, &QPushButton::clicked, this, &MeaningView::loadWordListRequested);
    connect(selection_, &SelectionModel::explorationChanged, this, &MeaningView::rebuild);
    connect(selection_, &SelectionModel::insightChanged, this, &MeaningView::rebuild);
    connect(selection_, &SelectionModel::modeChanged, this, &MeaningView::highlightMode);
    rebuild();
}

int MeaningView::barCount() const { return modeBars_->dataCount() + baselineBars_->dataCount(); }

QString MeaningView::endsText() const { return ends_->text(); }

void MeaningView::rebuild() {
    for (QCPItemText* item : values_) plot_->removeItem(item);
    values_.clear();
    const StudioInsight* insight = selection_->insight();
    const LexiconCheck* check = insight && insight->report.lexicon ? &*insight->report.lexicon : nullptr;
    source_->setText(insight ? tr("Lexicon: %1").arg(insight->lexiconSource) : QString());
    QVector<double> x, y, bx, by;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    auto bar = [&](QVector<double>& xs, QVector<double>& ys, double at, double value, const QString& tick) {
        xs << at, ys << (std::isfinite(value) ? value : 0.0);
        ticker->addTick(at, tick);
        auto* label = new QCPItemText(plot_);
        label->position->setCoords(at, (std::isfinite(value) ? value : 0.0) + 0.01);
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        label->setText(auc(value));
        values_ << label;
    };
    if (check) {
        for (std::size_t m = 0; m < check->modes.size(); ++m)
            bar(x, y, double(m + 1), check->modeAuc[m], QStringLiteral("λ%1").arg(check->modes[m]));
        const double after = check->modes.size() + 1.5;
        chanceLabel_->position->setCoords(after - 0.75, 0.5);  // in the gap before the baselines
        bar(bx, by, after, check->hiddenChangeAuc, tr("‖Δh‖"));
        if (std::isfinite(check->logitChangeAuc)) bar(bx, by, after + 1, check->logitChangeAuc, tr("|Δ logit|"));
        QString subtitle = lexiconVerdict(bestLexiconAuc(*check)) + tr("\n%1 words seen ≥ %2 times in the batch, %3 of them in the lexicon")
                                                       .arg(check->words.size()).arg(check->minOccurrences).arg(check->lexiconWords);
        // An AUC over a handful of lexicon words moves by tenths with the batch: say so.
        if (check->lexiconWords < kFewLexiconWords)
            subtitle += tr("\nOnly %1 lexicon words: these AUCs are anecdotal;\nanalyse a larger batch for a reliable figure.")
                            .arg(check->lexiconWords);
        subtitle_->setText(subtitle);
        plot_->xAxis->setRange(0.3, (bx.isEmpty() ? x.size() : bx.back()) + 0.7);
    } else {
        subtitle_->setText(QString());
    }
    plot_->xAxis->setTicker(ticker);
    modeBars_->setData(x, y, true);
    baselineBars_->setData(bx, by, true);
    placeholder_->setVisible(!check);
    chanceLabel_->setVisible(check);
    chanceLine_->setVisible(check);
    // Without a check, the message alone: empty axes and a legend of absent bars say nothing.
    for (QCPAxis* axis : plot_->axisRect()->axes()) axis->setVisible(check);
    plot_->legend->setVisible(check);
    placeholder_->setText(!selection_->exploration() ? tr("Run an analysis on a text dataset")
                          : !insight ? tr("Computing the lexicon check…")
                          : insight->lexicon ? tr("No lexicon check on this batch")
                                             : tr("No lexicon check: no word list was read.\nLoad one with “Load word list…” above."));
    QString text;
    if (insight && insight->report.ranking) text += rankingText(*insight->report.ranking);
    if (insight && insight->report.ends && check)
        text += endsHtml(*insight->report.ends, bestLexiconAuc(*check), insight->exploration->readoutLogits.cols() == 1);
    ends_->setText(text);
    highlightMode();
}

void MeaningView::highlightMode() {
    const StudioInsight* insight = selection_->insight();
    const LexiconCheck* check = insight && insight->report.lexicon ? &*insight->report.lexicon : nullptr;
    QVector<double> x, y;
    if (check)
        for (std::size_t m = 0; m < check->modes.size(); ++m)
            if (check->modes[m] == selection_->mode() || check->modes[m] == selection_->partner())
                x << double(m + 1), y << (std::isfinite(check->modeAuc[m]) ? check->modeAuc[m] : 0.0);
    selectedBar_->setData(x, y, true);
    if (isVisible()) plot_->replot(QCustomPlot::rpQueuedReplot);  // hidden: a click costs no replot
}

void MeaningView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    plot_->replot(QCustomPlot::rpQueuedReplot);  // the selection may have moved while hidden
}

}  // namespace kann::ui
