#include "ui/runners/page_runner.h"

#include "core/pipeline/exploration_page.h"

#include <algorithm>

namespace kann::ui {

void PageRunner::Builder::build(std::shared_ptr<const Exploration> whole, int first, int count) {
    run([whole = std::move(whole), first, count](const Progress& progress) {
        return BuiltPage{whole, std::make_shared<const Exploration>(explorationPage(*whole, first, count, progress))};
    });
}

PageRunner::PageRunner(QObject* parent) : QObject(parent), builder_(new Builder(this)) {
    qRegisterMetaType<std::shared_ptr<const kann::Exploration>>();
    builder_->onFinished(this, &PageRunner::arrived);
    connect(builder_, &BackgroundRunner::failed, this, [this](const QString& title, const QString& message) {
        building_ = -1;
        emit failed(title, message);
    });
    connect(builder_, &BackgroundRunner::cancelled, this, [this] { building_ = -1; });
}

void PageRunner::setWhole(std::shared_ptr<const Exploration> whole, std::shared_ptr<const Exploration> first) {
    builder_->cancel();
    building_ = -1;  // a build still running is of the whole replaced: never joined
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
    if (builder_->isRunning() && building_ == first) {
        review_ = review;  // built ahead already: shown when it arrives
        return;
    }
    build(first, count, review);
}

void PageRunner::prefetch(int first, int count) {
    if (whole_ && !kept(first) && !builder_->isRunning()) build(first, count, -1);
}

void PageRunner::build(int first, int count, int review) {
    building_ = first;
    review_ = review;
    emit building(first);
    builder_->build(whole_, first, count);
}

void PageRunner::keep(std::shared_ptr<const Exploration> page) {
    kept_.erase(std::remove(kept_.begin(), kept_.end(), page), kept_.end());
    kept_.push_front(std::move(page));
    if (kept_.size() > kKept) kept_.pop_back();
}

void PageRunner::arrived(std::shared_ptr<const BuiltPage> built) {
    // Only the last build started arrives (a replaced one is dropped by the runner).
    building_ = -1;
    if (built->whole != whole_) return;  // built for a run since replaced
    keep(built->page);
    if (review_ >= 0) emit ready(built->page, review_);
}

}  // namespace kann::ui
