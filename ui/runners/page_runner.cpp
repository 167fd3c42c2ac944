#include "ui/runners/page_runner.h"

#include "core/pipeline/exploration_page.h"

#include <algorithm>

namespace kann::ui {

namespace {

struct Built {
    std::shared_ptr<const Exploration> whole;
    std::shared_ptr<const Exploration> page;
    int review = -1;  // -1: built ahead, not to be shown
};

}  // namespace

PageRunner::PageRunner(QObject* parent) : BackgroundRunner(parent) {
    qRegisterMetaType<std::shared_ptr<const kann::Exploration>>();
}

void PageRunner::setWhole(std::shared_ptr<const Exploration> whole, std::shared_ptr<const Exploration> first) {
    cancel();
    whole_ = std::move(whole);
    kept_.clear();
    if (whole_ && first) keep(std::move(first));
}

std::shared_ptr<const Exploration> PageRunner::kept(int first) const {
    const auto it = std::find_if(kept_.begin(), kept_.end(), [first](const auto& p) { return p->pageStart == first; });
    return it == kept_.end() ? nullptr : *it;
}

void PageRunner::request(int first, int count, int review) {
    if (!whole_) return;
    if (auto page = kept(first)) {
        keep(page);
        emit ready(std::move(page), review);
        return;
    }
    build(first, count, review);
}

void PageRunner::prefetch(int first, int count) {
    if (!whole_ || kept(first) || isRunning()) return;
    build(first, count, -1);
}

void PageRunner::build(int first, int count, int review) {
    launch([whole = whole_, first, count, review](const Progress& progress) {
        return std::any(Built{whole, std::make_shared<const Exploration>(explorationPage(*whole, first, count, progress)), review});
    });
}

void PageRunner::keep(std::shared_ptr<const Exploration> page) {
    kept_.erase(std::remove(kept_.begin(), kept_.end(), page), kept_.end());
    kept_.push_front(std::move(page));
    if (kept_.size() > kKept) kept_.pop_back();
}

void PageRunner::deliverResult(std::any result) {
    Built built = std::any_cast<Built>(std::move(result));
    if (built.whole != whole_) return;  // built for a run since replaced
    keep(built.page);
    if (built.review >= 0) emit ready(std::move(built.page), built.review);
}

}  // namespace kann::ui
