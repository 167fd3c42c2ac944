#pragma once
// Original words with a background colour each, laid out like a paragraph. One drawing serves
// the widget on screen and the exported PDF/SVG/PNG figure, so the figure is vector text, not a
// screenshot.
#include "core/data/tokenizer.h"
#include "ui/base/colour_scale.h"

#include <QFont>
#include <QStaticText>
#include <QRectF>
#include <QString>
#include <vector>

class QPainter;

namespace kann::ui {

class TextFigure {
public:
    // Takes the original words of `text` (not word pieces); paragraph breaks and HTML line
    // breaks ("<br />", as aclImdb writes them) start new lines.
    void setText(const TokenizedText& text);
    // One value per word (NaN = no value: drawn without background) and the scale that maps them.
    void setValues(std::vector<float> values, const ColourScale& scale);

    // Lays the words out in lines of at most `width` pixels; returns the height needed.
    double layout(double width, const QFont& font);
    double height() const { return height_; }
    // Paints at `origin` with the last layout (font included); only words meeting `clip`
    // (layout coordinates) when it is valid.
    void paint(QPainter& painter, const QPointF& origin, const QRectF& clip = {}) const;

    int wordCount() const { return static_cast<int>(words_.size()); }
    const QString& word(int w) const { return words_[w]; }
    float value(int w) const { return w < static_cast<int>(values_.size()) ? values_[w] : 0.0f; }
    // Background colour of word w as painted (transparent when it has no value).
    QColor background(int w) const;
    // Where word w sits in the last layout (layout coordinates).
    QRectF box(int w) const;
    // Word under `pos` (layout coordinates), or -1.
    int wordAt(const QPointF& pos) const;
    const ColourScale& scale() const { return scale_; }

private:
    std::vector<QString> words_;
    std::vector<bool> breakBefore_;
    std::vector<float> values_;
    std::vector<QRectF> boxes_;
    std::vector<QStaticText> glyphs_;  // laid out once; a recolour only repaints
    ColourScale scale_;
    QFont font_;
    double height_ = 0;
};

}  // namespace kann::ui
