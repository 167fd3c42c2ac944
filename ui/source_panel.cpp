#include "ui/source_panel.h"

#include "ui/option_editor.h"
#include "ui/recent_files.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <map>

namespace kann::ui {
namespace {

QLabel* infoLabel() {
    auto* label = new QLabel;
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setStyleSheet("color: #444");
    return label;
}

// Runs `describe` on a worker thread and shows its answer (or its error) in `label`, unless a
// newer probe of the same field started meanwhile.
void probeInto(QObject* owner, QLabel* label, int* counter, std::function<std::string()> describe) {
    const int ticket = ++*counter;
    label->setText(QObject::tr("<i>reading…</i>"));
    auto* watcher = new QFutureWatcher<QString>(owner);
    QObject::connect(watcher, &QFutureWatcherBase::finished, owner, [watcher, label, counter, ticket] {
        if (ticket == *counter) label->setText(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([describe] {
        try {
            return QString::fromStdString(describe()).toHtmlEscaped();
        } catch (const std::exception& e) {
            return QStringLiteral("<span style='color:#b2182b'>%1</span>").arg(QString::fromStdString(e.what()).toHtmlEscaped());
        }
    }));
}

std::string datasetSummary(const std::string& path, const DatasetOptions& options) {
    const Dataset d = loadDataset(path, options);
    std::string s = (d.kind == Dataset::Kind::Text ? "text, " : "series, ") + std::to_string(d.size()) +
                    " sequences (" + d.format + ")";
    std::map<int, int> counts;
    for (int l : d.labels) ++counts[l];
    if (d.hasLabels()) {
        s += "; labels:";
        for (auto [label, n] : counts) {
            const bool named = label >= 0 && label < static_cast<int>(d.labelNames.size()) && !d.labelNames[label].empty();
            s += " " + (named ? d.labelNames[label] : std::to_string(label)) + " (" + std::to_string(n) + ")";
        }
    }
    if (d.kind == Dataset::Kind::Series && d.size() > 0)
        s += "; " + std::to_string(d.seriesLength(0)) + " steps x " + std::to_string(d.channels) + " channels";
    return s;
}

bool isVocabulary(const QFileInfo& f) { return f.fileName().contains("vocab", Qt::CaseInsensitive); }
bool isModel(const QFileInfo& f) {
    static const QStringList suffixes = {"pt", "pth", "ckpt", "bin", "ts", "torchscript", "onnx"};
    return suffixes.contains(f.suffix().toLower());
}

}  // namespace

QString modelFileFilter() {
    return QObject::tr("Models (*.pt *.pth *.ckpt *.bin *.ts *.torchscript *.onnx);;All files (*)");
}

namespace {

// The file dialog filter of each file option; options not listed take any file.
QString fileFilter(const std::string& role) {
    if (role == "model") return modelFileFilter();
    if (role == "data") return QObject::tr("Datasets (*.txt *.tsv *.csv *.arff *.npy *.npz);;All files (*)");
    if (role == "vocab") return QObject::tr("Vocabularies (*.txt *.vocab *.json);;All files (*)");
    if (role == "states" || role == "lengths") return QObject::tr("NumPy arrays (*.npy);;All files (*)");
    return QObject::tr("All files (*)");
}

// The options shown above Advanced, by the group box that holds them.
const std::vector<std::pair<const char*, std::vector<std::string>>>& mainRows() {
    static const std::vector<std::pair<const char*, std::vector<std::string>>> rows = {
        {QT_TRANSLATE_NOOP("SourcePanel", "Model and data"), {"model", "arch", "data", "vocab"}},
        {QT_TRANSLATE_NOOP("SourcePanel", "Batch"), {"batch", "offset", "label", "max-len"}},
        {QT_TRANSLATE_NOOP("SourcePanel", "Analysis"), {"k", "reduction", "fit", "include-padding"}}};
    return rows;
}

bool isMainOption(const std::string& name) {
    for (const auto& [title, names] : mainRows())
        if (std::find(names.begin(), names.end(), name) != names.end()) return true;
    return false;
}

}  // namespace

SourcePanel::SourcePanel(RecentFiles* recent, QWidget* parent) : QWidget(parent), recent_(recent) {
    for (const SourceOption& o : sourceOptions()) editors_[o.name] = createOptionEditor(o);
    model_ = static_cast<QLineEdit*>(editors_.at("model"));
    model_->setPlaceholderText(tr("checkpoint (.pt), TorchScript or ONNX model"));
    arch_ = static_cast<QComboBox*>(editors_.at("arch"));
    data_ = static_cast<QLineEdit*>(editors_.at("data"));
    data_->setPlaceholderText(tr("dataset file or folder"));
    vocab_ = static_cast<QLineEdit*>(editors_.at("vocab"));
    vocab_->setPlaceholderText(tr("text datasets: the model's vocabulary"));
    modelInfo_ = infoLabel();
    modelInfo_->setObjectName("modelInfo");
    dataInfo_ = infoLabel();

    auto* layout = new QVBoxLayout(this);
    for (const auto& [title, names] : mainRows()) {
        auto* box = new QGroupBox(tr(title));
        auto* form = new QFormLayout(box);
        for (const std::string& name : names) {
            addRow(form, name);
            if (name == "arch") form->addRow(QString(), modelInfo_);
            if (name == "data") form->addRow(QString(), dataInfo_);
        }
        layout->addWidget(box);
    }
    layout->addWidget(advancedOptions());

    run_ = new QPushButton(tr("Run analysis"));
    run_->setObjectName("runAnalysis");
    run_->setDefault(true);
    run_->setMinimumHeight(32);
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->setEnabled(false);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(run_, 1);
    buttons->addWidget(cancel_);
    layout->addLayout(buttons);
    layout->addStretch(1);

    connect(run_, &QPushButton::clicked, this, [this] {
        saveSettings();
        for (QLineEdit* e : {model_, data_, vocab_})
            if (!e->text().isEmpty()) recent_->remember(e->text());
        emit runRequested(spec());
    });
    connect(cancel_, &QPushButton::clicked, this, &SourcePanel::cancelRequested);
    connect(model_, &QLineEdit::editingFinished, this, &SourcePanel::describeModel);
    connect(arch_, qOverload<int>(&QComboBox::activated), this, &SourcePanel::describeModel);
    connect(data_, &QLineEdit::editingFinished, this, &SourcePanel::describeData);
}

void SourcePanel::addRow(QFormLayout* form, const std::string& name) {
    const SourceOption& o = *findSourceOption(name);
    QWidget* editor = editors_.at(name);
    if (o.type == OptionType::Flag) return form->addRow(editor);
    if (o.type == OptionType::Path)
        editor = fileRow(static_cast<QLineEdit*>(editor), fileFilter(o.jsonKey), name == "data");
    form->addRow(QString::fromStdString(o.label), editor);
}

// Every option not shown above, by group, in a section that opens on demand and scrolls.
QWidget* SourcePanel::advancedOptions() {
    auto* content = new QWidget;
    auto* form = new QFormLayout(content);
    std::string group;
    for (const SourceOption& o : sourceOptions()) {
        if (isMainOption(o.name)) continue;
        if (o.group != group) {
            group = o.group;
            auto* title = new QLabel("<b>" + QString::fromStdString(optionGroupTitle(group)).toHtmlEscaped() + "</b>");
            form->addRow(title);
        }
        addRow(form, o.name);
    }
    auto* scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMaximumHeight(260);
    scroll->setVisible(false);
    auto* toggle = new QToolButton;
    toggle->setObjectName("advancedOptions");
    toggle->setText(tr("Advanced"));
    toggle->setCheckable(true);
    toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toggle->setArrowType(Qt::RightArrow);
    toggle->setAutoRaise(true);
    connect(toggle, &QToolButton::toggled, scroll, [toggle, scroll](bool open) {
        toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        scroll->setVisible(open);
    });
    auto* section = new QWidget;
    auto* column = new QVBoxLayout(section);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(toggle);
    column->addWidget(scroll);
    return section;
}

QWidget* SourcePanel::fileRow(QLineEdit* edit, const QString& filter, bool folders) {
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* browse = new QToolButton;
    browse->setText("…");
    browse->setToolTip(tr("Choose a file"));
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    auto choose = [this, edit, filter](bool folder) {
        const QString start = QFileInfo(edit->text()).absolutePath();
        const QString path = folder ? QFileDialog::getExistingDirectory(this, tr("Choose a folder"), start)
                                    : QFileDialog::getOpenFileName(this, tr("Choose a file"), start, filter);
        if (path.isEmpty()) return;
        edit->setText(path);
        emit edit->editingFinished();
    };
    connect(browse, &QToolButton::clicked, this, [choose] { choose(false); });
    if (folders) {
        auto* menu = new QMenu(browse);
        menu->addAction(tr("File…"), this, [choose] { choose(false); });
        menu->addAction(tr("Folder (e.g. aclImdb)…"), this, [choose] { choose(true); });
        browse->setMenu(menu);
        browse->setPopupMode(QToolButton::MenuButtonPopup);
    }
    return row;
}

SourceSpec SourcePanel::spec() const {
    SourceSpec s;
    for (const auto& [name, editor] : editors_) {
        const SourceOption& o = *findSourceOption(name);
        o.apply(s, optionEditorValue(editor, o));
    }
    return s;
}

void SourcePanel::setSpec(const SourceSpec& s) {
    for (const auto& [name, value] : sourceValues(s)) setOptionEditorValue(editors_.at(name), *findSourceOption(name), value);
    modelInfo_->clear();
    dataInfo_->clear();
}

void SourcePanel::describe(const Exploration& e) {
    ++modelProbe_;  // a probe still running must not overwrite what the run found
    ++dataProbe_;
    modelInfo_->setText(e.network ? QString::fromStdString(e.network->info().summary()).toHtmlEscaped()
                                  : tr("hidden states read from %1").arg(QString::fromStdString(e.spec.statesPath).toHtmlEscaped()));
    if (e.dataset.size() == 0) return dataInfo_->clear();
    const char* kind = e.dataset.kind == Dataset::Kind::Text ? "text" : "series";
    dataInfo_->setText(tr("%1, %2 sequences (%3); batch of %4").arg(kind).arg(e.dataset.size())
                           .arg(QString::fromStdString(e.dataset.format)).arg(e.result.batch));
}

void SourcePanel::openPath(const QString& path) {
    const QFileInfo info(path);
    QLineEdit* target = isVocabulary(info) ? vocab_ : isModel(info) ? model_ : data_;
    target->setText(info.absoluteFilePath());
    emit target->editingFinished();
    recent_->remember(info.absoluteFilePath());
}

void SourcePanel::describeModel() {
    const std::string path = model_->text().trimmed().toStdString();
    if (path.empty()) return modelInfo_->clear();
    if (!recent_->mayLoad(model_->text().trimmed(), arch_->currentText()))
        return modelInfo_->setText(tr("<i>not read: a TorchScript file is a program, and it was not trusted</i>"));
    const LoadOptions options = spec().load;
    probeInto(this, modelInfo_, &modelProbe_, [path, options] { return loadNetwork(path, options)->info().summary(); });
}

void SourcePanel::describeData() {
    const std::string path = data_->text().trimmed().toStdString();
    if (path.empty()) return dataInfo_->clear();
    const DatasetOptions options = spec().data;
    probeInto(this, dataInfo_, &dataProbe_, [path, options] { return datasetSummary(path, options); });
}

void SourcePanel::setRunning(bool running) {
    run_->setEnabled(!running);
    cancel_->setEnabled(running);
}

void SourcePanel::saveSettings() const {
    QSettings settings;
    settings.remove("source");  // keys of renamed or removed options must not come back
    settings.beginGroup("source");
    for (const auto& [name, value] : sourceValues(spec())) settings.setValue(QString::fromStdString(name), QString::fromStdString(value));
    settings.endGroup();
}

void SourcePanel::restoreSettings() {
    QSettings settings;
    settings.beginGroup("source");
    SourceSpec s;
    for (const QString& key : settings.childKeys()) {
        const SourceOption* o = findSourceOption(key.toStdString());
        if (!o) continue;  // a key of an option that no longer exists
        try {
            o->apply(s, settings.value(key).toString().toStdString());
        } catch (const std::exception&) {
            // a hand-edited value must not stop the start: that option keeps its default
        }
    }
    settings.endGroup();
    setSpec(s);
}

}  // namespace kann::ui
