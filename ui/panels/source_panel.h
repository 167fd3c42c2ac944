#pragma once
// Where an analysis comes from and how it runs: model, dataset and vocabulary files (with what
// was detected in them), the batch, the analysis options, Run/Cancel, and every other option of
// the option schema under Advanced. Files also arrive by drag and drop (onto the window) and from
// the recent-files list; every option persists in QSettings between runs, under its schema name.
// A TorchScript model is read only when RecentFiles says it may be (see there).
#include "core/pipeline/exploration.h"
#include "core/pipeline/option_schema.h"
#include "core/pipeline/source_description.h"

#include <QPointer>
#include <QWidget>
#include <map>
#include <string>

class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QToolButton;

namespace kann::ui {

class RecentFiles;

// The file-dialog filter for models (checkpoints and TorchScript).
QString modelFileFilter();

class SourcePanel : public QWidget {
    Q_OBJECT
public:
    explicit SourcePanel(RecentFiles* recent, QWidget* parent = nullptr);

    // The spec the fields describe now.
    SourceSpec spec() const;
    // Fills every field from `spec` (demos, command line, restored settings); nothing is read
    // from disk here, so a run started at the same time has the machine to itself.
    void setSpec(const SourceSpec& spec);
    // Fills every field from `spec` and reads its files: a recent file's source coming back.
    void openSpec(const SourceSpec& spec);
    // Reads the files named now off the GUI thread and shows what they hold (or why they are
    // refused) under their fields, offering the values their options can take.
    void readFiles();
    // Shows what an analysis found in its files (layout and sizes, dataset kind and size).
    void describe(const Exploration& e);
    // Routes a dropped or recent file to the field it belongs in, by its name and kind.
    void openPath(const QString& path);
    void setRunning(bool running);
    // Opens the section holding the option a refusal names (its source, else the first --option its
    // message names) and brings that field into view with the focus, beside the values that fix it.
    void showRefusal(const QString& source, const QString& message);
    // The whole run's progress (0-100) and the stage it is in.
    void setProgress(int percent, const QString& stage);

    void saveSettings() const;
    void restoreSettings();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    void runRequested(const kann::SourceSpec& spec);
    void cancelRequested();

private:
    QWidget* fileRow(QLineEdit* edit, const QString& filter, bool folders);
    void placeFields(QWidget* fields, QWidget* actions);
    // Adds the row of the option called `name` to `form`.
    void addRow(QFormLayout* form, const std::string& name);
    QWidget* advancedOptions();
    // False when the option's onlyWith condition is not met by the values shown.
    bool applies(const SourceOption& o) const;
    void followConditions();
    void revealOption(const std::string& name);
    void showOptionOf(const QString& refusal);
    void bringIntoView();
    void probeModel();
    void probeData();
    void probe(const std::string& file, QLabel* label, int* counter, FileDescription (*describe)(const SourceSpec&));

    RecentFiles* recent_;
    std::map<std::string, QWidget*> editors_;  // one per option of the schema, by name
    std::map<std::string, QWidget*> fields_;   // the form's field of each option: its editor, with a file's button
    std::map<std::string, QLabel*> labels_;    // the row label of each option that has one
    QScrollArea* scroll_;
    QScrollArea* advancedScroll_;
    QToolButton* advanced_;
    QPointer<QWidget> revealed_;  // the field a refusal named, kept in view until the next run
    QLineEdit* model_;
    QLabel* modelInfo_;
    QLineEdit* data_;
    QLabel* dataInfo_;
    QLineEdit* vocab_;
    QPushButton* run_;
    QPushButton* cancel_;
    QProgressBar* progress_;
    int modelProbe_ = 0, dataProbe_ = 0;  // latest probe wins; older answers are dropped
};

}  // namespace kann::ui
