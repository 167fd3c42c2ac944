#pragma once
// The eigenvalues as a sortable table: selecting a row is the same as clicking the point.
#include <QAbstractTableModel>
#include <QTableView>

class QSortFilterProxyModel;

namespace kann::ui {

class SelectionModel;

// Columns: index, Re, Im, |lambda|, angle, period, dominance, residual, and once the insight is
// in: label AUC, correlation with the readout logit, and a tag naming the best "positive" and
// "negative" modes (their rows bold). Qt::UserRole holds the number itself so sorting is numeric.
class EigenTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Index, Re, Im, Modulus, Angle, Period, Dominance, Residual, LabelAuc, LogitCorrelation, Tag,
                  ColumnCount };
    explicit EigenTableModel(SelectionModel* selection, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant meaning(int mode, int column, int role) const;

    SelectionModel* selection_;
};

class EigenTable : public QTableView {
    Q_OBJECT
public:
    explicit EigenTable(SelectionModel* selection, QWidget* parent = nullptr);
    // Eigenvalue index shown in `row` of the table as currently sorted.
    int modeAtRow(int row) const;

private:
    void followSelection(int mode, int partner);
    void showMeaningColumns();
    void currentRowMoved(const QModelIndex& current);

    SelectionModel* selection_;
    EigenTableModel* model_;
    QSortFilterProxyModel* proxy_;
    bool updating_ = false;
};

}  // namespace kann::ui
