#include "ui/window/main_window.h"

#include "core/common/error.h"
#include "core/insight/saved_exploration.h"
#include "ui/runners/analysis_runner.h"
#include "ui/views/comparison_spectrum.h"
#include "ui/window/demo_catalog.h"
#include "ui/views/eigen_table.h"
#include "ui/runners/exploration_file_runner.h"
#include "ui/runners/results_export_runner.h"
#include "ui/window/export_manager.h"
#include "ui/base/glossary.h"
#include "ui/runners/insight_runner.h"
#include "ui/views/meaning_view.h"
#include "ui/views/removal_view.h"
#include "ui/runners/ablation_runner.h"
#include "ui/views/valence_list.h"
#include "ui/views/mode_heatmap.h"
#include "ui/views/mode_timeline.h"
#include "ui/panels/page_bar.h"
#include "ui/runners/page_runner.h"
#include "ui/base/plot_style.h"
#include "ui/window/recent_files.h"
#include "ui/base/selection_model.h"
#include "ui/views/singular_values_view.h"
#include "ui/runners/fixed_points_runner.h"
#include "ui/views/fixed_points_view.h"
#include "ui/panels/source_panel.h"
#include "ui/views/spectrum_view.h"
#include "ui/window/timeline_manager.h"
#include "ui/panels/training_timeline.h"
#include "ui/views/text_inspector.h"
#include "ui/views/trust_view.h"
#include "ui/views/waveform_inspector.h"
#include "ui/panels/welcome_page.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QProgressDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>
#include <optional>
#include <tuple>
#include <utility>

// Resources of a static library are registered by hand, or the linker drops them.
static void initResources() { Q_INIT_RESOURCE(resources); }

