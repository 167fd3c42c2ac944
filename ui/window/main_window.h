#pragma once
// The studio's window: welcome page, source panel, spectrum and table, inspectors, heat map and
// singular values, all following one SelectionModel. Also the scripting surface used by
// kann-studio's command line and by the tests.
#include "core/pipeline/exploration.h"

#include <QMainWindow>
#include <QStringList>
#include <functional>
#include <map>
#include <memory>
#include <string>

class QCustomPlot;
class QDockWidget;
class QLabel;
class QMenu;
class QStackedWidget;
class QTabWidget;

namespace kann {
struct RestoredExploration;
}

namespace kann::ui {

class AnalysisRunner;
struct ExportView;
class ComparisonRunner;
class ComparisonSpectrum;
class InsightRunner;
struct StudioInsight;
class AblationRunner;
class MeaningView;
class EigenTable;
class ExplorationFileRunner;
class ResultsExportRunner;
class FixedPointsView;
class ModeHeatmap;
class ModeTimeline;
class PageBar;
class PageRunner;
class RecentFiles;
class SelectionModel;
class SingularValuesView;
class SourcePanel;
class SpectrumView;
class TimelineManager;
class TextInspector;
class TrustView;
class WaveformInspector;
class WelcomePage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    SelectionModel* selection() const { return selection_; }
    AnalysisRunner* runner() const { return runner_; }
    PageRunner* pageRunner() const { return pager_; }
    PageBar* pageBar() const { return pageBar_; }
    InsightRunner* insightRunner() const { return insight_; }
    ComparisonRunner* comparisonRunner() const { return comparisonRunner_; }
    AblationRunner* ablationRunner() const { return ablation_; }
    ExplorationFileRunner* fileRunner() const { return files_; }
    ResultsExportRunner* exportRunner() const { return exports_; }
    // Recent files, and the question asked before a TorchScript file is loaded (see there).
    RecentFiles* recentFiles() const { return recent_; }
    SourcePanel* sourcePanel() const { return source_; }
    SpectrumView* spectrum() const { return spectrum_; }
    EigenTable* table() const { return table_; }
    TextInspector* textInspector() const { return text_; }
    WaveformInspector* waveformInspector() const { return waveform_; }
    ModeHeatmap* heatmap() const { return heatmap_; }
    ModeTimeline* modeTimeline() const { return timeline_; }
    ComparisonSpectrum* comparisonSpectrum() const { return comparison_; }
    SingularValuesView* singularValues() const { return singular_; }
    FixedPointsView* fixedPoints() const { return fixedPoints_; }
    TrustView* trustView() const { return trust_; }
    MeaningView* meaningView() const { return meaning_; }
    // The spectrum through training: its slider panel, film export and runner.
    TimelineManager* trainingTimeline() const { return training_; }

    // Starts an analysis of `spec` in the background (the source panel shows it too). A
    // TorchScript model the user does not trust yet is loaded only after a yes (RecentFiles).
    void run(const SourceSpec& spec);
    // Runs the exploration on screen again with the fit with inputs (the valence list needs it).
    void rerunWithInputs();
    // Runs the batch again with the selected mode (and its partner) removed while the network runs,
    // in the background; the Trust tab and the text view show the effect when it is done.
    void removeSelectedMode();
    // Opens a built-in demo and runs it; a missing demo is reported like any error. Returns
    // false when the demo could not be opened.
    bool openDemo(const QString& name);
    // Blocks until the files of a save or restore are hashed, the running analysis has finished,
    // and its result, its trust and meaning figures and any comparison are on screen.
    void waitForAnalysis();

    // Opens a training run's snapshots (kann train --snapshots) on the batch `spec` describes: each is
    // analysed in the background, then a slider under the spectrum moves through them and every
    // view follows the snapshot shown, starting at the last.
    void openTimeline(const QString& folder, const SourceSpec& spec);

    // Overlays the spectrum of `modelPath` on the same data and options (runs in the background).
    void compareWithCheckpoint(const QString& modelPath);
    // Overlays the spectrum of the next batch (the same count, offset moved past this batch); with
    // every sequence in the batch, the spectrum fitted on its second half.
    void compareWithNextBatch();
    void clearComparison();
    // Runs the lexicon check again with these word lists (files, or one folder of lexicons).
    void useWordLists(const QStringList& paths);

    // Saves the exploration on screen (paths with SHA-256, options, selected mode and review,
    // view settings) in the background; explorationSaved follows. Nothing to save, a file gone or
    // an unwritable path is shown as an error.
    void saveExploration(const QString& path);
    // What a restore does with files changed since the save: warn and run, or refuse to run.
    enum class ChangedFiles { Warn, Refuse };
    // Reopens a saved exploration: checks its files in the background, runs it, then restores
    // selection, review and view. Changed files are shown in a non-modal warning (and kept in
    // lastWarnings()), or with Refuse as an error; a file that is gone is shown as an error.
    void restoreExploration(const QString& path, ChangedFiles changed = ChangedFiles::Warn);
    QStringList lastWarnings() const { return lastWarnings_; }
    // Opens a file as the menus, a drop or a file manager do: a saved exploration (.kann, .kann.json)
    // is restored, a checkpoint, vocabulary or dataset goes into the source panel. Empty: nothing.
    void openFile(const QString& path);
    // Opens a file of the recent-files menu: the source of the last run it was part of, with every
    // option, comes back into the source panel; a file remembered without options opens as above.
    void openRecent(const QString& path);
    // Brings a tab forward, named by its key (text, series, trust, meaning, heatmap, timeline,
    // singular) or its title ("Modes over time", any case). False when there is no such tab or
    // it does not apply to the data shown.
    bool showTab(const QString& name);
    // The titles of the tabs that apply to the data shown.
    QStringList tabNames() const;
    // The views exportView can write for the exploration on screen (no window, no results).
    QStringList applicableViews() const;

