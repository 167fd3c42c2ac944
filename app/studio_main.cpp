// kann-studio: the window, and its scripting surface for demos, READMEs and tests.
//   kann-studio [--model M --data D [--vocab V] ... | --demo NAME | --restore FILE [--refuse-changed]]
//               [--select J] [--review R] [--tab NAME] [--compare CKPT] [--screenshot OUT.png]
//               [--export-figure VIEW=OUT.{png,pdf,svg}]... [--export-all DIR] [--benchmark]
// With any output asked for it runs, writes, and exits 0, or 2 with the problem on stderr.
// Models named with --model or --compare are the user's choice and load without the TorchScript
// question; a script cannot answer it, so any other TorchScript file stops a script.
#include "core/common/error.h"
#include "ui/analysis_runner.h"
#include "ui/insight_runner.h"
#include "ui/main_window.h"
#include "ui/mode_heatmap.h"
#include "ui/recent_files.h"
#include "ui/selection_model.h"
#include "ui/spectrum_view.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QMouseEvent>
#include <algorithm>
#include <cstdio>
#include <optional>

namespace {

using kann::ui::MainWindow;

struct Script {
    std::optional<kann::SourceSpec> spec;
    QString demo;
    QString restore;
    bool refuseChanged = false;
    QString compare;
    QString exportAll;
    int select = -1;
    int review = -1;
    QString tab;
    QString screenshot;
    QStringList figures;  // VIEW=PATH
    double scale = 2.0;
    QSize size;  // of the window for --screenshot and the first show; empty: the default
    bool benchmark = false;
    bool wantsOutput() const { return !screenshot.isEmpty() || !figures.isEmpty() || !exportAll.isEmpty() || benchmark; }
};

int toInt(const QCommandLineParser& p, const QString& name) {
    bool ok = false;
    const int v = p.value(name).toInt(&ok);
    if (!ok) throw kann::InputError("--" + name.toStdString(), "expects a whole number, got \"" + p.value(name).toStdString() + "\"");
    return v;
}

// "WxH" in pixels, each side between 320 and 8192.
QSize toSize(const QCommandLineParser& p) {
    const QStringList sides = p.value("size").toLower().split('x');
    bool okW = false, okH = false;
    const QSize size = sides.size() == 2 ? QSize(sides[0].toInt(&okW), sides[1].toInt(&okH)) : QSize();
    if (!okW || !okH || std::min(size.width(), size.height()) < 320 || std::max(size.width(), size.height()) > 8192)
        throw kann::InputError("--size", "expects WIDTHxHEIGHT in pixels (320 to 8192 each), e.g. 1024x700, got \"" +
                                             p.value("size").toStdString() + "\"");
    return size;
}

Script parse(const QCommandLineParser& p) {
    Script s;
    s.demo = p.value("demo");
    s.restore = p.value("restore");
    s.refuseChanged = p.isSet("refuse-changed");
    s.compare = p.value("compare");
    s.exportAll = p.value("export-all");
    if (p.isSet("select")) s.select = toInt(p, "select");
    if (p.isSet("review")) s.review = toInt(p, "review");
    s.tab = p.value("tab");
    s.screenshot = p.value("screenshot");
    s.figures = p.values("export-figure");
    if (p.isSet("scale")) s.scale = p.value("scale").toDouble();
    if (p.isSet("size")) s.size = toSize(p);
    s.benchmark = p.isSet("benchmark");
    if (p.isSet("model") || p.isSet("data") || p.isSet("states")) {
        kann::SourceSpec spec;
        spec.modelPath = p.value("model").toStdString();
        spec.dataPath = p.value("data").toStdString();
        spec.vocabPath = p.value("vocab").toStdString();
        spec.statesPath = p.value("states").toStdString();
        spec.lengthsPath = p.value("lengths").toStdString();
        if (p.isSet("arch")) spec.load.arch = p.value("arch").toStdString();
        if (p.isSet("count")) spec.selection.count = toInt(p, "count");
        if (p.isSet("offset")) spec.selection.offset = toInt(p, "offset");
        if (p.isSet("label")) spec.selection.label = toInt(p, "label");
        if (p.isSet("max-length")) spec.selection.maxLength = toInt(p, "max-length");
        if (p.isSet("k")) spec.analysis.k = toInt(p, "k");
        if (p.isSet("reduction")) spec.analysis.reduction = kann::parseReduction(p.value("reduction").toStdString());
        spec.analysis.includePadding = p.isSet("include-padding");
        if (spec.statesPath.empty() && (spec.modelPath.empty() || spec.dataPath.empty()))
            throw kann::InputError("--model/--data", "give both a model and a dataset (or --states)");
        s.spec = spec;
    }
    for (const QString& f : s.figures)
        if (!f.contains('=')) throw kann::InputError("--export-figure", "expects VIEW=FILE, got \"" + f.toStdString() + "\"");
    return s;
}

// Brings the inspector tab named `name` (a key or a title, e.g. "modes over time") to the front.
void showTab(MainWindow& window, const QString& name) {
    if (!window.showTab(name))
        throw kann::InputError("--tab", "no tab \"" + name.toStdString() + "\" for this data (choose one of " +
                                            window.tabNames().join(", ").toStdString() + ")");
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

// Counts the paint events a widget receives.
struct PaintCounter : QObject {
    explicit PaintCounter(QWidget* widget) { widget->installEventFilter(this); }
    bool eventFilter(QObject*, QEvent* event) override {
        count += event->type() == QEvent::Paint;
        return false;
    }
    int count = 0;
};

// Click latency as issue 6 measures it: from the selection to the end of the repaint of the
// spectrum, the inspector on display and the heat map, over the modes in dominance order.
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

// Hover as a user sweeps the pointer over the spectrum: each move finds the nearest eigenvalue
// and shows its tooltip.
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

// Every figure that applies as PNG, SVG and PDF, and the results as JSON and CSV, into `folder`.
void exportAll(MainWindow& window, const QString& folder, double scale) {
    if (!QDir().mkpath(folder)) throw kann::InputError(folder.toStdString(), "the output folder cannot be created");
    const QDir dir(folder);
    QStringList written;
    for (const QString& view : window.applicableViews())
        for (const char* suffix : {"png", "svg", "pdf"}) {
            const QString path = dir.filePath(view + "." + suffix);
            window.exportView(view, path, scale);
            written << path;
        }
    for (const char* suffix : {"json", "csv"}) {
        const QString path = dir.filePath(QStringLiteral("results.") + suffix);
        window.exportView("results", path);
        written << path;
    }
    for (const QString& path : written) std::printf("wrote %s\n", qPrintable(path));
}

// What stopped a script: the last error the window reported, or the TorchScript file it would
// not load without a question no script can answer.
struct ScriptProblems {
    QString error;
    QString refusedProgram;

    [[noreturn]] void raise(const std::string& fallback) const {
        if (!refusedProgram.isEmpty())
            throw kann::InputError(refusedProgram.toStdString(),
                                   "is a TorchScript file, which can run code: a script loads one only when it is "
                                   "named with --model or --compare, belongs to a demo, or is among the studio's "
                                   "recent files (open it once in the studio)");
        throw kann::InputError("", error.isEmpty() ? fallback : error.toStdString());
    }
};

// Opens what the script names and waits for its analysis. False when it names nothing to open.
bool openSource(MainWindow& window, const Script& s, const ScriptProblems& problems) {
    if (!s.restore.isEmpty())
        window.restoreExploration(s.restore, s.refuseChanged ? MainWindow::ChangedFiles::Refuse : MainWindow::ChangedFiles::Warn);
    else if (!s.demo.isEmpty()) window.openDemo(s.demo);
    else if (s.spec) window.run(*s.spec);
    else return false;
    window.waitForAnalysis();
    if (!window.selection()->exploration()) problems.raise("the analysis failed");
    for (const QString& w : window.lastWarnings()) std::fprintf(stderr, "kann-studio: warning: %s\n", qPrintable(w));
    return true;
}

// --select, --review, --tab and --compare on the exploration shown.
void applyChoices(MainWindow& window, const Script& s, const ScriptProblems& problems) {
    const int k = static_cast<int>(window.selection()->exploration()->result.eigenvalues.size());
    if (s.select >= k) throw kann::InputError("--select", std::to_string(s.select) + " is outside 0.." + std::to_string(k - 1));
    if (s.select >= 0) window.selection()->selectMode(s.select);
    if (s.review >= 0) {
        if (s.review >= window.selection()->reviewCount())
            throw kann::InputError("--review", std::to_string(s.review) + " is outside the batch of " +
                                                   std::to_string(window.selection()->reviewCount()));
        window.selection()->setReview(s.review);
    }
    if (!s.tab.isEmpty()) showTab(window, s.tab);
    if (!s.compare.isEmpty()) {
        window.compareWithCheckpoint(s.compare);
        window.waitForAnalysis();
        if (!window.selection()->comparison()) problems.raise("--compare failed");
    }
}

void writeOutputs(MainWindow& window, const Script& s) {
    if (s.benchmark) {
        benchmarkClicks(window);
        benchmarkHover(window);
    }
    for (const QString& f : s.figures) {
        const QString view = f.section('=', 0, 0), path = f.section('=', 1);
        window.exportView(view, path, s.scale);
        std::printf("wrote %s\n", qPrintable(path));
    }
    if (!s.exportAll.isEmpty()) exportAll(window, s.exportAll, s.scale);
    if (!s.screenshot.isEmpty()) {
        QApplication::processEvents();
        window.exportView("window", s.screenshot);
        std::printf("wrote %s\n", qPrintable(s.screenshot));
    }
}

// Runs the script to the end; throws InputError for anything that stops it. Errors are taken
// from the window instead of shown, and the TorchScript question is answered no.
void runScript(MainWindow& window, const Script& s) {
    ScriptProblems problems;
    window.setErrorReporter([&problems](const QString&, const QString& message) { problems.error = message; });
    window.recentFiles()->setPrompt([&problems](const QString& path) {
        problems.refusedProgram = path;
        return false;
    });
    if (!openSource(window, s, problems)) {
        if (!s.figures.isEmpty() || !s.exportAll.isEmpty())
            throw kann::InputError("--export-figure", "nothing to export: open a demo (--demo) or a model and data (--model/--data)");
        QApplication::processEvents();  // only a screenshot: the welcome page, as a first-time user sees it
        return writeOutputs(window, s);
    }
    applyChoices(window, s, problems);
    QApplication::processEvents();
    if (!window.selection()->insight()) problems.raise("the trust and meaning figures failed");
    writeOutputs(window, s);
}

// Without outputs: the window opens on what the command line names, and --select, --review,
// --compare and --tab apply once its analysis is shown.
void openInteractively(MainWindow& window, const Script& script) {
    if (!script.restore.isEmpty()) window.restoreExploration(script.restore);
    else if (!script.demo.isEmpty()) window.openDemo(script.demo);
    else if (script.spec) window.run(*script.spec);
    QObject::connect(&window, &MainWindow::explorationShown, &window, [&window, script] {
        if (script.select >= 0) window.selection()->selectMode(script.select);
        if (script.review >= 0) window.selection()->setReview(script.review);
        if (!script.compare.isEmpty()) window.compareWithCheckpoint(script.compare);
        if (!script.tab.isEmpty() && !window.showTab(script.tab))
            std::fprintf(stderr, "kann-studio: --tab: no tab \"%s\" for this data\n", qPrintable(script.tab));
    }, Qt::SingleShotConnection);
}

}  // namespace

int main(int argc, char** argv) {
    QElapsedTimer sinceStart;
    sinceStart.start();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("KANN");
    QApplication::setApplicationName("KANN Studio");
    QApplication::setApplicationVersion("0.1.0");

    QCommandLineParser parser;
    parser.setApplicationDescription("KANN Studio: Koopman analysis of recurrent networks.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {"model", "Checkpoint or TorchScript file.", "M"},
        {"data", "Dataset file or folder.", "D"},
        {"vocab", "WordPiece vocabulary (text datasets).", "V"},
        {"states", "Saved hidden states .npy [b, T, m] instead of a model.", "S"},
        {"lengths", "With --states: valid lengths .npy [b].", "L"},
        {"arch", "Checkpoint layout: auto|sentiment|ecg-autoencoder|stack|torchscript.", "A"},
        {"count", "Sequences in the batch.", "N"},
        {"offset", "Matching sequences skipped first.", "N"},
        {"label", "Only sequences with this label.", "L"},
        {"max-length", "Steps kept per sequence (0 = no limit).", "N"},
        {"k", "Components kept (-1 = auto).", "K"},
        {"reduction", "svd|pca|rsvd.", "R"},
        {"include-padding", "Fit over padding (reference notebook)."},
        {"demo", "Open a built-in demo: copy, sentiment or ecg.", "NAME"},
        {"restore", "Reopen a saved exploration (File > Save exploration): its files, batch, options, "
                    "selected mode and review, and view. Changed files are reported as warnings.", "FILE"},
        {"refuse-changed", "With --restore: stop with an error, not a warning, when a file changed since the "
                           "exploration was saved (kann export does this)."},
        {"compare", "Overlay the spectrum of this checkpoint, run on the same data and options.", "CKPT"},
        {"select", "Select eigenvalue J (the table's # column).", "J"},
        {"review", "Show review / series R of the batch (0-based).", "R"},
        {"tab", "Bring an inspector tab to the front, e.g. \"Modes over time\".", "NAME"},
        {"screenshot", "Write the whole window as PNG, then exit.", "OUT.png"},
        {"export-figure", "Write a view (" + MainWindow::exportableViews().join(", ") +
                              ") to a .png/.pdf/.svg (results: .csv/.json), then exit. Repeatable.", "VIEW=OUT"},
        {"export-all", "Write every figure of --export-figure that applies as .png, .svg and .pdf, and the results "
                       "as .json and .csv, into DIR, then exit. `kann export --restore FILE` runs this headless.", "DIR"},
        {"scale", "Scale factor of PNG figures (default 2).", "F"},
        {"size", "The window's size in pixels, for --screenshot and the first show (default 1600x1000 for a "
                 "screenshot).", "WxH"},
        {"benchmark", "Print the start-up time and the click latency, then exit."},
    });
    parser.process(app);

    MainWindow window;
    try {
        const Script script = parse(parser);
        // Named on the command line: the user's own choice, like a file opened in the studio.
        for (const QString& model : {script.spec ? QString::fromStdString(script.spec->modelPath) : QString(), script.compare})
            if (!model.isEmpty()) window.recentFiles()->trustForSession(model);
        if (script.wantsOutput()) {
            qint64 shownAt = -1;  // issue 6's start-up figure: the first spectrum on screen
            QObject::connect(&window, &MainWindow::explorationShown, &window,
                             [&] { if (shownAt < 0) shownAt = sinceStart.elapsed(); });
            window.resize(script.size.isValid() ? script.size : QSize(1600, 1000));
            window.show();
            runScript(window, script);
            if (script.benchmark)
                std::printf("start to spectrum shown: %lld ms; to the trust and meaning figures and outputs: %lld ms\n",
                            static_cast<long long>(shownAt), static_cast<long long>(sinceStart.elapsed()));
            return 0;
        }
        if (script.size.isValid()) window.resize(script.size);
        window.show();
        openInteractively(window, script);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kann-studio: %s\n", e.what());
        return 2;
    }
    return app.exec();
}
