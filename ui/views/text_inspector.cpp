#include "ui/views/text_inspector.h"

#include "core/common/error.h"
#include "ui/views/colour_bar.h"
#include "ui/base/eigen_facts.h"
#include "ui/base/glossary.h"
#include "ui/base/selection_model.h"
#include "ui/runners/ablation_runner.h"
#include "ui/views/removal_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPaintEvent>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QToolTip>
#include <QVBoxLayout>
#include <cmath>

namespace kann::ui {

namespace {

QFont textFont(const QFont& base) {
    QFont f = base;
    f.setPointSizeF(std::max(11.0, base.pointSizeF() * 1.15));
    return f;
}

// "positive"/"negative" for a one-logit readout (the sentiment layout), "class n" otherwise.
QString className(const Exploration& e, int label) {
    if (label < 0) return QObject::tr("unknown");
    if (e.readoutLogits.cols() <= 1) return label == 1 ? QObject::tr("positive") : QObject::tr("negative");
    return QObject::tr("class %1").arg(label);
}

// The class the logits of `row` give, with its probability for one logit: "<b>positive</b> (p = 0.83)".
QString outcomeText(const Exploration& e, const RowMatrixXf& logits, int row) {
    if (logits.rows() <= row || logits.cols() == 0) return {};
    if (logits.cols() == 1) {
        const double p = 1.0 / (1.0 + std::exp(-double(logits(row, 0))));
        return QObject::tr("<b>%1</b> (p = %2)").arg(className(e, p >= 0.5 ? 1 : 0)).arg(p, 0, 'f', 2);
    }
    Eigen::Index best = 0;
    logits.row(row).maxCoeff(&best);
    return QObject::tr("<b>%1</b>").arg(className(e, static_cast<int>(best)));
}

QString predictionText(const Exploration& e, const RowMatrixXf& logits, int row) {
    const QString outcome = outcomeText(e, logits, row);
    return outcome.isEmpty() ? outcome : QObject::tr("prediction: %1").arg(outcome);
}

// The prediction once the latest removed mode was gone from the state, for a readout's logits.
QString afterRemovalText(const Exploration& e, const std::vector<std::shared_ptr<const StudioAblation>>& ablations, int row) {
    if (ablations.empty() || ablations.back()->report.output != "readout logits") return {};
    const Ablation& a = ablations.back()->ablation();
    const QString outcome = outcomeText(e, a.outputs, row);
    return outcome.isEmpty() ? outcome : QObject::tr("→ without %1: %2").arg(modesText(a.modes), outcome);
}

QString piecesTable(const TokenizedText& text, const Word& w, const std::vector<float>& steps, float wordValue) {
    QString rows;
    for (int p = w.firstPiece; p < w.firstPiece + w.pieceCount; ++p) {
        const QString v = p < static_cast<int>(steps.size()) ? QString::number(steps[p], 'g', 3) : "–";
        rows += QStringLiteral("<tr><td><tt>%1</tt></td><td align=right>%2</td></tr>")
                    .arg(QString::fromStdString(text.pieces[p].piece).toHtmlEscaped(), v);
    }
    return QObject::tr("<b>%1</b> &nbsp; value %2<table>%3</table>")
        .arg(QString::fromUtf8(text.text.data() + w.begin, int(w.end - w.begin)).toHtmlEscaped())
        .arg(std::isfinite(wordValue) ? QString::number(wordValue, 'g', 3) : QStringLiteral("–"))
        .arg(rows);
}

}  // namespace

// ---- TextFigureView ----

TextFigureView::TextFigureView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setFont(textFont(font()));
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void TextFigureView::relayout() {
    const double h = figure_.layout(std::max(50, width() - 2 * kMargin), font());
    laidOutWidth_ = width();
    setMinimumHeight(static_cast<int>(std::ceil(h)) + 2 * kMargin);
    update();
}

void TextFigureView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (width() != laidOutWidth_) relayout();
}

