#include "ui/base/lazy_refresh.h"

#include <QEvent>
#include <QWidget>

namespace kann::ui {

LazyRefresh::LazyRefresh(QWidget* view, std::function<void()> refresh)
    : QObject(view), view_(view), refresh_(std::move(refresh)) {
    view_->installEventFilter(this);
}

void LazyRefresh::invalidate() {
    stale_ = true;
    if (view_->isVisible()) run();
}

void LazyRefresh::run() {
    stale_ = false;
    refresh_();
}

bool LazyRefresh::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_ && event->type() == QEvent::Show && stale_) run();
    return false;
}

}  // namespace kann::ui
