#include "ui/main_window.h"

#include "core/common/error.h"
#include "core/insight/saved_exploration.h"
#include "ui/analysis_runner.h"
#include "ui/comparison_spectrum.h"
#include "ui/demo_catalog.h"
#include "ui/eigen_table.h"
#include "ui/export_manager.h"
#include "ui/insight_runner.h"
#include "ui/meaning_view.h"
#include "ui/mode_heatmap.h"
#include "ui/mode_timeline.h"
#include "ui/selection_model.h"
#include "ui/singular_values_view.h"
#include "ui/source_panel.h"
#include "ui/spectrum_view.h"
#include "ui/text_inspector.h"
#include "ui/trust_view.h"
#include "ui/waveform_inspector.h"
#include "ui/welcome_page.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <optional>
#include <utility>

// Resources of a static library are registered by hand, or the linker drops them.
static void initResources() { Q_INIT_RESOURCE(resources); }

namespace kann::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), selection_(new SelectionModel(this)), runner_(new AnalysisRunner(this)),
      insight_(new InsightRunner(this)), comparisonRunner_(new ComparisonRunner(this)) {
    initResources();
    setWindowTitle(tr("KANN Studio"));
    setWindowIcon(QIcon(":/icons/kann-studio.svg"));
    setAcceptDrops(true);
    pages_ = new QStackedWidget;
    welcome_ = new WelcomePage;
    pages_->addWidget(welcome_);
    buildWorkspace();
    setCentralWidget(pages_);

    source_ = new SourcePanel;
    auto* scroll = new QScrollArea;
    scroll->setWidget(source_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* dock = new QDockWidget(tr("Source"), this);
    dock->setObjectName("source-dock");
    dock->setWidget(scroll);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    resizeDocks({dock}, {330}, Qt::Horizontal);

    progress_ = new QProgressBar;
    progress_->setMaximumWidth(240);
    progress_->setVisible(false);
    stage_ = new QLabel;
    statusBar()->addWidget(stage_, 1);
    statusBar()->addPermanentWidget(progress_);
    buildMenus();

    connect(welcome_, &WelcomePage::demoRequested, this, &MainWindow::openDemo);
    connect(welcome_, &WelcomePage::openOwnRequested, this, &MainWindow::showWorkspace);
    connect(source_, &SourcePanel::runRequested, this, &MainWindow::run);
    connect(source_, &SourcePanel::cancelRequested, runner_, &AnalysisRunner::cancel);
    connect(source_, &SourcePanel::recentFilesChanged, this, &MainWindow::rebuildRecentMenu);
    connect(runner_, &AnalysisRunner::started, this, [this] {
        source_->setRunning(true);
        progress_->setValue(0);
        progress_->setVisible(true);
        stage_->setText(tr("Running…"));
    });
    connect(runner_, &AnalysisRunner::progress, this, [this](int percent, const QString& stage) {
        if (!runner_->isRunning()) return;  // a queued report may land after the result
        progress_->setValue(percent);
        stage_->setText(tr("Running: %1").arg(stage));
    });
    auto stopped = [this] {
        source_->setRunning(false);
        progress_->setVisible(false);
    };
    connect(runner_, &AnalysisRunner::finished, this, [this, stopped](std::shared_ptr<const Exploration> e) {
        stopped();
        showExploration(std::move(e));
    });
    connect(runner_, &AnalysisRunner::failed, this, [this, stopped](const QString& title, const QString& message) {
        stopped();
        stage_->setText(tr("The analysis failed."));
        showError(title, message);
    });
    connect(runner_, &AnalysisRunner::cancelled, this, [this, stopped] {
        stopped();
        stage_->setText(tr("Cancelled."));
    });
    connect(insight_, &InsightRunner::finished, this, [this](std::shared_ptr<const StudioInsight> insight) {
        selection_->setInsight(insight);
        if (!insight->lexiconError.isEmpty()) showError(tr("word list"), insight->lexiconError);
    });
    connect(insight_, &InsightRunner::failed, this, [this](const QString& title, const QString& message) {
        showError(title, tr("The trust and meaning figures could not be computed: %1").arg(message));
    });
    connect(comparisonRunner_, &ComparisonRunner::started, this, [this] { stage_->setText(tr("Computing the second spectrum…")); });
    connect(comparisonRunner_, &ComparisonRunner::finished, this, [this](std::shared_ptr<const SpectrumComparison> c) {
        selection_->setComparison(c);
        stage_->setText(tr("Overlaid %1: dominance-weighted shift of the eigenvalues %2")
                            .arg(c->label).arg(c->overlay.dominantShift, 0, 'g', 3));
    });
    connect(comparisonRunner_, &ComparisonRunner::failed, this, [this](const QString& title, const QString& message) {
        stage_->setText(tr("The comparison failed."));
        showError(title, message);
    });
    connect(meaning_, &MeaningView::loadWordListRequested, this, [this] {
        const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Load word list"), defaultLexiconFolder(),
                                                                tr("Word lists (*.txt *.tsv *.csv);;All files (*)"));
        if (!paths.isEmpty()) useWordLists(paths);
    });
    source_->restoreSettings();
    rebuildRecentMenu();
    resize(1500, 950);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildWorkspace() {
    spectrum_ = new SpectrumView(selection_);
    table_ = new EigenTable(selection_);
    auto* left = new QSplitter(Qt::Vertical);
    left->addWidget(spectrum_);
    left->addWidget(table_);
    comparison_ = new ComparisonSpectrum(selection_);
    comparison_->placeBeside(spectrum_);
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 2);

    text_ = new TextInspector(selection_);
    waveform_ = new WaveformInspector(selection_);
    heatmap_ = new ModeHeatmap(selection_);
    singular_ = new SingularValuesView(selection_);
    tabs_ = new QTabWidget;
    tabs_->addTab(text_, tr("Text"));
    tabs_->addTab(waveform_, tr("Series"));
    trust_ = new TrustView(selection_);
    meaning_ = new MeaningView(selection_);
    tabs_->addTab(trust_, tr("Trust"));
    tabs_->addTab(meaning_, tr("Meaning"));
    tabs_->addTab(heatmap_, tr("Heat map"));
    timeline_ = new ModeTimeline(selection_);
    tabs_->addTab(timeline_, tr("Modes over time"));
    tabs_->addTab(singular_, tr("Singular values"));
    // The tabs' object names are their keys in saved explorations.
    const std::pair<QWidget*, const char*> keys[] = {{text_, "text"}, {waveform_, "series"}, {trust_, "trust"},
                                                     {meaning_, "meaning"}, {heatmap_, "heatmap"},
                                                     {timeline_, "timeline"}, {singular_, "singular"}};
    for (auto [tab, key] : keys) tab->setObjectName(key);

    auto* workspace = new QSplitter(Qt::Horizontal);
    workspace->addWidget(left);
    workspace->addWidget(tabs_);
    workspace->setStretchFactor(0, 4);
    workspace->setStretchFactor(1, 5);
    workspace->setSizes({560, 700});
    pages_->addWidget(workspace);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Welcome page"), this, &MainWindow::showWelcome);
    file->addAction(tr("Open &model…"), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open model"), {},
                                                          tr("Models (*.pt *.pth *.ckpt *.ts);;All files (*)"));
        if (!path.isEmpty()) source_->openPath(path), showWorkspace();
    });
    file->addAction(tr("Open &dataset…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open dataset"));
        if (!path.isEmpty()) source_->openPath(path), showWorkspace();
    });
    recentMenu_ = file->addMenu(tr("&Recent files"));
    file->addSeparator();
    file->addAction(tr("&Save exploration…"), QKeySequence::Save, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save exploration"), "exploration.kann.json",
                                                          tr("KANN exploration (*.json)"));
        if (path.isEmpty()) return;
        try {
            saveExploration(path);
            stage_->setText(tr("Saved %1").arg(path));
        } catch (const InputError& e) {
            showError(QString::fromStdString(e.source()), QString::fromStdString(e.what()));
        }
    });
    file->addAction(tr("Open e&xploration…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open exploration"), {},
                                                          tr("KANN exploration (*.json);;All files (*)"));
        if (!path.isEmpty()) restoreExploration(path);
    });
    QMenu* demos = file->addMenu(tr("Open d&emo"));
    for (const QString& name : demoNames()) demos->addAction(name, this, [this, name] { openDemo(name); });
    file->addSeparator();
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    const std::pair<const char*, const char*> views[] = {
        {"spectrum", "Spectrum…"}, {"text", "Coloured text figure…"}, {"series", "Coloured series…"},
        {"decoding", "Decoding (median ± MAD)…"}, {"heatmap", "Heat map…"}, {"singular", "Singular values…"},
        {"prediction", "Prediction error and readout…"}, {"tracks", "Eigenvalue tracks over k…"},
        {"lexicon", "Lexicon check…"}};
    for (auto [view, label] : views)
        exportMenu->addAction(tr(label), this, [this, v = QString(view)] { exportInteractively(v); });
    exportMenu->addSeparator();
    exportMenu->addAction(tr("Whole window as PNG…"), this, [this] { exportInteractively("window"); });
    exportMenu->addAction(tr("Results (CSV or JSON)…"), this, &MainWindow::exportResultsInteractively);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Reset spectrum view"), QKeySequence(Qt::Key_R | Qt::ControlModifier), spectrum_,
                    &SpectrumView::resetView);
    view->addAction(tr("&Most dominant mode"), QKeySequence(Qt::Key_Home | Qt::ControlModifier), this,
                    [this] { selection_->stepByDominance(-(1 << 20)); });
    view->addAction(tr("Next mode by dominance"), QKeySequence(Qt::Key_BracketRight), this,
                    [this] { selection_->stepByDominance(+1); });
    view->addAction(tr("Previous mode by dominance"), QKeySequence(Qt::Key_BracketLeft), this,
                    [this] { selection_->stepByDominance(-1); });
    view->addAction(tr("Next review"), QKeySequence(Qt::Key_PageDown), this, [this] { selection_->stepReview(+1); });
    view->addAction(tr("Previous review"), QKeySequence(Qt::Key_PageUp), this, [this] { selection_->stepReview(-1); });

    QMenu* insight = menuBar()->addMenu(tr("&Insight"));
    insight->addAction(tr("Compare with another &checkpoint…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Compare with checkpoint"), {},
                                                          tr("Models (*.pt *.pth *.ckpt *.ts);;All files (*)"));
        if (!path.isEmpty()) compareWithCheckpoint(path);
    });
    insight->addAction(tr("Compare with the &next batch"), this, &MainWindow::compareWithNextBatch);
    insight->addAction(tr("C&lear the comparison"), this, &MainWindow::clearComparison);
    insight->addSeparator();
    insight->addAction(tr("Load &word list…"), meaning_, &MeaningView::loadWordListRequested);
    insight->addAction(tr("Use the shared &opinion lexicon"), this, [this] { useWordLists({}); });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About KANN Studio"), this, [this] {
        QMessageBox::about(this, tr("About KANN Studio"),
                           tr("<h3>KANN Studio</h3><p>Koopman analysis of recurrent neural networks, after "
                              "Naiman &amp; Azencot, <i>A Koopman Approach to Understanding Sequence Neural "
                              "Models</i> (AAAI 2023, arXiv 2102.07824).</p>"
                              "<p>Click an eigenvalue to see what its mode follows; arrow keys in the spectrum "
                              "step through modes by dominance.</p>"));
    });
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = source_->recentFiles();
    for (const QString& path : recent)
        recentMenu_->addAction(QFileInfo(path).fileName() + "  —  " + path, this, [this, path] {
            source_->openPath(path);
            showWorkspace();
        });
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::showWelcome() { pages_->setCurrentWidget(welcome_); }
void MainWindow::showWorkspace() { pages_->setCurrentIndex(1); }

