#pragma once
// The eigenvalues as a sortable table: selecting a row is the same as clicking the point.
#include <QAbstractTableModel>
#include <QTableView>

class QSortFilterProxyModel;

namespace kann {
struct ModeRanking;
}

namespace kann::ui {

class SelectionModel;

// Columns: index, lambda, |lambda|, period, dominance, residual, and once the insight is in:
// label AUC, correlation with the readout logit, and which label each mode leans to (the best
// "positive" and "negative" modes in bold). Qt::UserRole holds the number itself so sorting is
// numeric; every header's tooltip says what the column means in plain words and its formula.
class EigenTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Index, Lambda, Modulus, Period, Dominance, Residual, LabelAuc, LogitCorrelation, Tag, ColumnCount };
    explicit EigenTableModel(SelectionModel* selection, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant meaning(int mode, int column, int role) const;
    static QString leaning(const ModeRanking& ranking, int mode);

    SelectionModel* selection_;
};

// Sorted by dominance, largest first, like the arrow keys step; Home and End jump to the first
// and last row. The columns fit the table's width: when it is too narrow for all of them, the
// least needed (period, then the meaning columns, residual, |λ|) step aside, never sideways scrolling.
class EigenTable : public QTableView {
    Q_OBJECT
public:
    explicit EigenTable(SelectionModel* selection, QWidget* parent = nullptr);
    // Eigenvalue index shown in `row` of the table as currently sorted.
    int modeAtRow(int row) const;
    // How the rows are sorted now, in words ("sorted by dominance, largest first").
    QString sortDescription() const;
    // The line shown above the table: the sort, and the columns hidden for want of width.
    QString sortLine() const;
    // Columns that apply but do not fit the table's width.
    QStringList columnsHiddenForWidth() const;

signals:
    void sortChanged(const QString& description);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void followSelection(int mode, int partner);
    bool applies(int column) const;
    void fitColumns();
    void currentRowMoved(const QModelIndex& current);

    SelectionModel* selection_;
    EigenTableModel* model_;
    QSortFilterProxyModel* proxy_;
    bool updating_ = false;
    QStringList hiddenForWidth_;
};

}  // namespace kann::ui
