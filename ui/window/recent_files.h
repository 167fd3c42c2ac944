#pragma once
// The user's recent files (QSettings), which are also the models the studio trusts. TorchScript
// files are programs: torch::jit::load can run the code they carry, so the studio loads one
// without asking only when the user already trusts it: a file of the built-in demo bundles, one
// of the user's own recent files, or one named on the command line. Anything else waits for a
// yes to the prompt, and a yes adds the file to the recent files, so it is asked once. Each file
// keeps every option of the last run that loaded it, so opening it again restores that run's source.
#include "core/pipeline/option_schema.h"

#include <QObject>
#include <QSet>
#include <QStringList>
#include <functional>

class QWidget;

namespace kann::ui {

class RecentFiles : public QObject {
    Q_OBJECT
public:
    // Answers "load this program?" for `path`: true loads it.
    using Prompt = std::function<bool(const QString& path)>;

    // The default prompt is a modal question over `dialogParent`.
    explicit RecentFiles(QWidget* dialogParent);

    // Most recent first, at most 10, across models, datasets and vocabularies.
    QStringList list() const;
    // Puts `path` first (the window calls it for the files of a run that loaded), unless it is a
    // program the user has not trusted for good (only a yes does that). `options` (by name) are
    // kept with it when given.
    void remember(const QString& path, const OptionValues& options = {});
    // Remembers each file of a run that loaded, each with every option of `run`, paths made absolute.
    void rememberRun(OptionValues run);
    // The options of the last run `path` was remembered with (empty when none).
    OptionValues optionsOf(const QString& path) const;

    // Tests and headless runs answer the question themselves.
    void setPrompt(Prompt prompt);
    // Loading `path` with layout `arch` runs a TorchScript program: the torchscript layout, a
    // .ts/.torchscript name, or a checkpoint whose archive holds code (read from its directory).
    static bool isProgram(const QString& path, const QString& arch = QStringLiteral("auto"));
    // `path` may be loaded without asking.
    bool trusts(const QString& path, const QString& arch = QStringLiteral("auto")) const;
    // Asks when needed; true when `path` may be loaded now (a yes also remembers it).
    bool mayLoad(const QString& path, const QString& arch);
    // Trusted for this session without a question: the user named it on the command line.
    void trustForSession(const QString& path);

signals:
    void changed();

private:
    void add(const QString& path, const OptionValues& options = {});

    Prompt prompt_;
    QSet<QString> session_;
};

}  // namespace kann::ui