namespace kann::ui {

namespace {

// Non-modal, so the window stays usable and scripts or tests can find the box and close it.
void showNonModal(QWidget* parent, QMessageBox::Icon icon, const char* name, const QString& title,
                  const QString& text) {
    auto* box = new QMessageBox(icon, title, text, QMessageBox::Ok, parent);
    box->setObjectName(name);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::NonModal);
    box->show();
}

const std::pair<Colouring, const char*> kColourings[] = {
    {Colouring::Magnitude, "magnitude"}, {Colouring::Signed, "signed"}, {Colouring::Kick, "kick"},
    {Colouring::InputKick, "input-kick"}};
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

// The word lists a saved view chose (empty: the shared opinion lexicon).
QStringList wordListsOf(const std::map<std::string, std::string>& view) {
    const std::string lists = setting(view, "word_lists");
    return lists.empty() ? QStringList() : QString::fromStdString(lists).split('\n');
}

// The lexicon checked with `wordLists` chosen: those, or the shared opinion lexicon when there is one.
QStringList lexiconOf(const QStringList& wordLists) {
    return wordLists.isEmpty() && !defaultLexiconFolder().isEmpty() ? QStringList{defaultLexiconFolder()} : wordLists;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), selection_(new SelectionModel(this)), runner_(new AnalysisRunner(this)), pager_(new PageRunner(this)),
      insight_(new InsightRunner(this)), comparisonRunner_(new ComparisonRunner(this)),
      ablation_(new AblationRunner(this)), files_(new ExplorationFileRunner(this)),
      exports_(new ResultsExportRunner(this)), recent_(new RecentFiles(this)) {
    initResources();
    setWindowTitle(tr("KANN Studio"));
    setWindowIcon(QIcon(":/icons/kann-studio.svg"));
    setAcceptDrops(true);
    reportError_ = [this](const QString& title, const QString& message) {
        showNonModal(this, QMessageBox::Warning, "errorDialog",
                     tr("KANN Studio — problem with %1").arg(title.isEmpty() ? tr("the input") : title), message);
    };
    pages_ = new QStackedWidget;
    welcome_ = new WelcomePage;
    // Three demo cards side by side are wider than a small screen's height allows below them.
    auto* welcomeScroll = new QScrollArea;
    welcomeScroll->setWidget(welcome_);
    welcomeScroll->setWidgetResizable(true);
    welcomeScroll->setFrameShape(QFrame::NoFrame);
    pages_->addWidget(welcomeScroll);
    buildWorkspace();
    setCentralWidget(pages_);
    buildSourceDock();
    buildStatusBar();
    buildMenus();
    connectAnalysis();
    connectSideRunners();
    connectRemoval();
    connectTimeline();
    connectPages();
    connect(welcome_, &WelcomePage::demoRequested, this, &MainWindow::openDemo);
    connect(welcome_, &WelcomePage::openOwnRequested, this, &MainWindow::openOwnFiles);
    connect(recent_, &RecentFiles::changed, this, &MainWindow::rebuildRecentMenu);
    source_->restoreSettings();
    rebuildRecentMenu();
    showWelcome();
    resize(1500, 950);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildWorkspace() {
    spectrum_ = new SpectrumView(selection_);
    table_ = new EigenTable(selection_);
    auto* left = new QSplitter(Qt::Vertical);
    left->addWidget(spectrum_);
    left->addWidget(tableWithSortLine());
    comparison_ = new ComparisonSpectrum(selection_);
    QWidget* spectra = comparison_->placeBeside(spectrum_);
    training_ = new TimelineManager(selection_, spectrum_, this);
    // Under the spectra it moves through, above the table.
    left->insertWidget(left->indexOf(spectra) + 1, training_->panel());
    left->setStretchFactor(left->indexOf(spectra), 3);
    left->setStretchFactor(left->indexOf(training_->panel()), 0);
    left->setStretchFactor(left->count() - 1, 2);

    text_ = new TextInspector(selection_);
    waveform_ = new WaveformInspector(selection_);
    trust_ = new TrustView(selection_);
    meaning_ = new MeaningView(selection_);
    heatmap_ = new ModeHeatmap(selection_);
    timeline_ = new ModeTimeline(selection_);
    singular_ = new SingularValuesView(selection_);
    fixedPoints_ = new FixedPointsView(selection_);
    fixedPoints_->overlayOn(spectrum_);
    tabs_ = new QTabWidget;
    // The object names are the tabs' keys in saved explorations and demo.json.
    const std::tuple<QWidget*, const char*, QString> tabs[] = {
        {text_, "text", tr("Text")},           {waveform_, "series", tr("Series")},
        {trust_, "trust", tr("Trust")},        {meaning_, "meaning", tr("Meaning")},
        {heatmap_, "heatmap", tr("Heat map")}, {timeline_, "timeline", tr("Modes over time")},
        {singular_, "singular", tr("Singular values")}, {fixedPoints_, "fixed-points", tr("Fixed points")}};
    for (const auto& [tab, key, title] : tabs) {
        tab->setObjectName(key);
        tabs_->addTab(tab, title);
    }
    // The search takes seconds to minutes: it runs when its tab is first brought to the front.
    connect(tabs_, &QTabWidget::currentChanged, this, [this] {
        if (tabs_->currentWidget() == fixedPoints_) fixedPoints_->searchIfNeeded();
    });

    // The page bar steps every tab through a streamed batch, so it sits above them all.
    pageBar_ = new PageBar(selection_);
    auto* workspace = new QSplitter(Qt::Horizontal);
    workspace->addWidget(left);
    workspace->addWidget(plot_style::underHeading(pageBar_, tabs_));
    workspace->setStretchFactor(0, 4);
    workspace->setStretchFactor(1, 5);
    workspace->setSizes({560, 700});
    pages_->addWidget(workspace);
}

// The table under one line that says how its rows are sorted (and so what the arrow keys step by).
QWidget* MainWindow::tableWithSortLine() {
    auto* sortLine = new QLabel(table_->sortLine());
    sortLine->setObjectName("tableSort");
    sortLine->setStyleSheet("color: #555");
    sortLine->setWordWrap(true);  // the hidden columns' names must not hold the column wide
    sortLine->setToolTip(tr("Click a column's header to sort by it; Home and End jump to the first and last row. "
                            "Drag the divider to the right of the table to make room for the hidden columns"));
    connect(table_, &EigenTable::sortChanged, sortLine, &QLabel::setText);
    return plot_style::underHeading(sortLine, table_);
}

void MainWindow::buildSourceDock() {
    source_ = new SourcePanel(recent_);
    auto* dock = new QDockWidget(tr("Source"), this);
    sourceDock_ = dock;
    dock->setObjectName("source-dock");
    dock->setWidget(source_);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    resizeDocks({dock}, {330}, Qt::Horizontal);
    connect(source_, &SourcePanel::runRequested, this, &MainWindow::run);
    connect(source_, &SourcePanel::cancelRequested, runner_, &AnalysisRunner::cancel);
}

void MainWindow::buildStatusBar() {
    stage_ = new QLabel;
    stage_->setObjectName("status");
    stage_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // a long status never widens the window
    statusBar()->addWidget(stage_, 1);
}

void MainWindow::connectAnalysis() {
    connect(runner_, &AnalysisRunner::started, this, [this] {
        source_->setRunning(true);
        stage_->setText(tr("Running…"));
    });
    connect(runner_, &AnalysisRunner::progress, this, [this](int percent, const QString& stage) {
        if (!runner_->isRunning()) return;  // a queued report may land after the result
        source_->setProgress(percent, stage);
        stage_->setText(tr("Running: %1").arg(stage));
    });
    auto stopped = [this](const QString& status) {
        source_->setRunning(false);
        if (!status.isEmpty()) stage_->setText(status);
    };
    runner_->onFinished(this, [this, stopped](std::shared_ptr<const StudioRun> run) {
        stopped({});
        // Only files that loaded become recent files: the list is what can be opened again.
        recent_->rememberRun(sourceValues(run->shown->spec));
        showRun(run->shown, run->whole, run->insight);
    });
    connect(runner_, &AnalysisRunner::failed, this, [this, stopped](const QString& title, const QString& message) {
        stopped(tr("The analysis failed: nothing is shown until a run succeeds."));
        // The figures of the last run would sit under fields naming other files: clear them.
        selection_->setExploration(nullptr);
        // Under its field, the refusal stays in view with the values that settle it offered.
        source_->readFiles();
        showError(title, message);
        source_->showRefusal(title, message);
    });
    connect(runner_, &AnalysisRunner::cancelled, this, [stopped, this] { stopped(tr("Cancelled.")); });
}

// The work that follows an analysis (trust and meaning, comparisons) and saved explorations.
void MainWindow::connectSideRunners() {
    connectInsight();
    connectExports();
    connect(comparisonRunner_, &ComparisonRunner::started, this, [this] { stage_->setText(tr("Computing the second spectrum…")); });
    connect(comparisonRunner_, &ComparisonRunner::progress, this, [this](int percent, const QString& stage) {
        if (comparisonRunner_->isRunning()) stage_->setText(tr("Computing the second spectrum: %1, %2 %").arg(stage).arg(percent));
    });
    comparisonRunner_->onFinished(this, [this](std::shared_ptr<const SpectrumComparison> c) {
        selection_->setComparison(c);
        stage_->setText(tr("Overlaid %1: dominance-weighted shift of the eigenvalues %2")
                            .arg(c->label).arg(c->overlay.dominantShift, 0, 'g', 3));
    });
    connect(files_, &ExplorationFileRunner::started, this, [this] { stage_->setText(tr("Checking the files (SHA-256)…")); });
    files_->onFinished(this, [this](std::shared_ptr<const ExplorationFile> file) {
        if (file->restored) return runRestored(*file->restored, file->path);
        stage_->setText(tr("Saved %1").arg(file->path));
        emit explorationSaved(file->path);
    });
    const std::pair<BackgroundRunner*, QString> failures[] = {
        {comparisonRunner_, tr("The comparison failed.")},
        {files_, tr("The exploration could not be saved or reopened.")}};
    for (const auto& [runner, status] : failures)
        connect(runner, &BackgroundRunner::failed, this, [this, status = status](const QString& title, const QString& message) {
            stage_->setText(status);
            showError(title, message);
        });
}

bool MainWindow::insightStreams() const {
    const std::shared_ptr<const Exploration> e = selection_->sharedWhole();
    return e && e->result.streamed && !runner_->isRunning();
}

// A streamed batch checks a word list loaded after its run over every sequence again: on the
// source panel's bar, with its Cancel, the figures shown staying until the new ones are in.
void MainWindow::connectInsight() {
    const auto stopped = [this](const QString& status) {
        if (!insightStreams()) return;
        source_->setRunning(false);
        stage_->setText(status);
    };
    insight_->onFinished(this, [this, stopped](std::shared_ptr<const StudioInsight> insight) {
        stopped(tr("Trust and meaning: %1").arg(insight->lexiconSource));
        selection_->setInsight(insight);
        if (!insight->lexiconError.isEmpty()) showError(tr("word list"), insight->lexiconError);
    });
    connect(insight_, &InsightRunner::failed, this, [this, stopped](const QString& title, const QString& message) {
        stopped(tr("The trust and meaning figures could not be computed."));
        showError(title, tr("The trust and meaning figures could not be computed: %1").arg(message));
    });
    connect(insight_, &InsightRunner::cancelled, this, [stopped] {
        stopped(tr("Cancelled: Trust and Meaning still show the word list checked before."));
    });
    connect(insight_, &InsightRunner::started, this, [this] {
        if (insightStreams()) source_->setRunning(true);
    });
    connect(insight_, &InsightRunner::progress, this, [this](int percent, const QString& stage) {
        if (!insightStreams() || !insight_->isRunning()) return;
        source_->setProgress(percent, tr("word list: %1").arg(stage));
        stage_->setText(tr("Checking the word list over every sequence again (a streamed run holds no states): %1, %2 %")
                            .arg(stage).arg(percent));
    });
    connect(source_, &SourcePanel::cancelRequested, this, [this] {
        if (insightStreams()) insight_->cancel();
    });
}

// A streamed batch's results take a pass over every sequence: a progress dialog with Cancel.
void MainWindow::connectExports() {
    // Made for each export and gone after it: the window holds no progress bar while nothing runs.
    const auto closeDialog = [this] {
        if (auto* dialog = findChild<QProgressDialog*>("exportProgress")) dialog->deleteLater();
    };
    connect(exports_, &ResultsExportRunner::started, this, [this] {
        auto* dialog = new QProgressDialog(this);
        dialog->setObjectName("exportProgress");
        dialog->setWindowTitle(tr("Exporting the results"));
        auto* label = new QLabel(tr("Writing |φ| of mode %1 for every one of the %2 sequences, a page at a time "
                                    "(each page runs through the network again)…")
                                     .arg(selection_->mode()).arg(selection_->sequenceCount()));
        label->setWordWrap(true);  // a long sentence never makes the dialog wider than a small screen
        label->setMinimumWidth(420);
        dialog->setLabel(label);
        dialog->setAutoReset(false);
        dialog->setMinimumDuration(0);
        connect(dialog, &QProgressDialog::canceled, exports_, &ResultsExportRunner::cancel);
        connect(exports_, &ResultsExportRunner::progress, dialog, [dialog](int percent) { dialog->setValue(percent); });
        dialog->setValue(0);
        dialog->show();
    });
    exports_->onFinished(this, [this, closeDialog](std::shared_ptr<const QStringList> written) {
        closeDialog();
        stage_->setText(tr("Wrote %1").arg(written->join(", ")));
    });
    connect(exports_, &ResultsExportRunner::cancelled, this, [this, closeDialog] {
        closeDialog();
        stage_->setText(tr("Export cancelled: no |φ| file was left."));
    });
    connect(exports_, &ResultsExportRunner::failed, this, [this, closeDialog](const QString& title, const QString& message) {
        closeDialog();
        stage_->setText(tr("The export failed."));
        showError(title, message);
    });
}

void MainWindow::connectRemoval() {
    RemovalView* view = trust_->removalView();
    connect(view, &RemovalView::removeRequested, this, &MainWindow::removeSelectedMode);
    connect(view, &RemovalView::cancelRequested, ablation_, &AblationRunner::cancel);
    connect(ablation_, &AblationRunner::progress, view, &RemovalView::setProgress);
    ablation_->onFinished(this, [this, view](std::shared_ptr<const StudioAblation> a) {
        view->setRunning(false);
        selection_->addAblation(a);
        const AblationEffect& removed = a->ablation().removed;
        stage_->setText(tr("Removing %1 moved the %2 by %3 on average; a random edit of the same size by %4")
                            .arg(modesText(a->ablation().modes), QString::fromStdString(a->report.output))
                            .arg(removed.meanAbsDeltaOutput, 0, 'g', 3)
                            .arg(a->ablation().control.meanAbsDeltaOutput, 0, 'g', 3));
    });
    connect(ablation_, &AblationRunner::cancelled, this, [this, view] {
        view->setRunning(false);
        stage_->setText(tr("Mode removal cancelled."));
    });
    connect(ablation_, &AblationRunner::failed, this, [this, view](const QString& title, const QString& message) {
        view->setRunning(false);
        showError(title, tr("The mode could not be removed: %1").arg(message));
    });
    // Right-click on the spectrum or the table: the same action on the selected eigenvalue.
    for (QWidget* w : {static_cast<QWidget*>(spectrum_), static_cast<QWidget*>(table_)}) {
        w->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(w, &QWidget::customContextMenuRequested, this, [this, w](const QPoint& at) {
            QMenu menu;
            menu.addAction(removeModeText(*selection_), this, &MainWindow::removeSelectedMode)
                ->setEnabled(canRemoveModes(*selection_) && !ablation_->isRunning());
            menu.exec(w->mapToGlobal(at));
        });
    }
}

void MainWindow::removeSelectedMode() {
    if (!canRemoveModes(*selection_)) return;
    trust_->removalView()->setRunning(true);
    stage_->setText(tr("%1…").arg(removeModeText(*selection_)));
    ablation_->start(selection_->sharedWhole(), selection_->mode());
}

void MainWindow::connectTimeline() {
    connect(training_, &TimelineManager::started, this, [this] { stage_->setText(tr("Analysing the training snapshots…")); });
    connect(training_, &TimelineManager::progress, this, [this](int percent, const QString& stage) {
        stage_->setText(tr("Training timeline: %1 (%2%)").arg(stage).arg(percent));
    });
    connect(training_, &TimelineManager::failed, this, [this](const QString& title, const QString& message) {
        stage_->setText(tr("The training timeline failed."));
        showError(title, message);
    });
    connect(training_, &TimelineManager::opened, this, [this] {
        stage_->setText(tr("Training timeline: drag the slider or press Play to watch the spectrum through training."));
    });
    connect(training_, &TimelineManager::explorationReady, this, &MainWindow::showExploration);
    connect(training_, &TimelineManager::frameShown, this, [this](bool playing) {
        showStatus(*selection_->exploration());
        if (!playing) startInsight();  // trust and meaning follow once the film stops
    });
}

void MainWindow::connectPages() {
    connect(selection_, &SelectionModel::pageWanted, this, [this](int first, int count, int review) {
        pageBar_->setLoading(first, count);
        stage_->setText(tr("Running sequences %1–%2 through the network…").arg(first + 1).arg(first + count));
        pager_->request(first, count, review);
    });
    connect(pager_, &PageRunner::ready, this, [this](std::shared_ptr<const Exploration> page, int review) {
        selection_->turnPage(std::move(page), review);
        showStatus(*selection_->sharedWhole());
        prefetchNextPage();
    });
    connect(pager_, &PageRunner::failed, this, [this](const QString& title, const QString& message) {
        stage_->setText(tr("The page could not be shown."));
        showError(title, message);
    });
}

void MainWindow::prefetchNextPage() {
    const std::vector<int>& starts = selection_->pageStarts();
    const int next = selection_->pageOf(selection_->sequence()) + 1;
    if (selection_->isPaged() && next < static_cast<int>(starts.size())) pager_->prefetch(starts[next], selection_->pageSize(next));
}

void MainWindow::openTimeline(const QString& folder, const SourceSpec& spec) {
    showWorkspace();
    if (spec.dataPath.empty())
        return showError(folder, tr("Choose the dataset in the Source panel first: every snapshot is run on it."));
    training_->open(folder, spec, true);
}

void MainWindow::buildMenus() {
    buildFileMenu();
    buildViewMenu();
    buildInsightMenu();
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Glossary"), QKeySequence::HelpContents, this, &MainWindow::showGlossary);
    help->addAction(tr("&About KANN Studio"), this, [this] {
        QMessageBox::about(this, tr("About KANN Studio"),
                           tr("<h3>KANN Studio</h3><p>Koopman analysis of recurrent neural networks, after "
                              "Naiman &amp; Azencot, <i>An Operator Theoretic Approach for Analyzing Sequence "
                              "Neural Networks</i> (AAAI 2023, arXiv 2102.07824).</p>"
                              "<p>Click an eigenvalue to see what its mode follows; arrow keys in the spectrum "
                              "step through modes by dominance.</p>"));
    });
}

void MainWindow::showGlossary() {
    showNonModal(this, QMessageBox::Information, "glossary", tr("KANN Studio — glossary"), glossaryHtml());
}

void MainWindow::buildFileMenu() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Welcome page"), this, &MainWindow::showWelcome);
    file->addAction(tr("Open &model…"), QKeySequence::Open, this, [this] {
        openFile(QFileDialog::getOpenFileName(this, tr("Open model"), {}, modelFileFilter()));
    });
    file->addAction(tr("Open &dataset…"), this, [this] { openFile(QFileDialog::getOpenFileName(this, tr("Open dataset"))); });
    file->addAction(tr("Open &training snapshots…"), this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(
            this, tr("Training snapshots (kann train … --snapshots N): run on the dataset in the Source panel"));
        if (!folder.isEmpty()) openTimeline(folder, source_->spec());
    });
    recentMenu_ = file->addMenu(tr("&Recent files"));
    file->addSeparator();
    file->addAction(tr("&Save exploration…"), QKeySequence::Save, this, [this] {
        QString path = QFileDialog::getSaveFileName(this, tr("Save exploration"), "exploration.kann",
                                                    tr("KANN exploration (*.kann)"));
        if (path.isEmpty()) return;
        if (QFileInfo(path).suffix().isEmpty()) path += kExplorationExtension;  // what the desktop opens with us
        saveExploration(path);
    });
    file->addAction(tr("Open e&xploration…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open exploration"), {}, tr("KANN exploration (*.kann *.kann.json);;JSON (*.json);;All files (*)"));
        if (!path.isEmpty()) restoreExploration(path);
    });
    QMenu* demos = file->addMenu(tr("Open d&emo"));
    for (const QString& name : demoNames()) demos->addAction(name, this, [this, name] { openDemo(name); });
    file->addSeparator();
    buildExportMenu(file);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
}

