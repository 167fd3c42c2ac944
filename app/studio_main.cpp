// kann-studio: the window, and its scripting surface for demos, READMEs and tests.
//   kann-studio [--model M --data D [--vocab V] ... | --demo NAME | --restore FILE [--refuse-changed]]
//               [--select J] [--review R] [--tab NAME] [--compare CKPT] [--screenshot OUT.png]
//               [--export-figure VIEW=OUT.{png,pdf,svg}]... [--export-all DIR] [--benchmark]
//               [--timeline DIR --data D [--frame N]] [--export-film OUT.gif] [--export-frames DIR]
// The source and analysis options are those of `kann analyze`. With any output asked for it runs,
// writes, and exits 0, or 2 with the problem on stderr; a bad option exits 2 too. The command line
// is read before any window exists, so --help and --version work without a display.
// Models named with --model or --compare are the user's choice and load without the TorchScript
// question; a script cannot answer it, so any other TorchScript file stops a script.
#include "app/command_line.h"
#include "core/common/error.h"
#include "core/insight/saved_exploration.h"
#include "ui/window/main_window.h"
#include "ui/window/recent_files.h"
#include "ui/base/selection_model.h"
#include "ui/window/studio_benchmark.h"
#include "ui/window/timeline_manager.h"
#include "ui/panels/training_timeline.h"

#include <CLI/CLI.hpp>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <cstdio>
#include <optional>
#include <sstream>
#include <utility>