void TextFigureView::paintEvent(QPaintEvent* event) {
    QPainter painter(this);
    painter.fillRect(event->rect(), Qt::white);
    // In a scroll area only the visible part is exposed: long reviews cost what is on screen.
    figure_.paint(painter, QPointF(kMargin, kMargin), QRectF(event->rect()).translated(-kMargin, -kMargin));
}

bool TextFigureView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int w = figure_.wordAt(QPointF(help->pos()) - QPointF(kMargin, kMargin));
        if (w >= 0 && describe_) QToolTip::showText(help->globalPos(), describe_(w), this);
        else QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

// ---- TextInspector ----

TextInspector::TextInspector(SelectionModel* selection, QWidget* parent)
    : QWidget(parent), selection_(selection) {
    previous_ = new QPushButton(tr("◀ Previous"));
    next_ = new QPushButton(tr("Next ▶"));
    position_ = new QLabel;
    position_->setObjectName("reviewPosition");
    verdict_ = new QLabel;
    verdict_->setTextFormat(Qt::RichText);
    verdict_->setWordWrap(true);
    verdict_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // long labels never widen the tab
    colouring_ = new QComboBox;
    colouring_->addItem(tr("Magnitude |φ| (paper)"), int(Colouring::Magnitude));
    colouring_->addItem(tr("Signed Re φ"), int(Colouring::Signed));
    colouring_->addItem(tr("Kick per word"), int(Colouring::Kick));
    colouring_->addItem(tr("Input kick (B)"), int(Colouring::InputKick));
    colouring_->setToolTip(glossaryTip("phi") + glossaryTip("signed") + glossaryTip("kick") +
                           tr("<p><b>input kick (B)</b>: the push the word's own input gives the mode, oriented like "
                              "the signed colouring (needs Fit: inputs; uncoloured otherwise).<br><span "
                              "style='color:#555'><i>Re(u·B·v_j)</i></span></p>"));
    colourMap_ = new QComboBox;
    colourMap_->addItems(ColourScale::names());
    for (QComboBox* box : {colouring_, colourMap_}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(7);
    }

    auto* top = new QHBoxLayout;
    top->addWidget(previous_);
    top->addWidget(position_);
    top->addWidget(next_);
    top->addStretch(1);

    review_ = new TextFigureView;
    scroll_ = new QScrollArea;
    scroll_->setWidget(review_);
    scroll_->setWidgetResizable(true);
    scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll_->setBackgroundRole(QPalette::Base);
    bar_ = new ColourBar;

    input_ = new QLineEdit;
    input_->setPlaceholderText(tr("Type a sentence and press Enter: it runs through the model and is coloured by the selected mode"));
    input_->setClearButtonEnabled(true);
    probeStatus_ = new QLabel;
    probeStatus_->setTextFormat(Qt::RichText);
    sentence_ = new TextFigureView;
    sentence_->setMinimumHeight(40);

    auto* layout = new QVBoxLayout(this);
    auto* appearance = new QHBoxLayout;
    appearance->addWidget(new QLabel(tr("Colouring:")));
    appearance->addWidget(colouring_);
    appearance->addWidget(new QLabel(tr("Map:")));
    appearance->addWidget(colourMap_);
    appearance->addStretch(1);

    layout->addLayout(top);
    layout->addWidget(verdict_);
    layout->addWidget(scroll_, 1);
    layout->addWidget(bar_);
    layout->addLayout(appearance);
    layout->addWidget(input_);
    layout->addWidget(sentence_);
    layout->addWidget(probeStatus_);

    connect(previous_, &QPushButton::clicked, selection_, [this] { selection_->stepReview(-1); });
    connect(next_, &QPushButton::clicked, selection_, [this] { selection_->stepReview(+1); });
    connect(colouring_, qOverload<int>(&QComboBox::activated), this, [this] {
        selection_->setColouring(static_cast<Colouring>(colouring_->currentData().toInt()));
    });
    connect(colourMap_, qOverload<int>(&QComboBox::activated), this,
            [this](int i) { selection_->setColourMap(static_cast<ColourMap>(i)); });
    connect(input_, &QLineEdit::returnPressed, this, [this] { probe(input_->text()); });
    connect(selection_, &SelectionModel::explorationChanged, this, &TextInspector::rebuild);
    connect(selection_, &SelectionModel::pageChanged, this, &TextInspector::showReview);  // a typed sentence stays
    connect(selection_, &SelectionModel::reviewChanged, this, &TextInspector::showReview);
    connect(selection_, &SelectionModel::ablationsChanged, this, &TextInspector::showReview);
    connect(selection_, &SelectionModel::modeChanged, this, &TextInspector::recolour);
    connect(selection_, &SelectionModel::appearanceChanged, this, &TextInspector::recolour);
    rebuild();
}