void MainWindow::buildExportMenu(QMenu* file) {
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    for (const ExportView& view : exportViews()) {
        if (view.applies == ExportView::Applies::Window) exportMenu->addSeparator();  // the figures, then the rest
        exportMenu->addAction(tr(view.label), this, [this, key = QString(view.key)] { exportInteractively(key); });
    }
}

void MainWindow::buildViewMenu() {
    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* source = sourceDock_->toggleViewAction();
    source->setText(tr("&Source panel"));
    view->addAction(source);
    view->addSeparator();
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
}

void MainWindow::buildInsightMenu() {
    QMenu* insight = menuBar()->addMenu(tr("&Insight"));
    insight->addAction(tr("Compare with another &checkpoint…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Compare with checkpoint"), {}, modelFileFilter());
        if (!path.isEmpty()) compareWithCheckpoint(path);
    });
    QAction* next = insight->addAction(tr("Compare with the &next batch"), this, &MainWindow::compareWithNextBatch);
    // Every sequence has no next batch: the nearest question, whether another sample of the data
    // gives the same spectrum, is asked of a half of the set.
    connect(selection_, &SelectionModel::explorationChanged, next, [this, next] {
        const std::shared_ptr<const Exploration> e = selection_->sharedWhole();
        const bool all = e && e->spec.selection.count == 0;
        next->setText(all ? tr("Compare with a fit on the second &half") : tr("Compare with the &next batch"));
        next->setStatusTip(all ? tr("Every sequence is in this fit, so there is no next batch: overlay the spectrum "
                                    "fitted on the second half of the sequences alone, to see how much it depends on the sample")
                               : tr("Overlay the spectrum of the sequences that follow this batch"));
    });
    insight->addAction(tr("C&lear the comparison"), this, &MainWindow::clearComparison);
    insight->addSeparator();
    insight->addAction(tr("Load &word list…"), meaning_, &MeaningView::loadWordListRequested);
    insight->addAction(tr("Use the shared &opinion lexicon"), this, [this] { useWordLists({}); });
    connect(meaning_->valenceList(), &ValenceList::exportRequested, this, [this] { exportInteractively("valence"); });
    connect(meaning_->valenceList(), &ValenceList::fitWithInputsRequested, this, &MainWindow::rerunWithInputs);
    connect(meaning_, &MeaningView::loadWordListRequested, this, [this] {
        const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Load word list"), defaultLexiconFolder(),
                                                                tr("Word lists (*.txt *.tsv *.csv);;All files (*)"));
        if (!paths.isEmpty()) useWordLists(paths);
    });
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = recent_->list();
    for (const QString& path : recent)
        recentMenu_->addAction(QFileInfo(path).fileName() + "  —  " + path, this, [this, path] { openRecent(path); });
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::openFile(const QString& path) {
    if (path.isEmpty()) return;  // the file dialog was cancelled
    if (isExplorationFileName(path.toStdString())) return restoreExploration(path);
    source_->openPath(path);
    showWorkspace();
}