namespace {

using kann::ui::MainWindow;

struct Script {
    std::optional<kann::SourceSpec> spec;
    std::string demo;
    std::string restore;
    std::string open;  // what a file manager passes: a checkpoint or dataset, or (moved to restore) an exploration
    bool refuseChanged = false;
    std::string compare;
    std::string exportAll;
    int select = -1;
    int review = -1;
    std::string tab;
    std::string screenshot;
    std::vector<std::string> figures;  // VIEW=PATH
    double scale = kann::cli::kDefaultFigureScale;
    int width = 0, height = 0;  // --size: the window for --screenshot and the first show; 0: the default
    bool benchmark = false;
    std::string timeline;  // a training run's snapshots folder
    int frame = -1;        // the snapshot shown (-1: the last)
    std::string film;      // animated GIF of the timeline
    std::string frames;    // folder for the timeline's frames and strip
    bool wantsOutput() const {
        return !screenshot.empty() || !figures.empty() || !exportAll.empty() || benchmark || !film.empty() ||
               !frames.empty();
    }
};

// "WxH" in pixels, each side between 320 and 8192.
void readSize(const std::string& text, int& width, int& height) {
    char x = 0, rest = 0;
    std::istringstream in(text);
    if (!(in >> width >> x >> height) || (x != 'x' && x != 'X') || in >> rest || std::min(width, height) < 320 ||
        std::max(width, height) > 8192)
        throw CLI::ValidationError("--size", "expects WIDTHxHEIGHT in pixels (320 to 8192 each), e.g. 1024x700, got " + text);
}

void defineOptions(CLI::App& cli, Script& s, kann::OptionValues& source) {
    cli.set_version_flag("--version", KANN_VERSION);
    kann::cli::addSourceOptions(cli, source);
    cli.add_option("--demo", s.demo, "open a built-in demo: copy, sentiment or ecg")->type_name("NAME");
    cli.add_option("--restore", s.restore,
                   "reopen a saved exploration (File > Save exploration): its files, batch, options, selected mode "
                   "and review, and view; changed files are reported as warnings")->type_name("FILE");
    cli.add_flag("--refuse-changed", s.refuseChanged,
                 "with --restore: stop with an error, not a warning, when a file changed since the exploration was "
                 "saved (kann export does this)");
    cli.add_option("--compare", s.compare, "overlay the spectrum of this checkpoint, run on the same data and options")
        ->type_name("CKPT");
    cli.add_option("--select", s.select, "select eigenvalue J (the table's # column)")->type_name("J");
    cli.add_option("--review", s.review, "show review / series R of the batch (0-based)")->type_name("R");
    cli.add_option("--tab", s.tab, "bring an inspector tab to the front, e.g. \"Modes over time\"")->type_name("NAME");
    cli.add_option("--screenshot", s.screenshot, "write the whole window as PNG, then exit")->type_name("OUT.png");
    cli.add_option("--export-figure", s.figures,
                   "write a view (" + MainWindow::exportableViews().join(", ").toStdString() +
                       ") to a .png/.pdf/.svg (results: .csv/.json), then exit; repeatable")
        ->type_name("VIEW=OUT")
        ->check([](const std::string& f) { return f.find('=') == std::string::npos ? "expects VIEW=FILE, got " + f : ""; });
    cli.add_option("--export-all", s.exportAll,
                   "write every figure that applies as .png, .svg and .pdf, and the results as .json and .csv, into "
                   "DIR, then exit; `kann export --restore FILE` runs this headless")->type_name("DIR");
    kann::cli::addScaleOption(cli, s.scale);
    cli.add_option_function<std::string>("--size", [&s](const std::string& v) { readSize(v, s.width, s.height); },
                                         "the window's size in pixels for --screenshot and the first show (default "
                                         "1600x1000 for a screenshot), e.g. 1024x700")->type_name("WxH");
    cli.add_flag("--benchmark", s.benchmark, "print the start-up time and the click latency, then exit");
    cli.add_option("file", s.open, "a saved exploration (.kann) to reopen, as --restore does, or a checkpoint or "
                                   "dataset to open in the source panel")->type_name("FILE");
    cli.add_option("--timeline", s.timeline,
                   "open a training run's snapshots folder (kann train ... --snapshots N) on --data: a slider under "
                   "the spectrum moves through training, and every view follows the snapshot shown")->type_name("DIR");
    cli.add_option("--frame", s.frame, "with a training timeline: show snapshot N (0 = untrained; default the last)")
        ->type_name("N")->check(CLI::NonNegativeNumber);
    cli.add_option("--export-film", s.film,
                   "write the training timeline as an animated GIF (one snapshot every 0.3 s), then exit")
        ->type_name("OUT.gif");
    cli.add_option("--export-frames", s.frames,
                   "write every snapshot of the training timeline as DIR/frame_NNN.png and six of them side by side "
                   "as DIR/strip.png, then exit")->type_name("DIR");
}

// A saved exploration given as the file (the desktop entry's %f) reopens like --restore.
void readFile(Script& s) {
    if (s.open.empty() || !kann::isExplorationFileName(s.open)) return;
    if (!s.restore.empty()) throw kann::InputError(s.open, "give one exploration, not this and --restore");
    s.restore = std::exchange(s.open, {});
}

// --timeline: every snapshot is the model in turn, on the data and options given.
kann::SourceSpec timelineSpec(const Script& s, const kann::OptionValues& source) {
    if (!s.demo.empty() || !s.restore.empty())
        throw kann::InputError("--timeline", "opens a training run of its own; it does not combine with --demo or --restore");
    if (source.count("model") || source.count("states"))
        throw kann::InputError("--timeline", "every snapshot is the model in turn: give --data and no --model or --states");
    if (!source.count("data")) throw kann::InputError("--timeline", "needs --data: the batch every snapshot is run on");
    kann::SourceSpec spec;
    kann::applySourceValues(source, spec);
    return spec;
}

// The source the options name, if any: they describe a model and data of their own, so they do not
// combine with a demo or a saved exploration.
void readSource(Script& s, const kann::OptionValues& source) {
    if (!s.timeline.empty()) {
        s.spec = timelineSpec(s, source);
        return;
    }
    if (source.empty()) return;
    if (!s.demo.empty() || !s.restore.empty())
        throw kann::InputError(s.demo.empty() ? "--restore" : "--demo",
                               "opens its own source; --" + source.begin()->first + " does not apply to it");
    s.spec = kann::cli::sourceSpecFrom(source);
}

QString q(const std::string& text) { return QString::fromStdString(text); }

// Brings the inspector tab named `name` (a key or a title, e.g. "modes over time") to the front.
void showTab(MainWindow& window, const QString& name) {
    if (!window.showTab(name))
        throw kann::InputError("--tab", "no tab \"" + name.toStdString() + "\" for this data (choose one of " +
                                            window.tabNames().join(", ").toStdString() + ")");
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
    if (!s.restore.empty())
        window.restoreExploration(q(s.restore), s.refuseChanged ? MainWindow::ChangedFiles::Refuse : MainWindow::ChangedFiles::Warn);
    else if (!s.demo.empty()) window.openDemo(q(s.demo));
    else if (!s.timeline.empty()) window.openTimeline(q(s.timeline), *s.spec);
    else if (s.spec) window.run(*s.spec);
    else return false;
    window.waitForAnalysis();
    if (!window.selection()->exploration()) problems.raise("the analysis failed");
    for (const QString& w : window.lastWarnings()) std::fprintf(stderr, "kann-studio: warning: %s\n", qPrintable(w));
    return true;
}

// --frame: the snapshot of the training timeline shown.
void chooseFrame(MainWindow& window, const Script& s) {
    kann::ui::TrainingTimeline* panel = window.trainingTimeline()->panel();
    if (s.frame < 0) return;
    if (!panel->timeline()) throw kann::InputError("--frame", "no training timeline is open (--timeline DIR, or the copy demo)");
    if (s.frame >= panel->frameCount())
        throw kann::InputError("--frame", std::to_string(s.frame) + " is outside 0.." + std::to_string(panel->frameCount() - 1));
    panel->setFrame(s.frame);
    window.waitForAnalysis();
}

// --export-film and --export-frames of the training timeline on screen.
void exportTimeline(MainWindow& window, const Script& s) {
    if (s.film.empty() && s.frames.empty()) return;
    if (!window.trainingTimeline()->panel()->timeline())
        throw kann::InputError(s.film.empty() ? "--export-frames" : "--export-film",
                               "no training timeline is open (--timeline DIR, or the copy demo)");
    if (!s.film.empty()) {
        window.trainingTimeline()->exportFilm(q(s.film));
        std::printf("wrote %s\n", s.film.c_str());
    }
    if (!s.frames.empty()) {
        window.trainingTimeline()->exportFrames(q(s.frames));
        std::printf("wrote %s/frame_*.png and strip.png\n", s.frames.c_str());
    }
}

// --frame, --select, --review, --tab and --compare on the exploration shown.
void applyChoices(MainWindow& window, const Script& s, const ScriptProblems& problems) {
    chooseFrame(window, s);
    const int k = static_cast<int>(window.selection()->exploration()->result.eigenvalues.size());
    if (s.select >= k) throw kann::InputError("--select", std::to_string(s.select) + " is outside 0.." + std::to_string(k - 1));
    if (s.select >= 0) window.selection()->selectMode(s.select);
    if (s.review >= 0) {
        if (s.review >= window.selection()->sequenceCount())
            throw kann::InputError("--review", std::to_string(s.review) + " is outside the batch of " +
                                                   std::to_string(window.selection()->sequenceCount()));
        window.selection()->showSequence(s.review);
        window.waitForAnalysis();  // a sequence on another page of a streamed batch
    }
    if (!s.tab.empty()) showTab(window, q(s.tab));
    if (!s.compare.empty()) {
        window.compareWithCheckpoint(q(s.compare));
        window.waitForAnalysis();
        if (!window.selection()->comparison()) problems.raise("--compare failed");
    }
}

void writeOutputs(MainWindow& window, const Script& s) {
    if (s.benchmark) {
        kann::ui::benchmarkClicks(window);
        kann::ui::benchmarkHover(window);
        kann::ui::benchmarkPages(window);
    }
    for (const std::string& f : s.figures) {
        const QString view = q(f).section('=', 0, 0), path = q(f).section('=', 1);
        window.exportView(view, path, s.scale);
        std::printf("wrote %s\n", qPrintable(path));
    }
    if (!s.exportAll.empty()) exportAll(window, q(s.exportAll), s.scale);
    exportTimeline(window, s);
    if (!s.screenshot.empty()) {
        QApplication::processEvents();
        window.exportView("window", q(s.screenshot));
        std::printf("wrote %s\n", s.screenshot.c_str());
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
        if (!s.figures.empty() || !s.exportAll.empty())
            throw kann::InputError("--export-figure", "nothing to export: open a demo (--demo) or a model and data (--model/--data)");
        QApplication::processEvents();  // only a screenshot: the welcome page, as a first-time user sees it
        return writeOutputs(window, s);
    }
    applyChoices(window, s, problems);
    window.waitForAnalysis();  // the work the choices started (a tab's search) shows in the outputs
    QApplication::processEvents();
    if (!window.selection()->insight()) problems.raise("the trust and meaning figures failed");
    writeOutputs(window, s);
}

// Without outputs: the window opens on what the command line names, and --select, --review,
// --compare and --tab apply once its analysis is shown.
void openInteractively(MainWindow& window, const Script& script) {
    if (!script.restore.empty()) window.restoreExploration(q(script.restore));
    else if (!script.demo.empty()) window.openDemo(q(script.demo));
    else if (!script.timeline.empty()) window.openTimeline(q(script.timeline), *script.spec);
    else if (script.spec) window.run(*script.spec);
    else if (!script.open.empty()) window.openFile(q(script.open));
    QObject::connect(&window, &MainWindow::explorationShown, &window, [&window, script] {
        if (script.select >= 0) window.selection()->selectMode(script.select);
        if (script.review >= 0) window.selection()->setReview(script.review);
        if (!script.compare.empty()) window.compareWithCheckpoint(q(script.compare));
        if (!script.tab.empty() && !window.showTab(q(script.tab)))
            std::fprintf(stderr, "kann-studio: --tab: no tab \"%s\" for this data\n", script.tab.c_str());
    }, Qt::SingleShotConnection);
}

}  // namespace

