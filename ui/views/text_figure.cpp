#include "ui/views/text_figure.h"

#include <QFontMetricsF>
#include <QPainter>
#include <cmath>

namespace kann::ui {

namespace {

// HTML line breaks as a reader of the review sees them: aclImdb writes "<br /><br />", which the
// whitespace split cuts into "film.<br", "/><br", "/>The". Returns the word without the markup
// and whether a line ends after it; the word count stays that of the tokenizer.
std::pair<QString, bool> withoutLineBreaks(QString word) {
    if (word.startsWith(QLatin1String("/>"))) word.remove(0, 2);
    word.replace(QLatin1String("<br/>"), QLatin1String(" ")).replace(QLatin1String("<br>"), QLatin1String(" "));
    const bool breakAfter = word.endsWith(QLatin1String("<br"));
    if (breakAfter) word.chop(3);
    return {word.trimmed(), breakAfter};
}

}  // namespace

void TextFigure::setText(const TokenizedText& text) {
    words_.clear();
    breakBefore_.clear();
    std::size_t previousEnd = 0;
    bool lineEnded = false;
    for (const Word& w : text.words) {
        auto [word, breakAfter] = withoutLineBreaks(QString::fromUtf8(text.text.data() + w.begin, static_cast<int>(w.end - w.begin)));
        words_.push_back(word);
        const std::string gap = text.text.substr(previousEnd, w.begin - previousEnd);
        breakBefore_.push_back(previousEnd > 0 && (lineEnded || gap.find('\n') != std::string::npos));
        lineEnded = breakAfter;
        previousEnd = w.end;
    }
    values_.assign(words_.size(), std::nanf(""));
    boxes_.clear();
}

void TextFigure::setValues(std::vector<float> values, const ColourScale& scale) {
    values_ = std::move(values);
    values_.resize(words_.size(), std::nanf(""));
    scale_ = scale;
}

double TextFigure::layout(double width, const QFont& font) {
    font_ = font;
    const QFontMetricsF fm(font);
    const double padX = 3, gap = fm.horizontalAdvance(' ') * 0.7, lineHeight = fm.height() + 8;
    boxes_.resize(words_.size());
    glyphs_.assign(words_.size(), QStaticText());
    double x = 0, y = 0;
    for (std::size_t w = 0; w < words_.size(); ++w) {
        const double boxWidth = fm.horizontalAdvance(words_[w]) + 2 * padX;
        if (w > 0 && (breakBefore_[w] || x + boxWidth > width)) {
            x = 0;
            y += breakBefore_[w] ? lineHeight * 1.5 : lineHeight;
        }
        boxes_[w] = QRectF(x, y, boxWidth, fm.height() + 4);
        glyphs_[w].setText(words_[w]);
        glyphs_[w].setTextFormat(Qt::PlainText);
        glyphs_[w].prepare(QTransform(), font);
        x += boxWidth + gap;
    }
    height_ = words_.empty() ? 0 : y + lineHeight;
    return height_;
}

QColor TextFigure::background(int w) const {
    const float v = value(w);
    return std::isfinite(v) ? scale_.colour(v) : QColor(Qt::transparent);
}

void TextFigure::paint(QPainter& painter, const QPointF& origin, const QRectF& clip) const {
    painter.save();
    painter.setFont(font_);
    painter.setRenderHint(QPainter::Antialiasing);
    for (std::size_t w = 0; w < boxes_.size() && w < words_.size(); ++w) {
        if (clip.isValid() && !clip.intersects(boxes_[w])) continue;
        const QRectF box = boxes_[w].translated(origin);
        const float v = value(static_cast<int>(w));
        const bool coloured = std::isfinite(v);
        if (coloured) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(scale_.colour(v));
            painter.drawRoundedRect(box, 3, 3);
        }
        painter.setPen(coloured ? scale_.textColour(v) : QColor(130, 130, 130));
        const QSizeF size = glyphs_[w].size();
        painter.drawStaticText(QPointF(box.center().x() - size.width() / 2, box.center().y() - size.height() / 2), glyphs_[w]);
    }
    painter.restore();
}

QRectF TextFigure::box(int w) const { return w >= 0 && w < static_cast<int>(boxes_.size()) ? boxes_[w] : QRectF(); }

int TextFigure::wordAt(const QPointF& pos) const {
    for (std::size_t w = 0; w < boxes_.size(); ++w)
        if (boxes_[w].contains(pos)) return static_cast<int>(w);
    return -1;
}

}  // namespace kann::ui