// A recent file comes back with every option of the run it was last part of, its other files too.
void MainWindow::openRecent(const QString& path) {
    SourceSpec spec;
    const OptionValues options = recent_->optionsOf(path);
    try {
        applySourceValues(options, spec);
    } catch (const InputError&) {
        return openFile(path);  // options written by a version that named them otherwise
    }
    if (options.empty() || isExplorationFileName(path.toStdString())) return openFile(path);
    source_->openSpec(spec);
    showWorkspace();
}

// The welcome page is for choosing a demo: it has the whole width, without the source panel.
void MainWindow::showWelcome() {
    pages_->setCurrentIndex(0);
    sourceDock_->hide();
}

void MainWindow::showWorkspace() {
    pages_->setCurrentIndex(1);
    sourceDock_->show();
}

void MainWindow::openOwnFiles() {
    showWorkspace();
    const QString model = QFileDialog::getOpenFileName(this, tr("Open your model"), {}, modelFileFilter());
    if (model.isEmpty()) return;
    openFile(model);
    openFile(QFileDialog::getOpenFileName(this, tr("Open the dataset to run it on"), QFileInfo(model).absolutePath()));
}

void MainWindow::rerunWithInputs() {
    const Exploration* e = selection_->exploration();
    if (!e) return;
    SourceSpec spec = e->spec;
    spec.analysis.fit = Fit::Inputs;
    run(spec);
}