void MainWindow::run(const SourceSpec& spec) {
    showWorkspace();
    source_->setSpec(spec);
    if (!runner_->start(spec)) stage_->setText(tr("An analysis is already running."));
}

bool MainWindow::openDemo(const QString& name) {
    try {
        const Demo demo = loadDemo(name);
        pendingSelect_ = demo.select;
        pendingReview_ = demo.review;
        timeline_->setPhases(demo.phases, QString::fromStdString(demo.spec.dataPath));
        comparison_->compareWith(QString::fromStdString(demo.spec.modelPath), demo.untrainedModel, tr("Before training"));
        setWindowTitle(tr("KANN Studio — %1").arg(demo.title));
        run(demo.spec);
        return true;
    } catch (const InputError& e) {
        showError(QString::fromStdString(e.source()), QString::fromStdString(e.what()));
        return false;
    }
}

void MainWindow::waitForAnalysis() {
    runner_->wait();
    QApplication::processEvents();
    comparison_->wait();  // started by the result just shown
    insight_->wait();
    comparisonRunner_->wait();
    QApplication::processEvents();
}

void MainWindow::startInsight() {
    const std::shared_ptr<const Exploration> e = selection_->sharedExploration();
    if (!e) return;
    QStringList lexicon;
    if (e->isText()) lexicon = wordLists_.isEmpty() && !defaultLexiconFolder().isEmpty() ? QStringList{defaultLexiconFolder()} : wordLists_;
    insight_->start(e, lexicon);
}

