#include "ui/main_window.h"

#include "core/common/error.h"
#include "ui/analysis_runner.h"
#include "ui/demo_catalog.h"
#include "ui/eigen_table.h"
#include "ui/export_manager.h"
#include "ui/mode_heatmap.h"
#include "ui/selection_model.h"
#include "ui/singular_values_view.h"
#include "ui/source_panel.h"
#include "ui/spectrum_view.h"
#include "ui/text_inspector.h"
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

// Resources of a static library are registered by hand, or the linker drops them.
static void initResources() { Q_INIT_RESOURCE(resources); }

namespace kann::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), selection_(new SelectionModel(this)), runner_(new AnalysisRunner(this)) {
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
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 2);

    text_ = new TextInspector(selection_);
    waveform_ = new WaveformInspector(selection_);
    heatmap_ = new ModeHeatmap(selection_);
    singular_ = new SingularValuesView(selection_);
    tabs_ = new QTabWidget;
    tabs_->addTab(text_, tr("Text"));
    tabs_->addTab(waveform_, tr("Series"));
    tabs_->addTab(heatmap_, tr("Heat map"));
    tabs_->addTab(singular_, tr("Singular values"));

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
    QMenu* demos = file->addMenu(tr("Open d&emo"));
    for (const QString& name : demoNames()) demos->addAction(name, this, [this, name] { openDemo(name); });
    file->addSeparator();
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    const std::pair<const char*, const char*> views[] = {
        {"spectrum", "Spectrum…"}, {"text", "Coloured text figure…"}, {"series", "Coloured series…"},
        {"decoding", "Decoding (median ± MAD)…"}, {"heatmap", "Heat map…"}, {"singular", "Singular values…"}};
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
    tabs_->setTabEnabled(0, text);
    tabs_->setTabEnabled(1, !text);
    tabs_->setCurrentIndex(text ? 0 : 1);
    double total = 0;
    for (const auto& [stage, ms] : e.result.timingsMs) total += ms;
    const QString model = e.network ? QString::fromStdString(e.network->info().summary()) : tr("saved states");
    stage_->setText(tr("%1 · %2 sequences × %3 steps · k = %4 · fit residual %5 · %6 ms")
                        .arg(model).arg(e.result.batch).arg(e.result.time).arg(e.result.k)
                        .arg(e.result.residual, 0, 'g', 3).arg(total, 0, 'f', 0));
    emit explorationShown();
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
    return {"spectrum", "text", "series", "decoding", "heatmap", "singular", "window", "results"};
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