void MainWindow::run(const SourceSpec& spec) {
    showWorkspace();
    training_->clear();  // a timeline belongs to the run it was opened with
    source_->setSpec(spec);
    // A streamed run checks the lexicon on its own passes: the one its saved view (if any) will choose.
    const QStringList lexicon = lexiconOf(pending_.view.empty() ? wordLists_ : wordListsOf(pending_.view));
    if (mayLoadModel(spec) && runner_->startWithInsight(spec, lexicon)) {
        insight_->cancel();  // the figures of the exploration being replaced (a streamed pass costs a core)
        return;
    }
    if (runner_->isRunning()) stage_->setText(tr("An analysis is already running."));
    pending_ = {};  // meant for the exploration that will not come
}

bool MainWindow::mayLoadModel(const SourceSpec& spec) {
    const QString model = QString::fromStdString(spec.modelPath);
    if (model.isEmpty() || recent_->mayLoad(model, QString::fromStdString(spec.load.arch))) return true;
    stage_->setText(tr("Not loaded: %1 is a TorchScript program, and it was not trusted.").arg(QFileInfo(model).fileName()));
    return false;
}

bool MainWindow::openDemo(const QString& name) {
    return reportingErrors([&] {
        const Demo demo = loadDemo(name);
        const QString data = QString::fromStdString(demo.spec.dataPath);
        pending_ = {demo.select, demo.review, demo.tab, {}};
        timeline_->setPhases(demo.phases, data);
        waveform_->setLabelNames(demo.labelNames, data);
        comparison_->compareWith(QString::fromStdString(demo.spec.modelPath), demo.untrainedModel, tr("Before training"));
        setWindowTitle(tr("KANN Studio — %1").arg(demo.title));
        run(demo.spec);
        // The demo's own run is the trained network, the end of its timeline.
        if (!demo.snapshots.isEmpty()) training_->open(demo.snapshots, demo.spec, false);
        makeRoomOnASmallScreen();
    });
}

