#pragma once
// Pages of a streamed exploration (explorationPage) built off the GUI thread, the last few kept so
// that turning back to a page is immediate and memory holds only those pages.
#include "core/pipeline/exploration.h"
#include "ui/runners/background_runner.h"

#include <QObject>
#include <deque>
#include <memory>

namespace kann::ui {

// A page built off the GUI thread, for the whole it was built from.
struct BuiltPage {
    std::shared_ptr<const Exploration> whole;
    std::shared_ptr<const Exploration> page;
};

class PageRunner : public QObject {
    Q_OBJECT
public:
    // Pages kept: the one on screen, the ones either side of it and one more.
    static constexpr std::size_t kKept = 4;

    explicit PageRunner(QObject* parent = nullptr);

    // Pages of `whole` from now on, `first` (its first page) already built; null forgets them.
    void setWhole(std::shared_ptr<const Exploration> whole, std::shared_ptr<const Exploration> first);
    // The page of `count` sequences from `first`, then `review` (within it) shown: `ready` at once
    // from the kept pages, else once built. A request for the page being built joins it (shown
    // when it arrives); for another page it replaces the unfinished build.
    void request(int first, int count, int review);
    // Builds that page in the background unless it is kept or another is being built, without showing it.
    void prefetch(int first, int count);
    // A kept page starting at `first`, or null.
    std::shared_ptr<const Exploration> kept(int first) const;
    // Blocks until the page being built (if any) has arrived.
    void wait() { builder_->wait(); }

signals:
    // A page of sequences from `first` began to be built (the wait a request may have).
    void building(int first);
    void ready(std::shared_ptr<const kann::Exploration> page, int review);
    void failed(const QString& title, const QString& message);

private:
    class Builder : public Runner<BuiltPage> {
    public:
        using Runner::Runner;
        void build(std::shared_ptr<const Exploration> whole, int first, int count);
    };

    void build(int first, int count, int review);
    void arrived(std::shared_ptr<const BuiltPage> built);
    void keep(std::shared_ptr<const Exploration> page);

    Builder* builder_;
    std::shared_ptr<const Exploration> whole_;
    std::deque<std::shared_ptr<const Exploration>> kept_;  // most recently used first
    int building_ = -1;  // the first sequence of the page being built; -1: none
    int review_ = -1;    // the sequence of it to show when it arrives; -1: built ahead, not shown yet
};

}  // namespace kann::ui