void TextInspector::rebuild() {
    probe_.reset();
    input_->clear();  // a sentence typed for one model means nothing to the next
    sentence_->figure().setText({});
    sentence_->relayout();
    probeStatus_->clear();
    const Exploration* e = selection_->exploration();
    input_->setEnabled(e && e->isText() && e->network);
    showReview();
}

void TextInspector::showReview() {
    const Exploration* e = selection_->exploration();
    const int b = selection_->review();
    const bool text = e && e->isText();
    const int n = selection_->sequence();
    previous_->setEnabled(text && n > 0);
    next_->setEnabled(text && n + 1 < selection_->sequenceCount());
    position_->setText(text ? tr("Review %1 / %2").arg(n + 1).arg(selection_->sequenceCount()) : QString());
    if (!text) {
        review_->figure().setText({});
        verdict_->setText(e ? tr("This dataset is not text.") : tr("Run an analysis on a text dataset to see reviews here."));
        review_->relayout();
        return;
    }
    const int label = b < static_cast<int>(e->input.labels.size()) ? e->input.labels[b] : -1;
    QString verdict = tr("label: <b>%1</b>").arg(className(*e, label));
    const QString prediction = predictionText(*e, e->readoutLogits, b);
    if (!prediction.isEmpty()) verdict += QStringLiteral(" &nbsp;·&nbsp; ") + prediction;
    if (const QString after = afterRemovalText(*e, selection_->ablations(), e->pageStart + b); !after.isEmpty())
        verdict += QStringLiteral(" &nbsp;") + after;
    verdict_->setText(verdict);
    review_->figure().setText(e->tokenized[b]);
    review_->setDescriber([this, b](int w) { return describeWord(*selection_->exploration(), b, w); });
    recolour();
    review_->relayout();
    scroll_->ensureVisible(0, 0);
}

void TextInspector::recolour() {
    colouring_->setCurrentIndex(colouring_->findData(int(selection_->colouring())));
    colourMap_->setCurrentIndex(int(selection_->colourMap()));
    const Exploration* e = selection_->exploration();
    const int j = selection_->mode();
    if (e && e->isText() && j >= 0) {
        const Colouring c = selection_->colouring();
        std::vector<float> values = wordValues(*e, selection_->review(), j, c);
        const ColourScale scale = ColourScale::fitted(selection_->colourMap(), values, colouringCentre(*e, c));
        review_->figure().setValues(std::move(values), scale);
        bar_->setScale(scale, valueLabel(), colouringEnds(*e, c));
    }
    review_->update();
    recolourSentence();
}

void TextInspector::probe(const QString& text) {
    const Exploration* e = selection_->exploration();
    probe_.reset();
    try {
        if (!e) throw InputError("sentence", "run an analysis first");
        probe_ = probeText(*e, text.toStdString());
        sentence_->figure().setText(probe_->sequence.tokenized[0]);
        sentence_->setDescriber([this](int w) { return describeProbeWord(w); });
        const QString prediction = predictionText(*e, probe_->logits, 0);
        probeStatus_->setText(prediction.isEmpty() ? tr("Coloured with the current mode.") : prediction);
    } catch (const std::exception& error) {
        sentence_->figure().setText({});
        probeStatus_->setText(QStringLiteral("<span style='color:#b2182b'>%1</span>")
                                  .arg(QString::fromStdString(error.what()).toHtmlEscaped()));
    }
    recolourSentence();
    sentence_->relayout();
}

