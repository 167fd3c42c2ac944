#include "ui/base/selection_model.h"

#include "ui/runners/ablation_runner.h"
#include "ui/runners/insight_runner.h"
#include "core/pipeline/exploration_page.h"

#include <algorithm>
#include <numeric>

namespace kann::ui {

SelectionModel::SelectionModel(QObject* parent) : QObject(parent) {}

void SelectionModel::setExploration(std::shared_ptr<const Exploration> exploration) {
    setPagedExploration(nullptr, std::move(exploration));
}

void SelectionModel::setPagedExploration(std::shared_ptr<const Exploration> whole, std::shared_ptr<const Exploration> firstPage) {
    exploration_ = std::move(firstPage);
    whole_ = std::move(whole);
    starts_ = whole_ ? kann::pageStarts(whole_->input.lengths) : std::vector<int>{0};
    insight_.reset();
    comparison_.reset();
    ablations_.clear();
    byDominance_.clear();
    mode_ = partner_ = -1;
    review_ = 0;
    if (exploration_) {
        const auto& d = exploration_->result.dominance;
        byDominance_.resize(static_cast<std::size_t>(d.size()));
        std::iota(byDominance_.begin(), byDominance_.end(), 0);
        std::stable_sort(byDominance_.begin(), byDominance_.end(),
                         [&d](int a, int b) { return d[a] > d[b]; });
    }
    emit explorationChanged();
    emit ablationsChanged();
    emit reviewChanged(review_);
    selectMode(byDominance_.empty() ? -1 : byDominance_.front());
}

void SelectionModel::turnPage(std::shared_ptr<const Exploration> page, int review) {
    if (!whole_ || !page) return;
    exploration_ = std::move(page);  // the removals ran on the whole batch: they stay
    review_ = std::clamp(review, 0, exploration_->result.batch - 1);
    emit pageChanged();
    emit reviewChanged(review_);
    emit modeChanged(mode_, partner_);
}

void SelectionModel::setInsight(std::shared_ptr<const StudioInsight> insight) {
    if (insight && insight->exploration != sharedWhole()) return;
    insight_ = std::move(insight);
    emit insightChanged();
}

void SelectionModel::setComparison(std::shared_ptr<const SpectrumComparison> comparison) {
    if (comparison && comparison->base != sharedWhole()) return;
    comparison_ = std::move(comparison);
    emit comparisonChanged();
}

void SelectionModel::addAblation(std::shared_ptr<const StudioAblation> ablation) {
    if (!ablation || ablation->exploration != sharedWhole()) return;
    const auto same = [&](const auto& a) { return a->ablation().modes == ablation->ablation().modes; };
    ablations_.erase(std::remove_if(ablations_.begin(), ablations_.end(), same), ablations_.end());
    ablations_.push_back(std::move(ablation));
    emit ablationsChanged();
}

int SelectionModel::reviewCount() const {
    return exploration_ ? exploration_->result.batch : 0;
}

void SelectionModel::selectMode(int mode) {
    const int k = static_cast<int>(byDominance_.size());
    if (mode < 0 || mode >= k) mode = -1;
    if (mode == mode_) return;
    mode_ = mode;
    const auto& partners = exploration_ ? exploration_->result.partner : std::vector<int>{};
    partner_ = (mode >= 0 && mode < static_cast<int>(partners.size())) ? partners[mode] : -1;
    emit modeChanged(mode_, partner_);
}

void SelectionModel::stepByDominance(int delta) {
    if (byDominance_.empty()) return;
    const auto it = std::find(byDominance_.begin(), byDominance_.end(), mode_);
    const int at = it == byDominance_.end() ? 0 : static_cast<int>(it - byDominance_.begin());
    const int next = std::clamp(at + delta, 0, static_cast<int>(byDominance_.size()) - 1);
    selectMode(byDominance_[next]);
}

void SelectionModel::setReview(int review) {
    const int n = reviewCount();
    review = n == 0 ? 0 : std::clamp(review, 0, n - 1);
    if (review == review_) return;
    review_ = review;
    emit reviewChanged(review_);
}

void SelectionModel::stepReview(int delta) { showSequence(sequence() + delta); }

int SelectionModel::sequence() const { return exploration_ ? exploration_->pageStart + review_ : 0; }

int SelectionModel::sequenceCount() const { return whole_ ? whole_->result.batch : reviewCount(); }

int SelectionModel::pageOf(int sequence) const {
    return static_cast<int>(std::upper_bound(starts_.begin(), starts_.end(), sequence) - starts_.begin()) - 1;
}

int SelectionModel::pageSize(int page) const {
    const int next = page + 1 < static_cast<int>(starts_.size()) ? starts_[page + 1] : sequenceCount();
    return next - starts_[page];
}

void SelectionModel::showSequence(int sequence) {
    const int n = sequenceCount();
    if (n == 0) return;
    sequence = std::clamp(sequence, 0, n - 1);
    const int first = exploration_->pageStart;
    if (sequence >= first && sequence < first + reviewCount()) return setReview(sequence - first);
    const int page = pageOf(sequence);
    emit pageWanted(starts_[page], pageSize(page), sequence - starts_[page]);
}

void SelectionModel::stepPage(int delta) {
    if (starts_.empty()) return;
    const int here = pageOf(sequence());
    const int page = std::clamp(here + delta, 0, static_cast<int>(starts_.size()) - 1);
    if (page != here) showSequence(starts_[page]);
}

void SelectionModel::setColouring(Colouring colouring) {
    if (colouring == colouring_) return;
    const bool wasSigned = colouring_ == Colouring::Signed;
    colouring_ = colouring;
    if (colouring == Colouring::Signed) colourMap_ = ColourMap::Diverging;
    else if (wasSigned && colourMap_ == ColourMap::Diverging) colourMap_ = ColourMap::Blues;
    emit appearanceChanged();
}

void SelectionModel::setColourMap(ColourMap map) {
    if (map == colourMap_) return;
    colourMap_ = map;
    emit appearanceChanged();
}

QString colouringSymbol(Colouring c, int j) {
    switch (c) {
        case Colouring::Signed: return QStringLiteral("Re φ%1").arg(j);
        case Colouring::Kick: return QStringLiteral("kick of φ%1").arg(j);
        case Colouring::InputKick: return QStringLiteral("input kick uBv%1").arg(j);
        case Colouring::Magnitude: break;
    }
    return QStringLiteral("|φ%1|").arg(j);
}

bool signIsOriented(const Exploration& e) { return e.readoutLogits.cols() == 1; }

ScaleEnds colouringEnds(const Exploration& e, Colouring c) {
    if (c != Colouring::Signed) return {};
    if (!signIsOriented(e))
        return {{}, {}, QObject::tr("not oriented: no readout fixes the sign, so the ends carry no verdict")};
    return {QObject::tr("← towards a negative verdict"), QObject::tr("towards a positive verdict →"), {}};
}

ColourScale::Centre colouringCentre(const Exploration& e, Colouring c) {
    return c == Colouring::Signed && !signIsOriented(e) ? ColourScale::Centre::Data : ColourScale::Centre::Zero;
}

}  // namespace kann::ui
