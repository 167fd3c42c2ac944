#pragma once
// The studio's interactive speed, measured on the exploration a window shows: the latency of a
// click on a mode and of a pointer move over the spectrum, printed as figures on stdout.
namespace kann::ui {

class MainWindow;

// Selects every mode three times in dominance order, timing the selection to the end of the
// repaint of the spectrum, the inspector and the heat map; prints medians and the maximum.
void benchmarkClicks(MainWindow& window);

// On a streamed exploration shown a page at a time: times a page turn to the next page (built ahead
// while the page before was read), a jump to a page never built, and a turn back to a kept page,
// each to the end of its repaint. Then, paged or not, prints the process's peak resident memory.
void benchmarkPages(MainWindow& window);

// Sweeps the pointer over the spectrum: each move finds the nearest eigenvalue and its tooltip.
void benchmarkHover(MainWindow& window);

}  // namespace kann::ui
