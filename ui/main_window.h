#pragma once
// The studio's window: welcome page, source panel, spectrum and table, inspectors, heat map and
// singular values, all following one SelectionModel. Also the scripting surface used by
// kann-studio's command line and by the tests.
#include "core/pipeline/exploration.h"

#include <QMainWindow>
#include <QStringList>
#include <map>
#include <memory>
#include <string>

class QLabel;
class QMenu;
class QProgressBar;
class QStackedWidget;
class QTabWidget;

namespace kann::ui {

class AnalysisRunner;
class ComparisonRunner;
class ComparisonSpectrum;
class InsightRunner;
class MeaningView;
class EigenTable;
class ModeHeatmap;
class ModeTimeline;
class SelectionModel;
class SingularValuesView;
class SourcePanel;
class SpectrumView;
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
    InsightRunner* insightRunner() const { return insight_; }
    ComparisonRunner* comparisonRunner() const { return comparisonRunner_; }
    SourcePanel* sourcePanel() const { return source_; }
    SpectrumView* spectrum() const { return spectrum_; }
    EigenTable* table() const { return table_; }
    TextInspector* textInspector() const { return text_; }
    WaveformInspector* waveformInspector() const { return waveform_; }
    ModeHeatmap* heatmap() const { return heatmap_; }
    ModeTimeline* modeTimeline() const { return timeline_; }
    ComparisonSpectrum* comparisonSpectrum() const { return comparison_; }
    SingularValuesView* singularValues() const { return singular_; }
    TrustView* trustView() const { return trust_; }
    MeaningView* meaningView() const { return meaning_; }

    // Starts an analysis of `spec` in the background (the source panel shows it too).
    void run(const SourceSpec& spec);
    // Opens a built-in demo and runs it; a missing demo is reported like any error. Returns
    // false when the demo could not be opened.
    bool openDemo(const QString& name);
    // Blocks until the running analysis has finished and its result, its trust and meaning
    // figures and any comparison are on screen.
    void waitForAnalysis();

    // Overlays the spectrum of `modelPath` on the same data and options (runs in the background).
    void compareWithCheckpoint(const QString& modelPath);
    // Overlays the spectrum of the next batch (the same count, offset moved past this batch).
    void compareWithNextBatch();
    void clearComparison();
    // Runs the lexicon check again with these word lists (files, or one folder of lexicons).
    void useWordLists(const QStringList& paths);

    // Saves the exploration on screen (paths with SHA-256, options, selected mode and review,
    // view settings). Throws InputError when there is none or the file cannot be written.
    void saveExploration(const QString& path);
    // Reopens a saved exploration: runs it, then restores selection, review and view. Changed
    // files are shown in a non-modal warning (and kept in lastWarnings()); a file that cannot be
    // reopened is shown as an error and false returned.
    bool restoreExploration(const QString& path);
    QStringList lastWarnings() const { return lastWarnings_; }
    // Brings the tab with this key forward: text, series, trust, meaning, heatmap, timeline,
    // singular. False when there is no such tab or it does not apply to the data shown.
    bool showTab(const QString& key);
    // The views exportView can write for the exploration on screen (no window, no results).
    QStringList applicableViews() const;

    // Writes one view: spectrum, text, series, decoding, heatmap, singular (.png/.pdf/.svg),
    // window (.png), results (.csv/.json). Throws InputError naming the view or file.
    void exportView(const QString& view, const QString& path, double scale = 2.0);
    static QStringList exportableViews();

    // The error dialog currently open, if any (non-modal so scripts and tests can close it).
    QString lastError() const { return lastError_; }

public slots:
    void showWelcome();
    void showWorkspace();

signals:
    // Emitted with the dialog: `title` names the file or option, `message` explains.
    void errorShown(const QString& title, const QString& message);
    // Emitted with the non-modal warning of a restored exploration whose files changed.
    void warningShown(const QString& message);
    // The analysis result is on screen.
    void explorationShown();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildWorkspace();
    void buildMenus();
    void rebuildRecentMenu();
    void showError(const QString& title, const QString& message);
    void showExploration(std::shared_ptr<const Exploration> exploration);
    void exportInteractively(const QString& view);
    void exportResultsInteractively();
    void startInsight();
    std::map<std::string, std::string> viewSettings() const;
    void applyViewSettings(const std::map<std::string, std::string>& view);
    void compareWith(const SourceSpec& other, const QString& label);
    void showWarnings(const QStringList& warnings);

    SelectionModel* selection_;
    AnalysisRunner* runner_;
    InsightRunner* insight_;
    ComparisonRunner* comparisonRunner_;
    QStackedWidget* pages_;
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
    TrustView* trust_;
    MeaningView* meaning_;
    QProgressBar* progress_;
    QLabel* stage_;
    QMenu* recentMenu_;
    QString lastError_;
    int pendingReview_ = 0;
    int pendingSelect_ = -1;
    std::map<std::string, std::string> pendingView_;  // of a restored exploration
    QStringList wordLists_;  // chosen by the user; empty: the shared opinion lexicon
    QStringList lastWarnings_;
};

}  // namespace kann::ui
