#include "ui/window/recent_files.h"

#include "core/models/torch_pickle.h"
#include "ui/window/demo_catalog.h"

#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>

namespace kann::ui {
namespace {

constexpr int kMaxRecent = 10;
const char* const kKey = "recent/files";
const char* const kOptionsKey = "recent/options";  // absolute path -> {option name: value}

QString absolute(const QString& path) { return QDir::cleanPath(QFileInfo(path).absoluteFilePath()); }

// Symbolic links resolved, so a link into the demos folder is no way around the question.
bool isDemoFile(const QString& path) {
    const QString demos = QFileInfo(resourcesDir() + "/demos").canonicalFilePath();
    const QString file = QFileInfo(path).canonicalFilePath();
    return !demos.isEmpty() && file.startsWith(demos + '/');
}

bool askUser(QWidget* parent, const QString& path) {
    const QString text =
        QObject::tr("“%1” is a TorchScript file. TorchScript files are programs: loading one can run "
                    "any code it carries, with your permissions.\n\nLoad it only if you trust where it "
                    "came from. Load %2?").arg(QFileInfo(path).fileName(), path);
    return QMessageBox::question(parent, QObject::tr("KANN Studio — load a program?"), text,
                                 QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::Yes;
}

}  // namespace

RecentFiles::RecentFiles(QWidget* dialogParent)
    : QObject(dialogParent), prompt_([dialogParent](const QString& path) { return askUser(dialogParent, path); }) {}

QStringList RecentFiles::list() const { return QSettings().value(kKey).toStringList(); }

void RecentFiles::remember(const QString& path, const OptionValues& options) {
    // A program trusted for this session only (named on the command line) stays out: the list
    // is what is trusted for good.
    if (!isProgram(path) || list().contains(absolute(path)) || isDemoFile(path)) add(path, options);
}

void RecentFiles::rememberRun(OptionValues run) {
    QStringList files;
    for (auto& [name, value] : run) {
        const SourceOption* option = findSourceOption(name);
        if (value.empty() || !option || option->type != OptionType::Path) continue;
        files << absolute(QString::fromStdString(value));
        value = files.back().toStdString();
    }
    for (const QString& file : files) remember(file, run);
}

OptionValues RecentFiles::optionsOf(const QString& path) const {
    OptionValues out;
    const QVariantMap options = QSettings().value(kOptionsKey).toMap().value(absolute(path)).toMap();
    for (auto it = options.begin(); it != options.end(); ++it) out[it.key().toStdString()] = it.value().toString().toStdString();
    return out;
}

void RecentFiles::add(const QString& path, const OptionValues& options) {
    QStringList recent = list();
    recent.removeAll(absolute(path));
    recent.prepend(absolute(path));
    while (recent.size() > kMaxRecent) recent.removeLast();
    QVariantMap kept = QSettings().value(kOptionsKey).toMap();
    if (!options.empty()) {
        QVariantMap values;
        for (const auto& [name, value] : options) values[QString::fromStdString(name)] = QString::fromStdString(value);
        kept[absolute(path)] = values;
    }
    for (const QString& file : kept.keys())
        if (!recent.contains(file)) kept.remove(file);  // a file that left the list takes its options along
    QSettings settings;
    settings.setValue(kKey, recent);
    settings.setValue(kOptionsKey, kept);
    emit changed();
}

void RecentFiles::setPrompt(Prompt prompt) { prompt_ = std::move(prompt); }

bool RecentFiles::isProgram(const QString& path, const QString& arch) {
    const QFileInfo info(path);
    if (!info.isFile()) return false;  // nothing that could run: the loader reports what is wrong
    const QString suffix = info.suffix().toLower();
    if (arch == "torchscript" || suffix == "ts" || suffix == "torchscript") return true;
    try {
        return checkpointKind(path.toStdString()) == CheckpointKind::TorchScript;
    } catch (const std::exception&) {
        return false;  // not a checkpoint archive at all; the loader says what it is
    }
}

bool RecentFiles::trusts(const QString& path, const QString& arch) const {
    return !isProgram(path, arch) || session_.contains(absolute(path)) || list().contains(absolute(path)) ||
           isDemoFile(path);
}

bool RecentFiles::mayLoad(const QString& path, const QString& arch) {
    if (trusts(path, arch)) return true;
    if (!prompt_(absolute(path))) return false;
    add(path);
    return true;
}

void RecentFiles::trustForSession(const QString& path) { session_.insert(absolute(path)); }

}  // namespace kann::ui
