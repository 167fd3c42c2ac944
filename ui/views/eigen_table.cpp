#include "ui/views/eigen_table.h"

#include "ui/base/eigen_facts.h"
#include "ui/base/glossary.h"
#include "ui/runners/insight_runner.h"
#include "ui/base/selection_model.h"

#include <QFont>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

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
    const double values[] = {double(f.index), f.re, f.modulus, f.period, f.dominance, f.residual};
    const double v = values[index.column()];
    if (role == Qt::UserRole) return std::isfinite(v) ? v : 1e300;
    switch (index.column()) {
        case Index: return f.index;
        case Lambda: return formatLambda(f.re, f.im);
        case Period: return formatPeriod(v);
        case Dominance: return QString::number(v, 'g', 3);
        case Residual: return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'g', 2);
        default: return QString::number(v, 'f', 3);
    }
}

// Which label a mode leans to, by its AUC: the two best each way are named, the rest marked only
// when they lean clearly (AUC beyond 0.4-0.6).
QString EigenTableModel::leaning(const ModeRanking& ranking, int mode) {
    if (mode == ranking.bestPositive) return tr("+ best");
    if (mode == ranking.bestNegative) return tr("− best");
    const double auc = ranking.scores[mode].auc;
    if (!std::isfinite(auc)) return QStringLiteral("–");
    return auc >= 0.6 ? QStringLiteral("+") : auc <= 0.4 ? QStringLiteral("−") : QString();
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
        if (role == Qt::UserRole) return positive ? 0 : negative ? 1 : 2;
        return role == Qt::DisplayRole ? QVariant(leaning(*ranking, mode)) : QVariant();
    }
    const double v = column == LabelAuc ? s.auc : s.logitCorrelation;
    if (role == Qt::UserRole) return std::isfinite(v) ? v : 1e300;
    if (role != Qt::DisplayRole) return {};
    return std::isfinite(v) ? QString::number(v, 'f', 3) : QStringLiteral("–");
}

QVariant EigenTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    static const char* names[] = {"#", "λ", "|λ|", "period", "dominance", "residual", "AUC", "corr", "leans"};
    static const char* tips[] = {
        "The eigenvalue's number λj (numbered by modulus, largest first; --select J uses it)",
        "The eigenvalue λ = Re + Im·i; its angle arg λ is how far the mode turns per step",
        "Memory: how much of the mode is left after one step (|λ| = 1: kept for ever; 0.5: halved each step)",
        "Steps per turn, 2π / |arg λ| (∞ for a real eigenvalue, which does not oscillate)",
        "dominance", "residual",
        "Label AUC: does the mode's size tell the labels apart? 0.5 = chance; above: larger for the positive label, "
        "below: for the negative (ROC AUC of the per-sequence mean |φ|)",
        "corr(logit): does the mode rise and fall with the readout's verdict? (Pearson correlation of the "
        "per-sequence mean |φ| with the readout's logit)",
        "The label the mode leans to by its AUC: + positive, − negative (beyond 0.6 / 0.4); \"best\" marks the best "
        "mode each way (bold)"};
    if (role == Qt::DisplayRole) return QString::fromUtf8(names[section]);
    if (role == Qt::ToolTipRole) {
        const QString glossary = glossaryTip(QString::fromUtf8(tips[section]));
        return glossary.isEmpty() ? QString::fromUtf8(tips[section]) : glossary;
    }
    return {};
}

EigenTable::EigenTable(SelectionModel* selection, QWidget* parent)
    : QTableView(parent), selection_(selection), model_(new EigenTableModel(selection, this)),
      proxy_(new QSortFilterProxyModel(this)) {
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(Qt::UserRole);
    setModel(proxy_);
    setSortingEnabled(true);
    sortByColumn(EigenTableModel::Dominance, Qt::DescendingOrder);
    connect(horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, [this] { emit sortChanged(sortLine()); });
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setAlternatingRowColors(true);
    verticalHeader()->setVisible(false);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setStretchLastSection(false);
    horizontalHeader()->setHighlightSections(false);
    connect(selection_, &SelectionModel::modeChanged, this, &EigenTable::followSelection);
    connect(selection_, &SelectionModel::explorationChanged, this,
            [this] { followSelection(selection_->mode(), selection_->partner()); });
    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this, &EigenTable::currentRowMoved);
    // Once the new rows are laid out: their contents set the widths.
    const auto fitLater = [this] { QTimer::singleShot(0, this, &EigenTable::fitColumns); };
    connect(selection_, &SelectionModel::insightChanged, this, fitLater);
    connect(selection_, &SelectionModel::explorationChanged, this, fitLater);
    fitColumns();
}

