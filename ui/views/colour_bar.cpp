#include "ui/views/colour_bar.h"

#include <QPainter>

namespace kann::ui {

void paintColourBar(QPainter& painter, const QRectF& rect, const ColourScale& scale, const QString& label,
                    const ScaleEnds& ends) {
    painter.save();
    const QFontMetricsF fm(painter.font());
    const double labelWidth = fm.horizontalAdvance(label) + 12;
    const double textRows = ends.empty() ? 1 : 2;
    const QRectF bar(rect.left() + labelWidth, rect.top() + 2, rect.width() - labelWidth - 24,
                     std::max(8.0, rect.height() - textRows * fm.height() - 8));
    painter.setPen(QColor(20, 20, 20));
    painter.drawText(QRectF(rect.left(), bar.top(), labelWidth, bar.height()),
                     Qt::AlignLeft | Qt::AlignVCenter, label);
    QLinearGradient gradient(bar.topLeft(), bar.topRight());
    for (int i = 0; i <= 32; ++i) {
        const double t = i / 32.0;
        gradient.setColorAt(t, scale.colour(scale.lower() + t * (scale.upper() - scale.lower())));
    }
    painter.fillRect(bar, gradient);
    painter.setPen(QPen(QColor(60, 60, 60), 0.8));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(bar);
    for (double t : {0.0, 0.5, 1.0}) {
        const double x = bar.left() + t * bar.width();
        const double v = scale.lower() + t * (scale.upper() - scale.lower());
        painter.drawLine(QPointF(x, bar.bottom()), QPointF(x, bar.bottom() + 3));
        const QString text = QString::number(v, 'g', 3);
        const double w = fm.horizontalAdvance(text);
        painter.drawText(QPointF(x - w / 2, bar.bottom() + 4 + fm.ascent()), text);
    }
    const QRectF words(bar.left() - 8, bar.bottom() + 4 + fm.height(), bar.width() + 16, fm.height());
    painter.setPen(QColor(70, 70, 70));
    painter.drawText(words, Qt::AlignLeft | Qt::AlignVCenter, ends.low);
    painter.drawText(words, Qt::AlignRight | Qt::AlignVCenter, ends.high);
    painter.drawText(words, Qt::AlignHCenter | Qt::AlignVCenter, ends.note);
    painter.restore();
}

ColourBar::ColourBar(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void ColourBar::setScale(const ColourScale& scale, const QString& label, const ScaleEnds& ends) {
    const bool rowsChange = ends.empty() != ends_.empty();
    scale_ = scale;
    label_ = label;
    ends_ = ends;
    // A row of words more or less changes the height; otherwise a click re-lays out nothing.
    if (rowsChange) updateGeometry();
    update();
}

QSize ColourBar::sizeHint() const { return {300, fontMetrics().height() * (ends_.empty() ? 2 : 3) + 14}; }

void ColourBar::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    paintColourBar(painter, QRectF(rect()).adjusted(6, 2, -6, -2), scale_, label_, ends_);
}

}  // namespace kann::ui