// A demo's files are chosen already: on a small screen its figures get the source panel's width
// (View > Source panel brings it back).
void MainWindow::makeRoomOnASmallScreen() {
    if (width() >= kRoomyWidth) return;
    sourceDock_->hide();
    statusBar()->showMessage(tr("The source panel is hidden to give the figures room: View > Source panel shows it."), 15000);
}

void MainWindow::waitForAnalysis() {
    files_->wait();  // a restore starts its analysis once its files are checked
    runner_->wait();
    QApplication::processEvents();
    comparison_->wait();  // started by the result just shown
    insight_->wait();
    comparisonRunner_->wait();
    training_->wait();
    QApplication::processEvents();
    insight_->wait();  // started by a timeline's last snapshot shown
    fixedPoints_->runner()->wait();
    pager_->wait();  // a page asked for by the choices of a demo or saved exploration
    exports_->wait();
    QApplication::processEvents();
    waveform_->waitForDecoding();  // a streamed batch's pair decoded whole for the Series tab shown
    QApplication::processEvents();
}

QStringList MainWindow::lexiconFor(const Exploration& e) const {
    return e.tokenizer ? lexiconOf(wordLists_) : QStringList();
}

void MainWindow::startInsight() {
    const std::shared_ptr<const Exploration> e = selection_->sharedWhole();
    if (!e) return;
    insight_->start(e, lexiconFor(*e));
}

void MainWindow::useOrStartInsight(std::shared_ptr<const StudioInsight> insight) {
    const Exploration* e = selection_->sharedWhole().get();
    if (insight && e && insight->lexiconPaths == lexiconFor(*e)) return selection_->setInsight(std::move(insight));
    startInsight();
}

void MainWindow::useWordLists(const QStringList& paths) {
    wordLists_ = paths;
    // A streamed batch passes over its sequences again for the new check: the figures shown stay
    // until it is in (or cancelled). A held one is checked at once: the tabs say "computing".
    const std::shared_ptr<const Exploration> e = selection_->sharedWhole();
    if (!e || !e->result.streamed) selection_->setInsight(nullptr);
    startInsight();
}

const Exploration* MainWindow::explorationToCompare() {
    const Exploration* e = selection_->exploration();
    if (!e) showError(tr("comparison"), tr("Run an analysis first: the comparison is overlaid on it."));
    return e;
}

void MainWindow::compareWith(const SourceSpec& other, const QString& label) {
    if (explorationToCompare() && mayLoadModel(other))
        comparisonRunner_->start(selection_->sharedWhole(), other, label);
}

void MainWindow::compareWithCheckpoint(const QString& modelPath) {
    const Exploration* e = explorationToCompare();
    if (!e) return;
    SourceSpec other = e->spec;
    other.modelPath = modelPath.toStdString();
    compareWith(other, QFileInfo(modelPath).fileName());
}

