#include "ui/panels/page_bar.h"

#include "ui/base/selection_model.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>

namespace kann::ui {

namespace {

const QString kPagesTip = QObject::tr("The fit, the spectrum, the label AUCs and the reconstruction ranking cover every "
                                      "sequence (streamed); the views show one page, whose φ is computed from the fitted "
                                      "modes when it is shown");

}  // namespace

PageBar::PageBar(SelectionModel* selection, QWidget* parent) : QWidget(parent), selection_(selection) {
    previous_ = new QToolButton;
    previous_->setObjectName("previousPage");
    previous_->setText(tr("◀ Previous"));
    previous_->setToolTip(tr("The previous page of sequences"));
    next_ = new QToolButton;
    next_->setObjectName("nextPage");
    next_->setText(tr("Next ▶"));
    next_->setToolTip(tr("The next page of sequences"));
    goTo_ = new QSpinBox;
    goTo_->setObjectName("goToSequence");
    goTo_->setKeyboardTracking(false);  // typing "1234" goes to 1234, not to 1, 12 and 123 first
    goTo_->setToolTip(tr("Type a sequence's number and press Enter: its page is run through the network again"));
    page_ = new QLabel;
    page_->setObjectName("pageText");
    page_->setStyleSheet("color: #555");
    page_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // never widens the window
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(4, 2, 4, 2);
    row->addWidget(previous_);
    row->addWidget(next_);
    row->addSpacing(12);
    row->addWidget(new QLabel(tr("Go to")));
    row->addWidget(goTo_);
    row->addSpacing(12);
    row->addWidget(page_, 1);
    connect(previous_, &QToolButton::clicked, selection_, [this] { selection_->stepPage(-1); });
    connect(next_, &QToolButton::clicked, selection_, [this] { selection_->stepPage(+1); });
    connect(goTo_, &QSpinBox::valueChanged, selection_, [this](int n) { selection_->showSequence(n - 1); });
    connect(selection_, &SelectionModel::explorationChanged, this, &PageBar::refresh);
    connect(selection_, &SelectionModel::pageChanged, this, &PageBar::refresh);
    connect(selection_, &SelectionModel::reviewChanged, this, &PageBar::refresh);
    refresh();
}

QString PageBar::pageText() const { return page_->text(); }

void PageBar::refresh() {
    setVisible(selection_->isPaged());
    const Exploration* e = selection_->exploration();
    if (!selection_->isPaged() || !e) return;
    const int pages = static_cast<int>(selection_->pageStarts().size());
    const int page = selection_->pageOf(selection_->sequence());
    const int first = selection_->pageStarts()[page];
    const QLocale locale;
    page_->setText(tr("Sequences %1–%2 of %3")
                       .arg(locale.toString(first + 1), locale.toString(first + selection_->pageSize(page)),
                            locale.toString(selection_->sequenceCount())));
    page_->setToolTip(tr("Page %1 of %2. ").arg(page + 1).arg(pages) + kPagesTip);
    previous_->setEnabled(page > 0);
    next_->setEnabled(page + 1 < pages);
    const QSignalBlocker quiet(goTo_);
    goTo_->setRange(1, selection_->sequenceCount());
    goTo_->setValue(selection_->sequence() + 1);
}

void PageBar::setLoading(int first, int count) {
    previous_->setEnabled(false);
    next_->setEnabled(false);
    page_->setText(tr("Running sequences %1–%2 through the network…").arg(first + 1).arg(first + count));
}

}  // namespace kann::ui