void MainWindow::useWordLists(const QStringList& paths) {
    wordLists_ = paths;
    selection_->setInsight(nullptr);  // the tabs say "computing" until the new check is in
    startInsight();
}

void MainWindow::compareWith(const SourceSpec& other, const QString& label) {
    const std::shared_ptr<const Exploration> e = selection_->sharedExploration();
    if (!e) return showError(tr("comparison"), tr("Run an analysis first: the comparison is overlaid on it."));
    comparisonRunner_->start(e, other, label);
}

void MainWindow::compareWithCheckpoint(const QString& modelPath) {
    const Exploration* e = selection_->exploration();
    if (!e) return showError(tr("comparison"), tr("Run an analysis first: the comparison is overlaid on it."));
    SourceSpec other = e->spec;
    other.modelPath = modelPath.toStdString();
    compareWith(other, QFileInfo(modelPath).fileName());
}

void MainWindow::compareWithNextBatch() {
    const Exploration* e = selection_->exploration();
    if (!e) return showError(tr("comparison"), tr("Run an analysis first: the comparison is overlaid on it."));
    SourceSpec other = e->spec;
    other.selection.offset += e->result.batch;
    compareWith(other, tr("batch at offset %1").arg(other.selection.offset));
}

void MainWindow::clearComparison() {
    comparisonRunner_->cancel();
    selection_->setComparison(nullptr);
}

