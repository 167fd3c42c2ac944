#include "ui/base/plot_style.h"

#include "ui/base/palette.h"

#include <QVBoxLayout>
#include <algorithm>

namespace kann::ui::plot_style {

namespace {

// A title or subtitle that wraps at the width the layout gives it: QCPTextElement asks for its one
// line's width, which a narrow plot cannot give, so its text was cut at both ends. The height is
// known only once the width is, so a change of width lays the plot out once more.
class WrappedText : public QCPTextElement {
public:
    WrappedText(QCustomPlot* plot, const QString& text, const QFont& font) : QCPTextElement(plot, text, font) {
        setTextFlags(Qt::AlignCenter | Qt::TextWordWrap);
    }

protected:
    QSize minimumOuterSizeHint() const override { return {horizontalMargins(), wrappedHeight()}; }
    QSize maximumOuterSizeHint() const override { return {QWIDGETSIZE_MAX, wrappedHeight()}; }

    void draw(QCPPainter* painter) override {
        QCPTextElement::draw(painter);
        if (mOuterRect.width() != wrappedAt_) mParentPlot->replot(QCustomPlot::rpQueuedReplot);
    }

private:
    int horizontalMargins() const { return mMargins.left() + mMargins.right(); }

    int wrappedHeight() const {
        wrappedAt_ = mOuterRect.width() > 0 ? mOuterRect.width() : mParentPlot->viewport().width();
        const int room = std::max(1, wrappedAt_ - horizontalMargins());
        return QFontMetrics(mFont).boundingRect(0, 0, room, QWIDGETSIZE_MAX, mTextFlags, mText).height() +
               mMargins.top() + mMargins.bottom();
    }

    mutable int wrappedAt_ = -1;
};

}  // namespace
void styleAxis(QCPAxis* axis) {
    QFont label = axis->labelFont();
    label.setPointSizeF(11);
    axis->setLabelFont(label);
    QFont ticks = axis->tickLabelFont();
    ticks.setPointSizeF(9.5);
    axis->setTickLabelFont(ticks);
    const QPen dark(QColor(40, 40, 40), 1);
    axis->setBasePen(dark);
    axis->setTickPen(dark);
    axis->setSubTickPen(dark);
    axis->setLabelColor(QColor(20, 20, 20));
    axis->setTickLabelColor(QColor(40, 40, 40));
    axis->grid()->setPen(QPen(QColor(225, 225, 225), 1, Qt::SolidLine));
    axis->grid()->setZeroLinePen(Qt::NoPen);
}

void styleAxisRect(QCPAxisRect* rect) {
    for (QCPAxis* axis : rect->axes()) styleAxis(axis);
    // A closed frame reads as a figure; ticks on the top/right stay hidden.
    QCPAxis* top = rect->axis(QCPAxis::atTop);
    QCPAxis* right = rect->axis(QCPAxis::atRight);
    for (QCPAxis* axis : {top, right}) {
        axis->setVisible(true);
        axis->setTickLabels(false);
        axis->setTicks(false);
    }
    QCPAxis* bottom = rect->axis(QCPAxis::atBottom);
    QCPAxis* left = rect->axis(QCPAxis::atLeft);
    QObject::connect(bottom, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), top,
                     qOverload<const QCPRange&>(&QCPAxis::setRange));
    QObject::connect(left, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), right,
                     qOverload<const QCPRange&>(&QCPAxis::setRange));
}

void apply(QCustomPlot* plot) {
    plot->setBackground(Qt::white);
    plot->setAntialiasedElements(QCP::aeAll);
    plot->setNoAntialiasingOnDrag(true);
    // A plot's titles and legend must never widen the window: on a narrow screen they are
    // short enough to read, and the plot takes what the layout gives it.
    plot->setMinimumWidth(240);
    styleAxisRect(plot->axisRect());
}

void legendBelow(QCustomPlot* plot, int columns) {
    QCPLegend* legend = plot->legend;
    legend->setVisible(true);
    legend->setBorderPen(Qt::NoPen);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(columns);
    QFont font = legend->font();
    font.setPointSizeF(10);
    legend->setFont(font);
    plot->axisRect()->insetLayout()->take(legend);
    QCPLayoutGrid* layout = plot->plotLayout();
    const int row = layout->rowCount();
    layout->addElement(row, 0, legend);
    layout->setRowStretchFactor(row, 0.001);
}

