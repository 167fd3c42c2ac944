#include "ui/window/studio_benchmark.h"

#include "core/common/median.h"
#include "core/io/memory_limit.h"
#include "ui/window/main_window.h"
#include "ui/views/mode_heatmap.h"
#include "ui/base/selection_model.h"
#include "ui/views/spectrum_view.h"
#include "ui/runners/page_runner.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QMouseEvent>
#include <algorithm>
#include <cstdio>
#include <ctime>

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

// Milliseconds from asking for `sequence` until it is on display and painted; -1 past a minute.
double msToShow(MainWindow& window, int sequence) {
    SelectionModel* s = window.selection();
    QElapsedTimer timer;
    timer.start();
    s->showSequence(sequence);
    while (s->sequence() != sequence && timer.elapsed() < 60000) QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    for (int pass = 0; pass < 2; ++pass) QApplication::processEvents();
    return s->sequence() == sequence ? timer.nsecsElapsed() / 1e6 : -1;
}

void printTimes(const char* what, const std::vector<double>& ms) {
    if (ms.empty()) return;
    std::printf("%s: median %.1f ms, max %.1f ms over %zu\n", what, median(ms), *std::max_element(ms.begin(), ms.end()),
                ms.size());
}

}  // namespace

void benchmarkPages(MainWindow& window) {
    SelectionModel* s = window.selection();
    if (s->isPaged()) {
        const std::vector<int> starts = s->pageStarts();
        const int pages = static_cast<int>(starts.size());
        std::vector<double> ahead, cold, back;
        for (int p = 1; p < std::min(pages, 6); ++p) {
            window.pageRunner()->wait();  // built ahead while the page before was read
            QApplication::processEvents();
            ahead.push_back(msToShow(window, starts[p]));
        }
        for (int i = 1; i <= 5 && pages > 12; ++i) {
            window.pageRunner()->wait();  // the page built ahead meanwhile, so the figure is one page's build
            QApplication::processEvents();
            cold.push_back(msToShow(window, starts[pages * (i + 1) / 7]));
        }
        for (int i = 0; i < 5 && pages > 12; ++i) back.push_back(msToShow(window, starts[pages * (6 - i % 2) / 7]));
        std::printf("pages: %d of up to %d sequences for %d sequences\n", pages, s->pageSize(0), s->sequenceCount());
        printTimes("page turn to the next page, built ahead", ahead);
        printTimes("page turn to a page never built (unroll, project, repaint)", cold);
        printTimes("page turn to a kept page", back);
    }
    std::printf("peak resident memory (VmHWM): %.0f MiB\n", peakResidentMb());
}

// Milliseconds of CPU the GUI thread has used: a click's own work, which other processes on a
// loaded machine do not stretch as they stretch its wall time.
double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

struct ClickTimes {
    std::vector<double> wall, cpu;
};

// Clicks through every mode three times with `tab` in front, each timed as the event loop runs
// it: the selection, the replots it queued, then the paint of what changed.
ClickTimes clicksWith(MainWindow& window, const QString& tab) {
    window.showTab(tab);
    for (int pass = 0; pass < 2; ++pass) QApplication::processEvents();  // the tab's first paint is not a click
    ClickTimes times;
    QElapsedTimer timer;
    const std::vector<int> order = window.selection()->dominanceOrder();
    for (int round = 0; round < 3; ++round)
        for (int j : order) {
            const double cpu = threadCpuMs();
            timer.start();
            window.selection()->selectMode(j);
            for (int pass = 0; pass < 2; ++pass) QApplication::processEvents();
            times.wall.push_back(timer.nsecsElapsed() / 1e6);
            times.cpu.push_back(threadCpuMs() - cpu);
        }
    return times;
}

void benchmarkClicks(MainWindow& window) {
    PaintCounter paints(window.spectrum());  // proof that each timed click includes the spectrum's repaint
    const auto* e = window.selection()->exploration();
    const QString reading = e->isText() ? QStringLiteral("text") : QStringLiteral("series");
    for (const QString& tab : {reading, QStringLiteral("heatmap")}) {
        const int before = paints.count;
        const ClickTimes t = clicksWith(window, tab);
        std::printf("click with the %s tab in front (select + re-colour + repaint, %d x %d steps, k = %d): median %.2f ms, "
                    "max %.2f ms over %zu clicks (%d spectrum repaints); CPU of the GUI thread median %.2f ms, max %.2f ms\n",
                    qPrintable(tab), e->result.batch, e->result.time, e->result.k, median(t.wall),
                    *std::max_element(t.wall.begin(), t.wall.end()), t.wall.size(), paints.count - before, median(t.cpu),
                    *std::max_element(t.cpu.begin(), t.cpu.end()));
    }
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
