#pragma once
// Moves through a streamed batch a page at a time: the previous and next page, "go to sequence N"
// (from 1, as every view numbers them) and which sequences the page on display holds. Shown only
// while the exploration is paged (SelectionModel::isPaged).
#include <QWidget>

class QLabel;
class QSpinBox;
class QToolButton;

namespace kann::ui {

class SelectionModel;

class PageBar : public QWidget {
    Q_OBJECT
public:
    explicit PageBar(SelectionModel* selection, QWidget* parent = nullptr);

    QToolButton* previousButton() const { return previous_; }
    QToolButton* nextButton() const { return next_; }
    QSpinBox* goTo() const { return goTo_; }
    QString pageText() const;
    // While a page is built: says so, and the buttons wait.
    void setLoading(int first, int count);

private:
    void refresh();

    SelectionModel* selection_;
    QToolButton* previous_;
    QToolButton* next_;
    QSpinBox* goTo_;
    QLabel* page_;
};

}  // namespace kann::ui