void MainWindow::showExploration(std::shared_ptr<const Exploration> exploration) {
    const bool text = exploration->isText();
    source_->describe(*exploration);
    selection_->setExploration(std::move(exploration));
    const Exploration& e = *selection_->exploration();
    if (pendingSelect_ >= 0) selection_->selectMode(pendingSelect_);
    selection_->setReview(pendingReview_);
    pendingSelect_ = -1;
    pendingReview_ = 0;
    tabs_->setTabEnabled(tabs_->indexOf(text_), text);
    tabs_->setTabEnabled(tabs_->indexOf(waveform_), !text);
    tabs_->setTabEnabled(tabs_->indexOf(meaning_), text);
    tabs_->setCurrentWidget(text ? static_cast<QWidget*>(text_) : waveform_);
    applyViewSettings(std::exchange(pendingView_, {}));
    startInsight();
    double total = 0;
    for (const auto& [stage, ms] : e.result.timingsMs) total += ms;
    const QString model = e.network ? QString::fromStdString(e.network->info().summary()) : tr("saved states");
    stage_->setText(tr("%1 · %2 sequences × %3 steps · k = %4 · fit residual %5 · %6 ms")
                        .arg(model).arg(e.result.batch).arg(e.result.time).arg(e.result.k)
                        .arg(e.result.residual, 0, 'g', 3).arg(total, 0, 'f', 0));
    emit explorationShown();
}

namespace {

const std::pair<Colouring, const char*> kColourings[] = {
    {Colouring::Magnitude, "magnitude"}, {Colouring::Signed, "signed"}, {Colouring::Kick, "kick"}};
const std::pair<ReconstructionForm, const char*> kForms[] = {
    {ReconstructionForm::PaperAbsolute, "paper"}, {ReconstructionForm::ExactRealPart, "exact"}};

// A {value, name} table read both ways: the name of a value, the value of a name (or none).
template <typename T, std::size_t N>
const char* nameOf(const std::pair<T, const char*> (&table)[N], T value) {
    for (const auto& [v, n] : table)
        if (v == value) return n;
    return table[0].second;
}
template <typename T, std::size_t N>
std::optional<T> valueOf(const std::pair<T, const char*> (&table)[N], const std::string& name) {
    for (const auto& [v, n] : table)
        if (name == n) return v;
    return std::nullopt;
}

std::string setting(const std::map<std::string, std::string>& view, const char* key) {
    const auto it = view.find(key);
    return it == view.end() ? std::string() : it->second;
}

}  // namespace

