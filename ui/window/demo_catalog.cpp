#include "ui/window/demo_catalog.h"

#include "core/common/error.h"
#include "core/pipeline/option_schema.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <nlohmann/json.hpp>

namespace kann::ui {
namespace {

std::string resolved(const QDir& folder, const QJsonObject& o, const char* key) {
    const QString value = o.value(key).toString();
    return value.isEmpty() ? std::string() : QDir::cleanPath(folder.absoluteFilePath(value)).toStdString();
}

// The demo's files (relative to its folder) and options, as the option schema names them.
void readSource(const QString& path, const QDir& folder, const QJsonObject& o, SourceSpec& spec) {
    for (const SourceOption& option : sourceOptions())
        if (option.group == "files") option.write(spec, resolved(folder, o, option.jsonKey.c_str()));
    try {
        const QByteArray options = QJsonDocument(o.value("options").toObject()).toJson(QJsonDocument::Compact);
        applySourceOptionsJson(nlohmann::json::parse(options.toStdString()), spec);
    } catch (const InputError& e) {
        throw InputError(path.toStdString(), e.what());
    }
}

// Phases must be ordered, non-empty and non-overlapping, or the shading would mislead.
std::vector<TaskPhase> readPhases(const QString& path, const QJsonObject& task) {
    std::vector<TaskPhase> phases;
    for (const QJsonValue& v : task.value("phases").toArray()) {
        const QJsonObject o = v.toObject();
        TaskPhase p{o.value("name").toString(), o.value("begin").toInt(-1), o.value("end").toInt(-1)};
        const int previousEnd = phases.empty() ? 0 : phases.back().end;
        if (p.name.isEmpty() || p.begin < previousEnd || p.end <= p.begin)
            throw InputError(path.toStdString(), "copy_task phase " + std::to_string(phases.size()) +
                                                     " needs a name and steps begin < end after the previous phase");
        phases.push_back(p);
    }
    return phases;
}

std::map<int, QString> readLabelNames(const QString& path, const QJsonObject& names) {
    std::map<int, QString> out;
    for (auto it = names.begin(); it != names.end(); ++it) {
        bool ok = false;
        const int label = it.key().toInt(&ok);
        if (!ok || !it.value().isString())
            throw InputError(path.toStdString(), "label_names maps whole-number labels to names, got \"" +
                                                     it.key().toStdString() + "\"");
        out[label] = it.value().toString();
    }
    return out;
}

}  // namespace

QString resourcesDir() {
    const QString fromEnv = qEnvironmentVariable("KANN_RESOURCES");
    if (!fromEnv.isEmpty()) return fromEnv;
    const QString installed = QCoreApplication::applicationDirPath() + "/../share/kann-studio/resources";
    if (QFileInfo(installed + "/demos").isDir()) return QDir::cleanPath(installed);
    return QStringLiteral(KANN_RESOURCES_DIR);
}

QStringList demoNames() { return {"copy", "sentiment", "ecg"}; }

Demo loadDemo(const QString& name) {
    const QDir folder(resourcesDir() + "/demos/" + name);
    const QString path = folder.filePath("demo.json");
    if (!demoNames().contains(name))
        throw InputError("--demo", "unknown demo \"" + name.toStdString() + "\" (choose copy, sentiment or ecg)");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(path.toStdString(), "the demo is not installed (run scripts/setup.sh, then build)");
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (!doc.isObject())
        throw InputError(path.toStdString(), "is not a JSON object: " + error.errorString().toStdString());
    const QJsonObject o = doc.object();
    Demo d;
    d.name = name;
    d.folder = folder.absolutePath();
    d.title = o.value("title").toString(name);
    d.description = o.value("description").toString();
    const std::string picture = resolved(folder, o, "picture");
    d.picture = QString::fromStdString(picture);
    readSource(path, folder, o, d.spec);
    d.select = o.value("select").toInt(-1);
    d.review = o.value("review").toInt(0);
    d.tab = o.value("tab").toString();
    d.labelNames = readLabelNames(path, o.value("label_names").toObject());
    d.untrainedModel = QString::fromStdString(resolved(folder, o, "untrained_model"));
    d.snapshots = QString::fromStdString(resolved(folder, o, "snapshots"));
    d.phases = readPhases(path, o.value("copy_task").toObject());
    if (d.spec.modelPath.empty() || d.spec.dataPath.empty())
        throw InputError(path.toStdString(), "names no \"model\" or no \"data\"");
    for (const std::string& p : {d.spec.modelPath, d.spec.dataPath, d.untrainedModel.toStdString(), d.snapshots.toStdString()})
        if (!p.empty() && !QFileInfo::exists(QString::fromStdString(p)))
            throw InputError(p, "is missing: the demo is not fully installed (run scripts/setup.sh)");
    return d;
}

}  // namespace kann::ui
