#pragma once
// Every word's valence for the selected mode (fit with inputs): how hard the word, read on its own,
// pushes the mode towards the positive or negative verdict (e·B·v, oriented like the signed
// colouring), for the whole vocabulary, with what the opinion lexicon says of it. Filterable by
// text, sortable by any column, exportable as CSV. Under the paper's autonomous fit the list does
// not exist: the view says so and offers to analyse again with inputs.
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace kann::ui {

class SelectionModel;
class ValenceModel;

class ValenceList : public QWidget {
    Q_OBJECT
public:
    explicit ValenceList(SelectionModel* selection, QWidget* parent = nullptr);

    // Rows shown (after the filter) and the word in row `row` of the view's current order.
    int rowCount() const;
    QString word(int row) const;
    QLineEdit* filterField() const { return filter_; }
    QTableView* table() const { return table_; }
    // True while the list waits for a fit with inputs (the explanation and its button are shown).
    bool needsInputs() const;

signals:
    void fitWithInputsRequested();
    void exportRequested();

private:
    void rebuild();

    SelectionModel* selection_;
    ValenceModel* model_;
    QSortFilterProxyModel* proxy_;
    QStackedWidget* pages_;
    QLabel* title_;
    QLineEdit* filter_;
    QTableView* table_;
    QPushButton* export_;
    QLabel* why_;
    QPushButton* switch_;
};

}  // namespace kann::ui