// Labels and a readout are what give the meaning columns meaning; without them they stay hidden.
bool EigenTable::applies(int column) const {
    const StudioInsight* insight = selection_->insight();
    const ModeRanking* ranking = insight && insight->report.ranking ? &*insight->report.ranking : nullptr;
    switch (column) {
        case EigenTableModel::LabelAuc:
        case EigenTableModel::Tag: return ranking != nullptr;
        case EigenTableModel::LogitCorrelation: return ranking && !ranking->byCorrelation.empty();
        default: return true;
    }
}

void EigenTable::fitColumns() {
    using M = EigenTableModel;
    // Dropped first to last; #, λ and dominance always stay (|λ| is also the point's distance from
    // the origin on the spectrum beside the table).
    static constexpr int kOptional[] = {M::Period, M::LogitCorrelation, M::Tag, M::Residual, M::LabelAuc, M::Modulus};
    int needed = 0;
    std::vector<int> width(M::ColumnCount, 0);
    for (int c = 0; c < M::ColumnCount; ++c) {
        if (!applies(c)) continue;
        // One pixel more for the grid line, which the sections' hints leave out.
        width[c] = std::max(horizontalHeader()->sectionSizeHint(c), sizeHintForColumn(c)) + 1;
        needed += width[c];
    }
    // Room for a vertical scroll bar even before it shows: it takes width once the rows are in.
    const int available =
        viewport()->width() - (verticalScrollBar()->isVisible() ? 0 : verticalScrollBar()->sizeHint().width());
    std::vector<bool> dropped(M::ColumnCount, false);
    const QStringList before = std::exchange(hiddenForWidth_, {});
    for (int c : kOptional) {
        if (needed <= available || !applies(c)) continue;
        dropped[c] = true;
        needed -= width[c];
        hiddenForWidth_ << model_->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
    }
    for (int c = 0; c < M::ColumnCount; ++c) setColumnHidden(c, !applies(c) || dropped[c]);
    if (hiddenForWidth_ != before) emit sortChanged(sortLine());
}

void EigenTable::resizeEvent(QResizeEvent* event) {
    QTableView::resizeEvent(event);
    fitColumns();
}

QStringList EigenTable::columnsHiddenForWidth() const { return hiddenForWidth_; }

QString EigenTable::sortLine() const {
    if (hiddenForWidth_.isEmpty()) return sortDescription();
    return tr("%1 · widen to see %2").arg(sortDescription(), hiddenForWidth_.join(", "));
}

QString EigenTable::sortDescription() const {
    const int column = horizontalHeader()->sortIndicatorSection();
    const bool ascending = horizontalHeader()->sortIndicatorOrder() == Qt::AscendingOrder;
    const QString name = model_->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
    return column == EigenTableModel::Index ? tr("sorted by number λj, %1 first").arg(ascending ? tr("λ0") : tr("last"))
                                            : tr("sorted by %1, %2 first").arg(name, ascending ? tr("smallest") : tr("largest"));
}

void EigenTable::keyPressEvent(QKeyEvent* event) {
    // Home and End move along rows (a table's default moves along columns, which scrolls sideways).
    const int rows = proxy_->rowCount();
    if ((event->key() == Qt::Key_Home || event->key() == Qt::Key_End) && rows > 0) {
        const QModelIndex at = proxy_->index(event->key() == Qt::Key_Home ? 0 : rows - 1, 0);
        selectionModel()->setCurrentIndex(at, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        scrollTo(at);
        return;
    }
    QTableView::keyPressEvent(event);
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
