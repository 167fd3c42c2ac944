#pragma once
// A horizontal colour bar for views that are not QCustomPlot plots (the text views), painted by
// one function so the widget and the exported vector figure are the same drawing.
#include "ui/base/colour_scale.h"

#include <QWidget>

class QPainter;

namespace kann::ui {

// Paints the bar in `rect` (about 40 px tall, 56 with ends): gradient, frame, three ticks, label
// on the left, and the ends' words under the ticks.
void paintColourBar(QPainter& painter, const QRectF& rect, const ColourScale& scale, const QString& label,
                    const ScaleEnds& ends = {});

class ColourBar : public QWidget {
    Q_OBJECT
public:
    explicit ColourBar(QWidget* parent = nullptr);
    void setScale(const ColourScale& scale, const QString& label, const ScaleEnds& ends = {});
    const ScaleEnds& ends() const { return ends_; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    ColourScale scale_;
    QString label_;
    ScaleEnds ends_;
};

}  // namespace kann::ui
