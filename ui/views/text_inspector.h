#pragma once
// One review at a time: its original words coloured by the selected mode (normalised per
// review), a colour bar, the colouring and colour-map choice, hover details, previous/next, the
// label and the model's prediction, and a box to type any sentence and see it coloured at once.
#include "core/pipeline/text_probe.h"
#include "ui/views/text_figure.h"

#include <QWidget>
#include <functional>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;

namespace kann::ui {

class ColourBar;
class SelectionModel;

// A TextFigure on screen: wraps to the widget's width, tooltips through `describe`.
class TextFigureView : public QWidget {
    Q_OBJECT
public:
    explicit TextFigureView(QWidget* parent = nullptr);
    TextFigure& figure() { return figure_; }
    const TextFigure& figure() const { return figure_; }
    void setDescriber(std::function<QString(int word)> describe) { describe_ = std::move(describe); }
    // Re-lays out after the words changed; a colour change needs only update().
    void relayout();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

private:
    static constexpr int kMargin = 8;
    TextFigure figure_;
    std::function<QString(int)> describe_;
    int laidOutWidth_ = -1;
};

// A figure drawn with QPainter, ready for any paint device (PDF, SVG, image).
struct PaintedFigure {
    QSizeF size;
    std::function<void(QPainter&)> paint;
};

class TextInspector : public QWidget {
    Q_OBJECT
public:
    explicit TextInspector(SelectionModel* selection, QWidget* parent = nullptr);

    const TextFigure& reviewFigure() const { return review_->figure(); }
    const TextFigure& sentenceFigure() const { return sentence_->figure(); }
    // The review as shown, as a vector figure `width` points wide: title, words, colour bar.
    PaintedFigure figure(double width = 720) const;

public slots:
    // Runs `text` through the model and colours it with the current mode; errors go to the
    // status line under the box (the window stays usable).
    void probe(const QString& text);

private:
    void rebuild();
    void showReview();
    void recolour();
    void recolourSentence();
    QString describeWord(const Exploration& e, int seq, int word) const;
    QString describeProbeWord(int word) const;
    QString title() const;
    QString valueLabel() const;

    SelectionModel* selection_;
    QPushButton* previous_;
    QPushButton* next_;
    QLabel* position_;
    QLabel* verdict_;
    QComboBox* colouring_;
    QComboBox* colourMap_;
    TextFigureView* review_;
    QScrollArea* scroll_;
    ColourBar* bar_;
    QLineEdit* input_;
    QLabel* probeStatus_;
    TextFigureView* sentence_;
    std::optional<TextProbe> probe_;
};

}  // namespace kann::ui
