#include "ui/eigen_table.h"

#include "ui/eigen_facts.h"
#include "ui/insight_runner.h"
#include "ui/selection_model.h"

#include <QFont>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSortFilterProxyModel>
#include <cmath>

namespace kann::ui {

EigenTableModel::EigenTableModel(SelectionModel* selection, QObject* parent)
    : QAbstractTableModel(parent), selection_(selection) {
    connect(selection_, &SelectionModel::explorationChanged, this, [this] {
        beginResetModel();
        endResetModel();
    });
    connect(selection_, &SelectionModel::insightChanged, this, [this] {
        if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    });
}

int EigenTableModel::rowCount(const QModelIndex& parent) const {
    const Exploration* e = selection_->exploration();
    return parent.isValid() || !e ? 0 : static_cast<int>(e->result.eigenvalues.size());
}

int EigenTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EigenTableModel::data(const QModelIndex& index, int role) const {
    const Exploration* e = selection_->exploration();
    if (!e || !index.isValid()) return {};
    if (index.column() >= LabelAuc || role == Qt::FontRole) return meaning(index.row(), index.column(), role);
    if (role == Qt::TextAlignmentRole) return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::UserRole) return {};
    const EigenFacts f = eigenFacts(e->result, index.row());
    const double values[] = {double(f.index), f.re, f.im, f.modulus, f.angle, f.period, f.dominance, f.residual};
    const double v = values[index.column()];
    if (role == Qt::UserRole) return std::isfinite(v) ? v : 1e300;
    switch (index.column()) {
        case Index: return f.index;
        case Period: return formatPeriod(v);
        case Dominance: return QString::number(v, 'g', 3);
        case Residual: return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'e', 1);
        default: return QString::number(v, 'f', 3);
    }
}

QVariant EigenTableModel::meaning(int mode, int column, int role) const {
    const StudioInsight* insight = selection_->insight();
    const ModeRanking* ranking = insight && insight->report.ranking ? &*insight->report.ranking : nullptr;
    if (!ranking) return role == Qt::DisplayRole && column >= LabelAuc ? QStringLiteral("–") : QVariant();
    const bool positive = mode == ranking->bestPositive, negative = mode == ranking->bestNegative;
    if (role == Qt::FontRole) {
        if (!positive && !negative) return {};
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::TextAlignmentRole) return int((column == Tag ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
    const ModeScore& s = ranking->scores[mode];
    if (column == Tag) {
        const QString tag = positive ? tr("+ best positive") : negative ? tr("− best negative") : QString();
        if (role == Qt::UserRole) return positive ? 0 : negative ? 1 : 2;
        return role == Qt::DisplayRole ? QVariant(tag) : QVariant();
    }
    const double v = column == LabelAuc ? s.auc : s.logitCorrelation;
    if (role == Qt::UserRole) return std::isfinite(v) ? v : 1e300;
    if (role != Qt::DisplayRole) return {};
    return std::isfinite(v) ? QString::number(v, 'f', 3) : QStringLiteral("–");
}

QVariant EigenTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    static const char* names[] = {"#", "Re λ", "Im λ", "|λ|", "angle", "period", "dominance", "residual",
                                  "label AUC", "corr(logit)", "meaning"};
    static const char* tips[] = {"Index in the spectrum (sorted by modulus)", "Real part",
                                 "Imaginary part", "Modulus: memory (1 = kept forever)",
                                 "Argument in radians", "2π/angle, in steps",
                                 "Eq. 10: mean over the batch of Σ_t |φ_j|",
                                 "Residual DMD: ‖Yp v − λ Xp v‖ / ‖Xp v‖ over the fit's pairs; near 0 for a mode of "
                                 "the dynamics, O(1) for an artefact of the fit (faded in the spectrum)",
                                 "ROC AUC of the per-sequence mean |φ| for the positive label (0.5 = chance; "
                                 "above: grows with the positive label, below: with the negative)",
                                 "Pearson correlation of the per-sequence mean |φ| with the readout's logit",
                                 "The modes that separate the labels best, each way"};
    if (role == Qt::DisplayRole) return QString::fromUtf8(names[section]);
    if (role == Qt::ToolTipRole) return QString::fromUtf8(tips[section]);
    return {};
}

EigenTable::EigenTable(SelectionModel* selection, QWidget* parent)
    : QTableView(parent), selection_(selection), model_(new EigenTableModel(selection, this)),
      proxy_(new QSortFilterProxyModel(this)) {
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(Qt::UserRole);
    setModel(proxy_);
    setSortingEnabled(true);
    sortByColumn(EigenTableModel::Index, Qt::AscendingOrder);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setAlternatingRowColors(true);
    verticalHeader()->setVisible(false);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setHighlightSections(false);
    connect(selection_, &SelectionModel::modeChanged, this, &EigenTable::followSelection);
    connect(selection_, &SelectionModel::explorationChanged, this,
            [this] { followSelection(selection_->mode(), selection_->partner()); });
    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this, &EigenTable::currentRowMoved);
    connect(selection_, &SelectionModel::insightChanged, this, &EigenTable::showMeaningColumns);
    connect(selection_, &SelectionModel::explorationChanged, this, &EigenTable::showMeaningColumns);
    showMeaningColumns();
}

void EigenTable::showMeaningColumns() {
    // Labels and a readout are what give the columns meaning; without them they stay hidden.
    const StudioInsight* insight = selection_->insight();
    const ModeRanking* ranking = insight && insight->report.ranking ? &*insight->report.ranking : nullptr;
    setColumnHidden(EigenTableModel::LabelAuc, !ranking);
    setColumnHidden(EigenTableModel::Tag, !ranking);
    setColumnHidden(EigenTableModel::LogitCorrelation, !ranking || ranking->byCorrelation.empty());
}

int EigenTable::modeAtRow(int row) const {
    return proxy_->mapToSource(proxy_->index(row, 0)).row();
}

void EigenTable::followSelection(int mode, int partner) {
    updating_ = true;
    selectionModel()->clearSelection();
    for (int j : {mode, partner}) {
        if (j < 0 || j >= model_->rowCount()) continue;
        const QModelIndex at = proxy_->mapFromSource(model_->index(j, 0));
        selectionModel()->select(at, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    if (mode >= 0 && mode < model_->rowCount()) {
        const QModelIndex at = proxy_->mapFromSource(model_->index(mode, 0));
        selectionModel()->setCurrentIndex(at, QItemSelectionModel::NoUpdate);
        scrollTo(at);
    }
    updating_ = false;
}

void EigenTable::currentRowMoved(const QModelIndex& current) {
    if (updating_ || !current.isValid()) return;
    selection_->selectMode(proxy_->mapToSource(current).row());
}

}  // namespace kann::ui
