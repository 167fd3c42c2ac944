#pragma once
// The studio's window: welcome page, source panel, spectrum and table, inspectors, heat map and
// singular values, all following one SelectionModel. Also the scripting surface used by
// kann-studio's command line and by the tests.
#include "core/pipeline/exploration.h"

#include <QMainWindow>
#include <memory>

class QLabel;
class QMenu;
class QProgressBar;
class QStackedWidget;
class QTabWidget;

namespace kann::ui {

class AnalysisRunner;
class EigenTable;
class ModeHeatmap;
class SelectionModel;
class SingularValuesView;
class SourcePanel;
class SpectrumView;
class TextInspector;
class WaveformInspector;
class WelcomePage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    SelectionModel* selection() const { return selection_; }
    AnalysisRunner* runner() const { return runner_; }
    SourcePanel* sourcePanel() const { return source_; }
    SpectrumView* spectrum() const { return spectrum_; }
    EigenTable* table() const { return table_; }
    TextInspector* textInspector() const { return text_; }
    WaveformInspector* waveformInspector() const { return waveform_; }
    ModeHeatmap* heatmap() const { return heatmap_; }
    SingularValuesView* singularValues() const { return singular_; }

    // Starts an analysis of `spec` in the background (the source panel shows it too).
    void run(const SourceSpec& spec);
    // Opens a built-in demo and runs it; a missing demo is reported like any error. Returns
    // false when the demo could not be opened.
    bool openDemo(const QString& name);
    // Blocks until the running analysis has finished and its result is on screen.
    void waitForAnalysis();

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

    SelectionModel* selection_;
    AnalysisRunner* runner_;
    QStackedWidget* pages_;
    WelcomePage* welcome_;
    SourcePanel* source_;
    SpectrumView* spectrum_;
    EigenTable* table_;
    QTabWidget* tabs_;
    TextInspector* text_;
    WaveformInspector* waveform_;
    ModeHeatmap* heatmap_;
    SingularValuesView* singular_;
    QProgressBar* progress_;
    QLabel* stage_;
    QMenu* recentMenu_;
    QString lastError_;
    int pendingReview_ = 0;
    int pendingSelect_ = -1;
};

}  // namespace kann::ui