std::map<std::string, std::string> MainWindow::viewSettings() const {
    std::map<std::string, std::string> view = {
        {"tab", tabs_->currentWidget()->objectName().toStdString()},
        {"colouring", nameOf(kColourings, selection_->colouring())},
        {"colour_map", ColourScale::name(selection_->colourMap()).toStdString()},
        {"reconstruction", nameOf(kForms, waveform_->form())}};
    if (!wordLists_.isEmpty()) view["word_lists"] = wordLists_.join('\n').toStdString();
    if (const SpectrumComparison* c = selection_->comparison()) {
        view["compare_model"] = c->spec.modelPath;
        view["compare_offset"] = std::to_string(c->spec.selection.offset);
        view["compare_label"] = c->label.toStdString();
    }
    return view;
}

void MainWindow::applyViewSettings(const std::map<std::string, std::string>& view) {
    if (view.empty()) return;
    if (const auto c = valueOf(kColourings, setting(view, "colouring"))) selection_->setColouring(*c);
    if (const std::string map = setting(view, "colour_map"); !map.empty())
        selection_->setColourMap(ColourScale::fromName(QString::fromStdString(map)));
    if (const auto f = valueOf(kForms, setting(view, "reconstruction"))) waveform_->setForm(*f);
    showTab(QString::fromStdString(setting(view, "tab")));
    const std::string lists = setting(view, "word_lists");
    wordLists_ = lists.empty() ? QStringList() : QString::fromStdString(lists).split('\n');
    if (const std::string model = setting(view, "compare_model"); !model.empty()) {
        SourceSpec other = selection_->exploration()->spec;
        other.modelPath = model;
        other.selection.offset = QString::fromStdString(setting(view, "compare_offset")).toInt();
        compareWith(other, QString::fromStdString(setting(view, "compare_label")));
    }
}

bool MainWindow::showTab(const QString& key) {
    for (int i = 0; i < tabs_->count(); ++i)
        if (tabs_->widget(i)->objectName() == key && tabs_->isTabEnabled(i)) {
            tabs_->setCurrentIndex(i);
            return true;
        }
    return false;
}

void MainWindow::saveExploration(const QString& path) {
    const Exploration* e = selection_->exploration();
    if (!e) throw InputError(path.toStdString(), "there is no exploration to save yet: run an analysis first");
    kann::saveExploration(describeExploration(e->spec, selection_->mode(), selection_->review(), viewSettings()),
                          path.toStdString());
}

bool MainWindow::restoreExploration(const QString& path) {
    try {
        const RestoredExploration restored = openExploration(path.toStdString());
        lastWarnings_.clear();
        for (const std::string& w : restored.warnings) lastWarnings_ << QString::fromStdString(w);
        pendingSelect_ = restored.saved.selectedMode;
        pendingReview_ = std::max(0, restored.saved.selectedReview);
        pendingView_ = restored.saved.view;
        setWindowTitle(tr("KANN Studio — %1").arg(QFileInfo(path).fileName()));
        run(restored.saved.spec);
        if (!lastWarnings_.isEmpty()) showWarnings(lastWarnings_);
        return true;
    } catch (const InputError& e) {
        showError(QString::fromStdString(e.source()), QString::fromStdString(e.what()));
        return false;
    }
}

void MainWindow::showWarnings(const QStringList& warnings) {
    const QString message = tr("The exploration was reopened, but its files changed since it was saved, so "
                               "the figures may differ from the saved ones:\n\n• %1").arg(warnings.join("\n• "));
    emit warningShown(message);
    auto* box = new QMessageBox(QMessageBox::Information, tr("KANN Studio — files changed"), message, QMessageBox::Ok, this);
    box->setObjectName("warningDialog");
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::NonModal);
    box->show();
}

void MainWindow::showError(const QString& title, const QString& message) {
    lastError_ = message;
    emit errorShown(title, message);
    // Non-modal: the window stays usable and scripts or tests can find and close the dialog.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("KANN Studio — problem with %1").arg(title.isEmpty() ? tr("the input") : title),
                                message, QMessageBox::Ok, this);
    box->setObjectName("errorDialog");
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::NonModal);
    box->show();
}

QStringList MainWindow::exportableViews() {
    return {"spectrum", "text", "series", "decoding", "heatmap", "singular", "prediction", "tracks", "lexicon",
            "window", "results"};
}

