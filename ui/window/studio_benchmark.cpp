#include "ui/window/studio_benchmark.h"

#include "core/common/median.h"
#include "ui/window/main_window.h"
#include "ui/views/mode_heatmap.h"
#include "ui/base/selection_model.h"
#include "ui/views/spectrum_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QMouseEvent>
#include <algorithm>
#include <cstdio>

namespace kann::ui {

namespace {

// Counts the paint events a widget receives.
struct PaintCounter : QObject {
    explicit PaintCounter(QWidget* widget) { widget->installEventFilter(this); }
    bool eventFilter(QObject*, QEvent* event) override {
        count += event->type() == QEvent::Paint;
        return false;
    }
    int count = 0;
};

}  // namespace

void benchmarkClicks(MainWindow& window) {
    std::vector<double> ms, heat;
    QElapsedTimer timer;
    PaintCounter paints(window.spectrum());  // proof that each timed click includes the spectrum's repaint
    const std::vector<int> order = window.selection()->dominanceOrder();
    for (int round = 0; round < 3; ++round)
        for (int j : order) {
            timer.start();
            window.selection()->selectMode(j);
            // As in the event loop: the replots the selection queued, then the paint of what changed.
            for (int pass = 0; pass < 2; ++pass) QApplication::processEvents();
            ms.push_back(timer.nsecsElapsed() / 1e6);
            timer.start();
            window.heatmap()->refresh();
            window.heatmap()->replot(QCustomPlot::rpImmediateRefresh);
            heat.push_back(timer.nsecsElapsed() / 1e6);
        }
    std::printf("heat map re-colour + replot: median %.2f ms\n", median(heat));
    const auto* e = window.selection()->exploration();
    std::printf("click (select + re-colour + repaint, %d x %d steps, k = %d): median %.2f ms, max %.2f ms over %zu clicks "
                "(%d spectrum repaints)\n",
                e->result.batch, e->result.time, e->result.k, median(ms), *std::max_element(ms.begin(), ms.end()), ms.size(),
                paints.count);
}

void benchmarkHover(MainWindow& window) {
    QCustomPlot* plot = window.spectrum();
    const QRect area = plot->axisRect()->rect();
    std::vector<double> ms;
    QElapsedTimer timer;
    for (int i = 0; i < 400; ++i) {
        const QPointF p(area.left() + area.width() * (i % 40) / 40.0, area.top() + area.height() * (i / 40) / 10.0);
        QMouseEvent move(QEvent::MouseMove, p, plot->mapToGlobal(p), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        timer.start();
        QApplication::sendEvent(plot, &move);
        QApplication::processEvents();
        ms.push_back(timer.nsecsElapsed() / 1e6);
    }
    std::printf("hover over the spectrum (%d eigenvalues): median %.2f ms, max %.2f ms over %zu moves\n",
                static_cast<int>(window.selection()->exploration()->result.k), median(ms),
                *std::max_element(ms.begin(), ms.end()), ms.size());
}

}  // namespace kann::ui
