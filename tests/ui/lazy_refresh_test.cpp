// A hidden view is refreshed once when it is shown, however often it changed meanwhile; a visible
// one at once; one brought up to date by other means not again.
#include "ui/base/lazy_refresh.h"

#include <QWidget>
#include <QtTest>

using namespace kann::ui;

class LazyRefreshTest : public QObject {
    Q_OBJECT

private slots:
    void aHiddenViewCatchesUpOnceWhenShown() {
        QWidget view;
        int refreshes = 0;
        auto* lazy = new LazyRefresh(&view, [&refreshes] { ++refreshes; });
        lazy->invalidate();
        lazy->invalidate();
        QCOMPARE(refreshes, 0);
        view.show();
        QCOMPARE(refreshes, 1);
        view.hide();
        view.show();  // nothing changed while hidden
        QCOMPARE(refreshes, 1);
    }

    void aVisibleViewRefreshesAtOnce() {
        QWidget view;
        view.show();
        int refreshes = 0;
        auto* lazy = new LazyRefresh(&view, [&refreshes] { ++refreshes; });
        lazy->invalidate();
        QCOMPARE(refreshes, 1);
        lazy->invalidate();
        QCOMPARE(refreshes, 2);
    }

    void aViewMarkedFreshIsNotRefreshedOnShow() {
        QWidget view;
        int refreshes = 0;
        auto* lazy = new LazyRefresh(&view, [&refreshes] { ++refreshes; });
        lazy->invalidate();
        lazy->markFresh();  // an export drew it while hidden
        view.show();
        QCOMPARE(refreshes, 0);
    }
};

QTEST_MAIN(LazyRefreshTest)
#include "lazy_refresh_test.moc"