// The command line, read before any window exists. Exits (0 for --help and --version, 2 for a
// bad option) when there is nothing to open.
std::optional<Script> readCommandLine(int argc, char** argv, int& exitCode) {
    CLI::App cli("KANN Studio: Koopman analysis of recurrent networks.", "kann-studio");
    Script script;
    kann::OptionValues source;
    defineOptions(cli, script, source);
    try {
        cli.parse(argc, argv);
        readFile(script);
        readSource(script, source);
        return script;
    } catch (const CLI::ParseError& e) {
        exitCode = e.get_exit_code() == 0 ? cli.exit(e) : 2;
        if (exitCode != 0) std::fprintf(stderr, "kann-studio: %s\n", e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kann-studio: %s\n", e.what());
        exitCode = 2;
    }
    return std::nullopt;
}

int main(int argc, char** argv) {
    QElapsedTimer sinceStart;
    sinceStart.start();
    int exitCode = 0;
    const std::optional<Script> parsed = readCommandLine(argc, argv, exitCode);
    if (!parsed) return exitCode;
    const Script& script = *parsed;
    QApplication app(argc, argv);
    QApplication::setOrganizationName("KANN");
    QApplication::setApplicationName("KANN Studio");
    QApplication::setApplicationVersion(KANN_VERSION);
    QGuiApplication::setDesktopFileName("kann-studio");  // the menu entry, so the desktop shows its icon

    MainWindow window;
    try {
        // Named on the command line: the user's own choice, like a file opened in the studio.
        for (const std::string& model : {script.spec ? script.spec->modelPath : std::string(), script.compare})
            if (!model.empty()) window.recentFiles()->trustForSession(q(model));
        if (script.wantsOutput()) {
            qint64 shownAt = -1, insightAt = -1;  // the start-up figures: the first spectrum, trust and meaning on screen
            QObject::connect(&window, &MainWindow::explorationShown, &window,
                             [&] { if (shownAt < 0) shownAt = sinceStart.elapsed(); });
            QObject::connect(window.selection(), &kann::ui::SelectionModel::insightChanged, &window, [&] {
                if (insightAt < 0 && window.selection()->insight()) insightAt = sinceStart.elapsed();
            });
            window.resize(script.width > 0 ? QSize(script.width, script.height) : QSize(1600, 1000));
            window.show();
            runScript(window, script);
            if (script.benchmark)
                std::printf("start to spectrum shown: %lld ms; to the trust and meaning figures: %lld ms; to the end of the "
                            "outputs: %lld ms\n",
                            static_cast<long long>(shownAt), static_cast<long long>(insightAt),
                            static_cast<long long>(sinceStart.elapsed()));
            return 0;
        }
        if (script.width > 0) window.resize(script.width, script.height);
        window.show();
        openInteractively(window, script);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kann-studio: %s\n", e.what());
        return 2;
    }
    return app.exec();
}