void MainWindow::compareWithNextBatch() {
    if (!explorationToCompare()) return;
    const Exploration& e = *selection_->sharedWhole();
    SourceSpec other = e.spec;
    if (e.spec.selection.count == 0) {
        const int half = e.result.batch / 2;
        other.selection.offset += half;
        return compareWith(other, tr("second half (sequences %1–%2)").arg(half + 1).arg(e.result.batch));
    }
    other.selection.offset += e.result.batch;
    compareWith(other, tr("batch at offset %1").arg(other.selection.offset));
}

void MainWindow::clearComparison() {
    comparisonRunner_->cancel();
    selection_->setComparison(nullptr);
}

void MainWindow::showExploration(std::shared_ptr<const Exploration> exploration) { showRun(std::move(exploration), nullptr); }

void MainWindow::showRun(std::shared_ptr<const Exploration> exploration, std::shared_ptr<const Exploration> whole,
                         std::shared_ptr<const StudioInsight> insight) {
    source_->describe(whole ? *whole : *exploration);
    pager_->setWhole(whole, exploration);
    selection_->setPagedExploration(std::move(whole), std::move(exploration));
    applyPending();
    useOrStartInsight(std::move(insight));
    showStatus(*selection_->sharedWhole());
    prefetchNextPage();
    emit explorationShown();
}

// The tabs that apply to the data, then the choices of the demo or saved exploration opened.
void MainWindow::applyPending() {
    const Pending p = std::exchange(pending_, {});
    const bool text = selection_->exploration()->isText();
    tabs_->setTabEnabled(tabs_->indexOf(text_), text);
    tabs_->setTabEnabled(tabs_->indexOf(waveform_), !text);
    tabs_->setTabEnabled(tabs_->indexOf(meaning_), text);
    // The tab the user was reading stays in front, unless it does not apply to the new data.
    if (!tabs_->isTabEnabled(tabs_->currentIndex())) tabs_->setCurrentWidget(text ? static_cast<QWidget*>(text_) : waveform_);
    if (p.select >= 0) selection_->selectMode(p.select);
    selection_->showSequence(p.review);
    if (!p.tab.isEmpty()) showTab(p.tab);
    applyViewSettings(p.view);
}

void MainWindow::showStatus(const Exploration& e) {
    double total = 0;
    for (const auto& [stage, ms] : e.result.timingsMs) total += ms;
    QString model = e.network ? QString::fromStdString(e.network->info().summary()) : tr("saved states");
    if (e.network && !e.network->info().assumptions.empty())
        model += tr(" (assumed: %1)").arg(QString::fromStdString(e.network->info().assumptions.front()));
    const QString fit = e.result.inputs ? tr("%1 with inputs (autonomous %2)")
                                              .arg(e.result.residual, 0, 'g', 3)
                                              .arg(e.result.inputs->residualAutonomous, 0, 'g', 3)
                                        : QString::number(e.result.residual, 'g', 3);
    QString status = tr("%1 · %2 sequences × %3 steps · k = %4 · fit residual %5 · %6 ms")
                         .arg(model).arg(e.result.batch).arg(e.result.time).arg(e.result.k).arg(fit)
                         .arg(total, 0, 'f', 0);
    if (e.result.streamed)
        status += tr(" · streamed (%1; second pass: %2), shown a page at a time")
                      .arg(QString::fromStdString(e.result.streamed->reason), QString::fromStdString(e.result.streamed->secondPass));
    stage_->setText(status);
}

std::map<std::string, std::string> MainWindow::viewSettings() const {
    std::map<std::string, std::string> view = {
        {"tab", tabs_->currentWidget()->objectName().toStdString()},
        {"colouring", nameOf(kColourings, selection_->colouring())},
        {"colour_map", ColourScale::name(selection_->colourMap()).toStdString()},
        {"reconstruction", nameOf(kForms, waveform_->form())}};
    if (!wordLists_.isEmpty()) view["word_lists"] = wordLists_.join('\n').toStdString();
    view.merge(fixedPoints_->viewSettings());
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
    fixedPoints_->applyViewSettings(view);  // before its tab comes forward and searches
    showTab(QString::fromStdString(setting(view, "tab")));
    wordLists_ = wordListsOf(view);
    if (const std::string model = setting(view, "compare_model"); !model.empty()) {
        SourceSpec other = selection_->exploration()->spec;
        other.modelPath = model;
        other.selection.offset = QString::fromStdString(setting(view, "compare_offset")).toInt();
        compareWith(other, QString::fromStdString(setting(view, "compare_label")));
    }
}

bool MainWindow::showTab(const QString& name) {
    for (int i = 0; i < tabs_->count(); ++i) {
        const bool named = tabs_->widget(i)->objectName() == name ||
                           tabs_->tabText(i).remove('&').compare(name, Qt::CaseInsensitive) == 0;
        if (named && tabs_->isTabEnabled(i)) {
            tabs_->setCurrentIndex(i);
            return true;
        }
    }
    return false;
}

QStringList MainWindow::tabNames() const {
    QStringList names;
    for (int i = 0; i < tabs_->count(); ++i)
        if (tabs_->isTabEnabled(i)) names << tabs_->tabText(i).remove('&');
    return names;
}

void MainWindow::saveExploration(const QString& path) {
    const Exploration* e = selection_->exploration();
    if (!e) return showError(path, tr("%1: there is no exploration to save yet: run an analysis first").arg(path));
    files_->save(e->spec, selection_->mode(), selection_->sequence(), viewSettings(), path);
}

void MainWindow::restoreExploration(const QString& path, ChangedFiles changed) {
    changedFiles_ = changed;
    files_->open(path);
}