QStringList MainWindow::applicableViews() const {
    const Exploration* e = selection_->exploration();
    if (!e) return {};
    const bool decoder = e->network && e->network->info().decoderOutputs > 0;
    const StudioInsight* insight = selection_->insight();
    QStringList views{"spectrum"};
    views << (e->isText() ? "text" : "series");
    if (!e->isText() && decoder) views << "decoding";
    views << "heatmap" << "singular" << "prediction" << "tracks";
    if (insight && insight->report.lexicon) views << "lexicon";
    return views;
}

void MainWindow::exportView(const QString& view, const QString& path, double scale) {
    const Exploration* e = selection_->exploration();
    if (!exportableViews().contains(view))
        throw InputError("--export-figure", "unknown view \"" + view.toStdString() + "\" (choose one of " +
                                                exportableViews().join(", ").toStdString() + ")");
    if (view == "window") return exporting::saveWindow(this, path);
    if (!e) throw InputError(view.toStdString(), "there is no analysis to export yet");
    if (view == "results") {
        if (path.endsWith(".json", Qt::CaseInsensitive)) exporting::saveResultsJson(*e, selection_->mode(), path);
        else exporting::saveResultsCsv(*e, selection_->mode(), path);
        return;
    }
    if (view == "text") {
        if (!e->isText()) throw InputError("text", "the dataset is not text");
        return exporting::saveFigure(text_->figure(), path, scale);
    }
    if (view == "prediction" || view == "tracks" || view == "lexicon") {
        const StudioInsight* insight = selection_->insight();
        if (!insight) throw InputError(view.toStdString(), "the trust and meaning figures are still being computed");
        if (view == "lexicon" && !insight->report.lexicon)
            throw InputError("lexicon", "there is no lexicon check: " + insight->lexiconSource.toStdString());
        QCustomPlot* plot = view == "prediction" ? trust_->predictionPlot()
                            : view == "tracks" ? trust_->tracksPlot() : meaning_->lexiconPlot();
        const QSize size = view == "tracks" ? QSize(640, 640) : QSize(820, 500);
        return exporting::savePlot(plot, path, scale, size);
    }
    if ((view == "series" || view == "decoding") && e->isText())
        throw InputError(view.toStdString(), "the dataset is not a series dataset");
    if (view == "decoding" && !(e->network && e->network->info().decoderOutputs > 0))
        throw InputError("decoding", "the model has no decoder");
    if (view == "heatmap") heatmap_->refresh();
    if (view == "decoding") waveform_->refreshDecoding();
    QCustomPlot* plot = view == "spectrum" ? static_cast<QCustomPlot*>(spectrum_)
                        : view == "series" ? waveform_->seriesPlot()
                        : view == "decoding" ? waveform_->decodingPlot()
                        : view == "heatmap" ? static_cast<QCustomPlot*>(heatmap_)
                                            : static_cast<QCustomPlot*>(singular_);
    // A figure's size is the author's choice, not the window's: fixed sizes per view.
    const QSize size = view == "spectrum" ? QSize(620, 540) : view == "singular" ? QSize(700, 450)
                       : view == "series" ? QSize(900, 620) : QSize(900, 520);
    exporting::savePlot(plot, path, scale, size);
}

void MainWindow::exportInteractively(const QString& view) {
    const QString filter = view == "window" ? tr("PNG image (*.png)") : exporting::figureFilter();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export %1").arg(view), view + ".png", filter);
    if (path.isEmpty()) return;
    try {
        exportView(view, path);
        stage_->setText(tr("Wrote %1").arg(path));
    } catch (const InputError& e) {
        showError(QString::fromStdString(e.source()), QString::fromStdString(e.what()));
    }
}

void MainWindow::exportResultsInteractively() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export results"), "spectrum.csv",
                                                      tr("CSV (*.csv);;JSON (*.json)"));
    if (path.isEmpty()) return;
    try {
        exportView("results", path);
        stage_->setText(tr("Wrote %1").arg(path));
    } catch (const InputError& e) {
        showError(QString::fromStdString(e.source()), QString::fromStdString(e.what()));
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    source_->saveSettings();
    runner_->cancel();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) source_->openPath(url.toLocalFile());
    showWorkspace();
    event->acceptProposedAction();
}

}  // namespace kann::ui