    // Writes one view: spectrum, text, series, decoding, heatmap, singular (.png/.pdf/.svg),
    // window (.png), results (.csv/.json). Throws InputError naming the view or file.
    void exportView(const QString& view, const QString& path, double scale = 2.0);
    static QStringList exportableViews();

    // Where errors go: by default a non-modal dialog ("errorDialog"), so the window stays
    // usable; tests and scripts may take them instead. errorShown is emitted either way.
    using ErrorReporter = std::function<void(const QString& title, const QString& message)>;
    void setErrorReporter(ErrorReporter reporter);
    // The message of the last error shown.
    QString lastError() const { return lastError_; }

public slots:
    void showWelcome();
    void showWorkspace();
    // A file dialog for the model, then one for the dataset (the welcome page's button).
    void openOwnFiles();
    // Help > Glossary: the studio's words in plain language, with their formulas (non-modal).
    void showGlossary();

signals:
    // Emitted with the dialog: `title` names the file or option, `message` explains.
    void errorShown(const QString& title, const QString& message);
    // Emitted with the non-modal warning of a restored exploration whose files changed.
    void warningShown(const QString& message);
    // The analysis result is on screen.
    void explorationShown();
    // A save started by saveExploration has been written.
    void explorationSaved(const QString& path);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    // What to show once the next analysis arrives (a demo's or a saved exploration's choices).
    struct Pending {
        int select = -1;
        int review = 0;
        QString tab;
        std::map<std::string, std::string> view;
    };

    void buildWorkspace();
    QWidget* tableWithSortLine();
    void buildSourceDock();
    void buildStatusBar();
    void connectAnalysis();
    void connectSideRunners();
    void connectRemoval();
    void connectTimeline();
    void connectPages();
    // Builds the page after the one on display in the background, so Next shows it at once.
    void prefetchNextPage();
    void makeRoomOnASmallScreen();
    // Narrower than this, a demo opens without the source panel.
    static constexpr int kRoomyWidth = 1280;
    void buildMenus();
    void buildFileMenu();
    void buildExportMenu(QMenu* file);
    void buildViewMenu();
    void buildInsightMenu();
    void rebuildRecentMenu();
    void showError(const QString& title, const QString& message);
    // Runs `work`; an InputError it throws is shown as an error. True when it succeeded.
    bool reportingErrors(const std::function<void()>& work);
    void showExploration(std::shared_ptr<const Exploration> exploration);
    // `exploration`, or when `whole` is set (a streamed run) its first page, with whole's spectrum.
    void showRun(std::shared_ptr<const Exploration> exploration, std::shared_ptr<const Exploration> whole,
                 std::shared_ptr<const StudioInsight> insight = nullptr);
    void applyPending();
    void showStatus(const Exploration& e);
    void exportInteractively(const QString& view);
    void requireApplicable(const ExportView& view, const Exploration& e) const;
    void startInsight();
    // The insight runner passing over a streamed batch (a word list loaded after its run).
    bool insightStreams() const;
    void connectInsight();
    void connectExports();
    // The lexicon the insight of `e` checks (see InsightRunner::start).
    QStringList lexiconFor(const Exploration& e) const;
    // `insight` (a streamed run's, from its own passes) when it checked the lexicon wanted now, else startInsight.
    void useOrStartInsight(std::shared_ptr<const StudioInsight> insight);
    std::map<std::string, std::string> viewSettings() const;
    void applyViewSettings(const std::map<std::string, std::string>& view);
    const Exploration* explorationToCompare();
    void compareWith(const SourceSpec& other, const QString& label);
    bool mayLoadModel(const SourceSpec& spec);
    void runRestored(const RestoredExploration& restored, const QString& path);
    void showWarnings(const QStringList& warnings);

    SelectionModel* selection_;
    AnalysisRunner* runner_;
    PageRunner* pager_;
    PageBar* pageBar_;
    InsightRunner* insight_;
    ComparisonRunner* comparisonRunner_;
    AblationRunner* ablation_;
    ExplorationFileRunner* files_;
    ResultsExportRunner* exports_;  // a streamed batch's results: every sequence's |φ| takes a pass
    RecentFiles* recent_;
    QStackedWidget* pages_;
    QDockWidget* sourceDock_;
    WelcomePage* welcome_;
    SourcePanel* source_;
    SpectrumView* spectrum_;
    EigenTable* table_;
    QTabWidget* tabs_;
    TextInspector* text_;
    WaveformInspector* waveform_;
    ModeHeatmap* heatmap_;
    ModeTimeline* timeline_;
    ComparisonSpectrum* comparison_;
    SingularValuesView* singular_;
    FixedPointsView* fixedPoints_;
    TrustView* trust_;
    MeaningView* meaning_;
    TimelineManager* training_;
    QLabel* stage_;
    QMenu* recentMenu_;
    QString lastError_;
    ErrorReporter reportError_;
    Pending pending_;
    ChangedFiles changedFiles_ = ChangedFiles::Warn;  // of the restore in progress
    QStringList wordLists_;  // chosen by the user; empty: the shared opinion lexicon
    QStringList lastWarnings_;
};

}  // namespace kann::ui