void MainWindow::runRestored(const RestoredExploration& restored, const QString& path) {
    lastWarnings_.clear();
    for (const std::string& w : restored.warnings) lastWarnings_ << QString::fromStdString(w);
    if (!lastWarnings_.isEmpty() && changedFiles_ == ChangedFiles::Refuse)
        return showError(path, tr("%1: not reopened, because its files changed since it was saved (save it again to accept them): %2")
                                   .arg(path, lastWarnings_.join("; ")));
    pending_ = {restored.saved.selectedMode, std::max(0, restored.saved.selectedReview), {}, restored.saved.view};
    setWindowTitle(tr("KANN Studio — %1").arg(QFileInfo(path).fileName()));
    run(restored.saved.spec);
    if (!lastWarnings_.isEmpty()) showWarnings(lastWarnings_);
}

void MainWindow::showWarnings(const QStringList& warnings) {
    const QString message = tr("The exploration was reopened, but its files changed since it was saved, so "
                               "the figures may differ from the saved ones:\n\n• %1").arg(warnings.join("\n• "));
    emit warningShown(message);
    showNonModal(this, QMessageBox::Information, "warningDialog", tr("KANN Studio — files changed"), message);
}

void MainWindow::setErrorReporter(ErrorReporter reporter) { reportError_ = std::move(reporter); }

void MainWindow::showError(const QString& title, const QString& message) {
    lastError_ = message;
    emit errorShown(title, message);
    if (reportError_) reportError_(title, message);
}

bool MainWindow::reportingErrors(const std::function<void()>& work) {
    try {
        work();
        return true;
    } catch (const InputError& e) {
        showError(QString::fromStdString(e.source()), QString::fromStdString(e.what()));
        return false;
    }
}

QStringList MainWindow::exportableViews() { return exportViewKeys(); }

QStringList MainWindow::applicableViews() const {
    const Exploration* e = selection_->exploration();
    return e ? applicableViewKeys(*e, selection_->insight()) : QStringList();
}

void MainWindow::exportView(const QString& view, const QString& path, double scale) {
    const ExportView* row = kann::ui::exportView(view);
    if (!row)
        throw InputError("--export-figure", "unknown view \"" + view.toStdString() + "\" (choose one of " +
                                                exportableViews().join(", ").toStdString() + ")");
    if (view == "window") return exporting::saveWindow(this, path);
    const Exploration* e = selection_->exploration();
    if (!e) throw InputError(view.toStdString(), "there is no analysis to export yet");
    if (view == "results") {
        // Every sequence of a streamed batch, not the page: off the GUI thread (waitForAnalysis waits for it).
        if (selection_->isPaged()) return exports_->start(selection_->sharedWhole(), selection_->mode(), path);
        if (path.endsWith(".json", Qt::CaseInsensitive)) return exporting::saveResultsJson(*e, selection_->mode(), path);
        exporting::saveResultsCsv(*e, selection_->mode(), path);
        return;
    }
    if (view == "valence") {
        const StudioInsight* insight = selection_->insight();
        return exporting::saveValenceCsv(*e, selection_->mode(), insight ? insight->lexicon.get() : nullptr, path);
    }
    if (view == "text") {
        if (!e->isText()) throw InputError("text", "the dataset is not text");
        return exporting::saveFigure(text_->figure(), path, scale);
    }
    requireApplicable(*row, *e);
    exporting::savePlot(row->plot(*this), path, scale, row->size);
}

// InputError naming what keeps `view` from applying to `e` now.
void MainWindow::requireApplicable(const ExportView& view, const Exploration& e) const {
    using A = ExportView::Applies;
    const std::string key = view.key;
    const StudioInsight* insight = selection_->insight();
    if ((view.applies == A::Insight || view.applies == A::Lexicon) && !insight)
        throw InputError(key, "the trust and meaning figures are still being computed");
    if (view.applies == A::Lexicon && !insight->report.lexicon)
        throw InputError(key, "there is no lexicon check: " + insight->lexiconSource.toStdString());
    if ((view.applies == A::Series || view.applies == A::Decoder) && e.isText())
        throw InputError(key, "the dataset is not a series dataset");
    if (view.applies == A::Decoder && !hasDecoder(e)) throw InputError(key, "the model has no decoder");
}

void MainWindow::exportInteractively(const QString& view) {
    const bool results = view == "results", valence = view == "valence";
    const QString filter = results   ? tr("CSV (*.csv);;JSON (*.json)")
                           : valence ? tr("CSV (*.csv)")
                           : view == "window" ? tr("PNG image (*.png)") : exporting::figureFilter();
    const QString name = results ? QStringLiteral("spectrum.csv")
                         : valence ? QStringLiteral("valence_mode%1.csv").arg(selection_->mode()) : view + ".png";
    const bool everySequence = results && selection_->isPaged();
    const QString title = everySequence ? tr("Export the results: |φ| of every one of the %1 sequences, not only the page")
                                              .arg(selection_->sequenceCount())
                                        : tr("Export %1").arg(view);
    const QString path = QFileDialog::getSaveFileName(this, title, name, filter);
    if (!path.isEmpty() && reportingErrors([&] { exportView(view, path); }) && !everySequence)
        stage_->setText(tr("Wrote %1").arg(path));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    source_->saveSettings();
    runner_->cancel();
    ablation_->cancel();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) openFile(url.toLocalFile());
    showWorkspace();
    event->acceptProposedAction();
}

}  // namespace kann::ui