bool fitLegendColumns(QCustomPlot* plot, int columns, int room) {
    QCPLegend* legend = plot->legend;
    const int before = legend->wrap();
    for (; columns >= 1; --columns) {
        legend->setWrap(columns);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
        if (legend->minimumOuterSizeHint().width() <= room) break;
    }
    return legend->wrap() != before;
}

QCPTextElement* addTitle(QCustomPlot* plot, const QString& title) {
    plot->plotLayout()->insertRow(0);
    QFont font = plot->font();
    font.setPointSizeF(11.5);
    font.setBold(true);
    auto* element = new WrappedText(plot, title, font);
    element->setTextColor(QColor(20, 20, 20));
    plot->plotLayout()->addElement(0, 0, element);
    return element;
}

void fitText(QCPTextElement* element, const QStringList& variants, int room) {
    const QFontMetrics metrics(element->font());
    for (const QString& text : variants) {
        const QStringList lines = text.split('\n');
        if (std::all_of(lines.begin(), lines.end(), [&](const QString& l) { return metrics.horizontalAdvance(l) <= room; }) ||
            &text == &variants.back()) {
            element->setText(text);
            return;
        }
    }
}

QCPTextElement* addSubtitle(QCustomPlot* plot, const QString& text) {
    plot->plotLayout()->insertRow(1);
    QFont font = plot->font();
    font.setPointSizeF(9.5);
    auto* element = new WrappedText(plot, text, font);
    element->setTextColor(QColor(80, 80, 80));
    plot->plotLayout()->addElement(1, 0, element);
    return element;
}

QCPColorScale* addColourBar(QCustomPlot* plot, const QString& label) {
    auto* bar = new QCPColorScale(plot);
    const int row = plot->plotLayout()->rowCount() - 1;
    plot->plotLayout()->addElement(row, 1, bar);
    bar->setType(QCPAxis::atRight);
    bar->setBarWidth(12);
    bar->setLabel(label);
    styleAxis(bar->axis());
    auto* group = new QCPMarginGroup(plot);
    plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    bar->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    return bar;
}

void showScale(QCPColorScale* bar, const ColourScale& scale) {
    bar->setGradient(scale.gradient());
    bar->setDataRange(QCPRange(scale.lower(), scale.upper()));
}

QCPItemText* addInfoBox(QCustomPlot* plot, QPointF ratio, Qt::Alignment corner) {
    auto* box = new QCPItemText(plot);
    box->position->setType(QCPItemPosition::ptAxisRectRatio);
    box->position->setCoords(ratio);
    box->setPositionAlignment(corner);
    box->setTextAlignment(Qt::AlignLeft);
    box->setBrush(palette::kBoxFill);
    box->setPen(QPen(palette::kFrame));
    box->setPadding(QMargins(6, 4, 6, 4));
    box->setSelectable(false);
    box->setLayer(QStringLiteral("overlay"));
    return box;
}

QWidget* underHeading(QWidget* heading, QWidget* view) {
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(heading);
    layout->addWidget(view, 1);
    return box;
}

QTabWidget* pages(std::initializer_list<Page> list) {
    auto* tabs = new QTabWidget;
    tabs->setDocumentMode(true);
    for (const Page& page : list) tabs->setTabToolTip(tabs->addTab(page.widget, page.name), page.tip);
    return tabs;
}

QSplitter* evenlyStacked(QWidget* top, QWidget* bottom) {
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(top);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    return splitter;
}

QCPItemText* addPlaceholder(QCustomPlot* plot, const QString& text) {
    auto* item = new QCPItemText(plot);
    item->position->setType(QCPItemPosition::ptAxisRectRatio);
    item->position->setCoords(0.5, 0.5);
    item->setPositionAlignment(Qt::AlignCenter);
    item->setText(text);
    item->setColor(QColor(120, 120, 120));
    QFont font = plot->font();
    font.setPointSizeF(11);
    item->setFont(font);
    item->setClipToAxisRect(false);
    return item;
}

QCPBars* addBars(QCustomPlot* plot, QColor colour, const QString& name, double width) {
    auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setWidth(width);
    bars->setPen(QPen(colour.darker(130), 1));
    bars->setBrush(colour);
    bars->setName(name);
    return bars;
}

}  // namespace kann::ui::plot_style
