#include "ui/views/valence_list.h"

#include "core/common/error.h"
#include "core/insight/vocabulary_valence.h"
#include "ui/base/selection_model.h"
#include "ui/runners/insight_runner.h"

#include <QAbstractTableModel>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace kann::ui {

// The list as a table: word, valence, and the lexicon's verdict. Sorting reads Qt::UserRole (the
// number itself), so the valence column sorts by value, not by its text.
class ValenceModel : public QAbstractTableModel {
public:
    enum Column { Word, Valence, Lexicon, Columns };
    using QAbstractTableModel::QAbstractTableModel;

    void setWords(std::vector<ValencedWord> words, const kann::Lexicon* lexicon) {
        beginResetModel();
        words_ = std::move(words);
        verdicts_.clear();
        for (const ValencedWord& w : words_) verdicts_.push_back(verdict(lexicon, w.word));
        endResetModel();
    }
    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : int(words_.size()); }
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : Columns; }

    QVariant data(const QModelIndex& index, int role) const override {
        const ValencedWord& w = words_[index.row()];
        const int v = verdicts_[index.row()];
        if (role == Qt::UserRole) {
            if (index.column() == Valence) return w.value;
            if (index.column() == Lexicon) return v;
            return QString::fromStdString(w.word);
        }
        if (role == Qt::TextAlignmentRole && index.column() == Valence) return int(Qt::AlignRight | Qt::AlignVCenter);
        if (role == Qt::ForegroundRole && index.column() == Valence)
            return QColor(w.value >= 0 ? QColor(0x21, 0x66, 0xac) : QColor(0xb2, 0x18, 0x2b));
        if (role != Qt::DisplayRole) return {};
        if (index.column() == Word) return QString::fromStdString(w.word);
        if (index.column() == Valence) return QString::number(w.value, 'f', 3);
        return v > 0 ? tr("positive") : v < 0 ? tr("negative") : v == 2 ? tr("listed") : QString();
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override {
        if (orientation != Qt::Horizontal) return {};
        if (role == Qt::DisplayRole)
            return section == Word ? tr("Word") : section == Valence ? tr("Valence") : tr("Lexicon says");
        if (role == Qt::ToolTipRole)
            return section == Word ? tr("A whole word of the model's vocabulary (word pieces and symbols left out)")
                   : section == Valence
                       ? tr("How hard reading this word pushes the selected mode, on its own: e·B·v. Above zero it "
                            "pushes towards the positive verdict, below zero towards the negative one")
                       : tr("What the opinion lexicon calls the word: positive, negative, or empty when it is not "
                            "an opinion word there");
        return {};
    }

private:
    static int verdict(const kann::Lexicon* lexicon, const std::string& word) {
        if (!lexicon) return 0;
        if (const auto it = lexicon->polarity.find(word); it != lexicon->polarity.end()) return it->second > 0 ? 1 : -1;
        return lexicon->words.count(word) ? 2 : 0;
    }

    std::vector<ValencedWord> words_;
    std::vector<int> verdicts_;  // +1, -1, 2 listed without a polarity, 0 not in the lexicon
};

namespace {

QWidget* needsInputsPage(QLabel* why, QPushButton* button) {
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    why->setWordWrap(true);
    layout->addWidget(why);
    layout->addWidget(button, 0, Qt::AlignLeft);
    layout->addStretch(1);
    return page;
}

}  // namespace

ValenceList::ValenceList(SelectionModel* selection, QWidget* parent) : QWidget(parent), selection_(selection) {
    model_ = new ValenceModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(Qt::UserRole);
    proxy_->setFilterKeyColumn(ValenceModel::Word);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);

    title_ = new QLabel;
    title_->setWordWrap(true);
    filter_ = new QLineEdit;
    filter_->setPlaceholderText(tr("Find a word…"));
    filter_->setClearButtonEnabled(true);
    filter_->setToolTip(tr("Shows only the words containing this text"));
    export_ = new QPushButton(tr("Export CSV…"));
    export_->setToolTip(tr("Saves every word of the list (not only those shown) with its valence and the "
                           "lexicon's verdict, most positive first"));
    table_ = new QTableView;
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(ValenceModel::Valence, Qt::DescendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(ValenceModel::Word, QHeaderView::Stretch);
    table_->setAlternatingRowColors(true);

    auto* listPage = new QWidget;
    auto* tools = new QHBoxLayout;
    tools->addWidget(filter_, 1);
    tools->addWidget(export_);
    auto* listLayout = new QVBoxLayout(listPage);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(title_);
    listLayout->addLayout(tools);
    listLayout->addWidget(table_, 1);

    why_ = new QLabel;
    switch_ = new QPushButton(tr("Analyse again with Fit: with inputs"));
    switch_->setToolTip(tr("Runs the same model and batch again with the fit z(t+1) ≈ z(t)·A + u(t+1)·B + c, "
                           "whose B gives every word's push"));
    pages_ = new QStackedWidget;
    pages_->addWidget(listPage);
    pages_->addWidget(needsInputsPage(why_, switch_));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(pages_);

    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
    connect(export_, &QPushButton::clicked, this, &ValenceList::exportRequested);
    connect(switch_, &QPushButton::clicked, this, &ValenceList::fitWithInputsRequested);
    connect(selection_, &SelectionModel::explorationChanged, this, &ValenceList::rebuild);
    connect(selection_, &SelectionModel::insightChanged, this, &ValenceList::rebuild);
    connect(selection_, &SelectionModel::modeChanged, this, &ValenceList::rebuild);
    rebuild();
}

int ValenceList::rowCount() const { return proxy_->rowCount(); }

QString ValenceList::word(int row) const { return proxy_->index(row, ValenceModel::Word).data().toString(); }

bool ValenceList::needsInputs() const { return pages_->currentIndex() == 1; }

void ValenceList::rebuild() {
    const Exploration* e = selection_->exploration();
    const int mode = selection_->mode();
    const bool driven = e && e->isText() && e->result.inputs && e->inputs && !e->inputs->index.empty();
    pages_->setCurrentIndex(driven || !e ? 0 : 1);
    switch_->setVisible(e && e->network && !e->result.inputs);
    why_->setText(!e || e->result.inputs
                      ? tr("<b>Every word's valence</b> needs a model that reads tokens through an embedding.")
                      : tr("<b>Every word's valence</b> comes from the fit with inputs: its input term B says how "
                           "hard each word of the vocabulary pushes a mode. This analysis used the paper's "
                           "autonomous fit (no inputs), so there is no list. Choose <i>Fit: with inputs</i> in the "
                           "analysis options, or:"));
    std::vector<ValencedWord> words;
    if (driven && mode >= 0) words = valencedVocabulary(*e, mode);
    const StudioInsight* insight = selection_->insight();
    model_->setWords(std::move(words), insight ? insight->lexicon.get() : nullptr);
    title_->setText(mode < 0 || !driven ? QString()
                    : tr("<b>Every word's valence for mode λ%1</b> (%2 words): the push each word gives the mode "
                         "when read, %3")
                          .arg(mode).arg(model_->rowCount())
                          .arg(signIsOriented(*e) ? tr("blue towards the positive verdict, red towards the negative.")
                                                  : tr("by sign (no one-logit readout says which sign is positive).")));
    export_->setEnabled(model_->rowCount() > 0);
}

}  // namespace kann::ui
