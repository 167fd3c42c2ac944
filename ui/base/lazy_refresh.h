#pragma once
// Refreshes a view when it is shown, not on every change while it is hidden: a click costs a
// hidden tab nothing, and the tab is up to date the moment it is brought forward.
#include <QObject>
#include <functional>

class QWidget;

namespace kann::ui {

class LazyRefresh : public QObject {
public:
    // `refresh` brings `view` up to date; it runs at once when the view is visible, else on its
    // next show.
    LazyRefresh(QWidget* view, std::function<void()> refresh);

    // Something the view shows changed.
    void invalidate();
    // The view was brought up to date by other means (an export refreshes hidden views).
    void markFresh() { stale_ = false; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void run();

    QWidget* view_;
    std::function<void()> refresh_;
    bool stale_ = true;
};

}  // namespace kann::ui