void TextInspector::recolourSentence() {
    const Exploration* e = selection_->exploration();
    const int j = selection_->mode();
    if (!probe_ || !e || j < 0) return;
    const Colouring c = selection_->colouring();
    std::vector<float> values = probeWordValues(*e, *probe_, j, c);
    const ColourScale scale = ColourScale::fitted(selection_->colourMap(), values, colouringCentre(*e, c));
    sentence_->figure().setValues(std::move(values), scale);
    sentence_->update();
}

QString TextInspector::describeWord(const Exploration& e, int seq, int word) const {
    const int j = selection_->mode();
    if (j < 0 || seq >= static_cast<int>(e.tokenized.size())) return {};
    const TokenizedText& text = e.tokenized[seq];
    const std::vector<float> steps = stepValues(e, seq, j, selection_->colouring());
    return piecesTable(text, text.words[word], steps, review_->figure().value(word));
}

QString TextInspector::describeProbeWord(int word) const {
    const Exploration* e = selection_->exploration();
    const int j = selection_->mode();
    if (!probe_ || !e || j < 0) return {};
    const TokenizedText& text = probe_->sequence.tokenized[0];
    const std::vector<float> steps = probeStepValues(*e, *probe_, j, selection_->colouring());
    return piecesTable(text, text.words[word], steps, sentence_->figure().value(word));
}

QString TextInspector::valueLabel() const {
    return colouringSymbol(selection_->colouring(), selection_->mode());
}

QString TextInspector::title() const {
    const Exploration* e = selection_->exploration();
    if (!e || !e->isText()) return {};
    const int j = selection_->mode();
    const std::complex<double> l = j >= 0 ? e->result.eigenvalues(j) : 0.0;
    return tr("Review %1, mode λ%2 = %3, coloured by %4")
        .arg(selection_->sequence() + 1).arg(j).arg(formatLambda(l.real(), l.imag())).arg(valueLabel());
}

PaintedFigure TextInspector::figure(double width) const {
    // A private copy laid out for the figure's width; the screen layout stays untouched.
    auto text = std::make_shared<TextFigure>(review_->figure());
    QFont font = review_->font();
    font.setPointSizeF(11);
    const double margin = 18, textTop = 44;
    const double textHeight = text->layout(width - 2 * margin, font);
    const double barTop = textTop + textHeight + 12;
    const QString heading = title();
    const QString label = valueLabel();
    const ColourScale scale = text->scale();
    const ScaleEnds ends = bar_->ends();
    const double barHeight = ends.empty() ? 40 : 56;
    PaintedFigure figure;
    figure.size = QSizeF(width, barTop + barHeight + 16);
    figure.paint = [text, heading, label, scale, ends, width, margin, textTop, barTop, barHeight, font](QPainter& p) {
        p.fillRect(QRectF(0, 0, width, barTop + barHeight + 16), Qt::white);
        QFont titleFont = font;
        titleFont.setBold(true);
        p.setFont(titleFont);
        p.setPen(QColor(20, 20, 20));
        p.drawText(QRectF(margin, 10, width - 2 * margin, 26), Qt::AlignLeft | Qt::AlignVCenter, heading);
        text->paint(p, QPointF(margin, textTop));
        QFont small = font;
        small.setPointSizeF(9.5);
        p.setFont(small);
        paintColourBar(p, QRectF(margin, barTop, std::min(520.0, width - 2 * margin), barHeight), scale, label, ends);
    };
    return figure;
}

}  // namespace kann::ui
