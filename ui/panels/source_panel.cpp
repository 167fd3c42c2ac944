#include "ui/panels/source_panel.h"

#include "core/pipeline/source_description.h"
#include "ui/panels/option_editor.h"
#include "ui/window/recent_files.h"

#include <QEvent>
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
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace kann::ui {
namespace {

QLabel* infoLabel() {
    auto* label = new QLabel;
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setStyleSheet("color: #444");
    return label;
}

// The summary, what was detected, and each assumption on a line of its own in the colour of a warning.
QString descriptionHtml(const FileDescription& d) {
    QString html = QString::fromStdString(d.summary).toHtmlEscaped();
    for (const std::string& note : d.notes)
        html += QStringLiteral("<br><span style='color:#555'>%1</span>").arg(QString::fromStdString(note).toHtmlEscaped());
    for (const std::string& assumption : d.assumptions)
        html += QStringLiteral("<br><span style='color:#a6611a'>%1</span>")
                    .arg(QObject::tr("assumed: %1").arg(QString::fromStdString(assumption).toHtmlEscaped()));
    return html;
}

// What a probe found: the description (or the refusal) and the values its options can take.
struct Probe {
    QString html;
    QString refusal;  // why the file was refused, or empty
    std::map<std::string, std::vector<std::string>> values;
    std::map<std::string, std::string> detected;
};

Probe probed(const SourceSpec& spec, const std::string& file, const std::function<FileDescription(const SourceSpec&)>& describe) {
    Probe p{{}, {}, optionValuesIn(spec, file), {}};
    try {
        const FileDescription d = describe(spec);
        p.html = descriptionHtml(d);
        p.detected = d.detected;
    } catch (const std::exception& e) {
        p.refusal = QString::fromStdString(e.what());
        p.html = QStringLiteral("<span style='color:#b2182b'>%1</span>").arg(p.refusal.toHtmlEscaped());
    }
    return p;
}

// The first option a refusal names with its --flag.
const SourceOption* optionNamedIn(const QString& refusal) {
    static const QRegularExpression flag(QStringLiteral("--([a-z][a-z0-9-]*)"));
    for (auto match = flag.globalMatch(refusal); match.hasNext();)
        if (const SourceOption* o = findSourceOption(match.next().captured(1).toStdString())) return o;
    return nullptr;
}

// The group of the options that say how `file` ("model" or "data") is read.
std::string optionGroupOf(const std::string& file) { return file == "model" ? "load" : "dataset"; }

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
    if (role == "data") return QObject::tr("Datasets (*.txt *.tsv *.csv *.jsonl *.arff *.ts *.npy *.npz);;All files (*)");
    if (role == "vocab") return QObject::tr("Vocabularies (*.txt *.vocab *.json);;All files (*)");
    if (role == "states" || role == "lengths" || role == "labels") return QObject::tr("NumPy arrays (*.npy);;All files (*)");
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
    data_ = static_cast<QLineEdit*>(editors_.at("data"));
    data_->setPlaceholderText(tr("dataset file or folder"));
    vocab_ = static_cast<QLineEdit*>(editors_.at("vocab"));
    vocab_->setPlaceholderText(tr("text datasets: the model's vocabulary"));
    modelInfo_ = infoLabel();
    modelInfo_->setObjectName("modelInfo");
    dataInfo_ = infoLabel();
    dataInfo_->setObjectName("dataInfo");

    auto* fields = new QWidget;
    auto* layout = new QVBoxLayout(fields);
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
    cancel_->setObjectName("cancelRun");
    cancel_->setEnabled(false);
    progress_ = new QProgressBar;
    progress_->setObjectName("runProgress");
    progress_->setRange(0, 100);
    progress_->setValue(0);
    progress_->setFormat(QString());
    auto* actions = new QWidget;
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(run_, 1);
    buttons->addWidget(cancel_);
    auto* actionLayout = new QVBoxLayout(actions);
    actionLayout->addLayout(buttons);
    actionLayout->addWidget(progress_);
    layout->addStretch(1);
    placeFields(fields, actions);

    connect(run_, &QPushButton::clicked, this, [this] {
        revealed_ = nullptr;
        saveSettings();
        emit runRequested(spec());
    });
    connect(cancel_, &QPushButton::clicked, this, &SourcePanel::cancelRequested);
    // A changed file or load or dataset option is read again at once, before any run.
    for (const SourceOption& o : sourceOptions()) {
        if (o.name == "model" || o.group == optionGroupOf("model")) onOptionEdited(editors_.at(o.name), o, this, [this] { probeModel(); });
        if (o.name == "data" || o.group == optionGroupOf("data")) onOptionEdited(editors_.at(o.name), o, this, [this] { probeData(); });
        if (const std::string& other = o.onlyWith.first; !other.empty())
            onOptionEdited(editors_.at(other), *findSourceOption(other), this, [this] { followConditions(); });
    }
    followConditions();
}

// The fields scroll up and down on a short screen but never get narrower than their labels and
// buttons (a scroll area's own minimum is tiny, and a dock shrinks to it); Run, Cancel and the
// progress stay under them, in view, and never move.
void SourcePanel::placeFields(QWidget* fields, QWidget* actions) {
    auto* scroll = scroll_ = new QScrollArea;
    scroll->setWidget(fields);
    fields->installEventFilter(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(fields->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width());
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(scroll, 1);
    layout->addWidget(actions);
}

void SourcePanel::addRow(QFormLayout* form, const std::string& name) {
    const SourceOption& o = *findSourceOption(name);
    QWidget* editor = editors_.at(name);
    QWidget* field = o.type == OptionType::Path ? fileRow(static_cast<QLineEdit*>(editor), fileFilter(o.jsonKey), name == "data")
                                                : editor;
    fields_[name] = field;
    if (o.type == OptionType::Flag) return form->addRow(field);
    auto* label = new QLabel(QString::fromStdString(o.label));
    label->setBuddy(editor);
    labels_[name] = label;
    form->addRow(label, field);
}

bool SourcePanel::applies(const SourceOption& o) const {
    const auto& [other, needed] = o.onlyWith;
    return other.empty() || optionEditorValue(editors_.at(other), *findSourceOption(other)) == needed;
}

// A field whose option means nothing with the values chosen is greyed, and says what enables it.
void SourcePanel::followConditions() {
    for (const SourceOption& o : sourceOptions()) {
        const auto& [other, needed] = o.onlyWith;
        if (other.empty()) continue;
        const bool on = applies(o);
        const QString why = on ? QString()
                               : "\n" + tr("Applies only when %1 is %2 (--%3 %2).")
                                            .arg(QString::fromStdString(findSourceOption(other)->label),
                                                 QString::fromStdString(needed), QString::fromStdString(other));
        editors_.at(o.name)->setToolTip(QString::fromStdString(o.describe()) + why);
        fields_.at(o.name)->setEnabled(on);
        if (const auto label = labels_.find(o.name); label != labels_.end()) {
            label->second->setEnabled(on);
            label->second->setToolTip(why.mid(1));
        }
    }
}

void SourcePanel::showRefusal(const QString& source, const QString& message) {
    if (const SourceOption* o = optionNamedIn(source + ' ' + message)) revealOption(o->name);
}

// Under Advanced, the option a file's refusal names is shown at the top of the section (the panel
// may show only its first rows), its list of fixes beside it; the focus and the panel's scrolling
// stay the user's, who is reading the refusal.
void SourcePanel::showOptionOf(const QString& refusal) {
    const SourceOption* o = optionNamedIn(refusal);
    if (!o || isMainOption(o->name)) return;
    advanced_->setChecked(true);
    QTimer::singleShot(0, this, [this, field = QPointer<QWidget>(fields_.at(o->name))] {
        if (field)  // one row above it stays in view: the group's title
            advancedScroll_->verticalScrollBar()->setValue(field->mapTo(advancedScroll_->widget(), QPoint()).y() - field->height());
    });
}

void SourcePanel::revealOption(const std::string& name) {
    if (!isMainOption(name)) advanced_->setChecked(true);
    revealed_ = fields_.at(name);
    QTimer::singleShot(0, this, [this, editor = editors_.at(name)] {
        bringIntoView();
        editor->setFocus(Qt::OtherFocusReason);
    });
}

// Both scroll areas bring the field a refusal named into view, and do again whenever the fields
// are resized (an opened section, a description growing above the field) until the next run.
void SourcePanel::bringIntoView() {
    if (!revealed_) return;
    advancedScroll_->ensureWidgetVisible(revealed_);
    scroll_->ensureWidgetVisible(revealed_);
}

bool SourcePanel::eventFilter(QObject* watched, QEvent* event) {
    // Queued: the scroll area sets its range after resizing what it scrolls.
    if (event->type() == QEvent::Resize && revealed_) QTimer::singleShot(0, this, &SourcePanel::bringIntoView);
    return QWidget::eventFilter(watched, event);
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
    auto* scroll = advancedScroll_ = new QScrollArea;
    scroll->setWidget(content);
    content->installEventFilter(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // Open, the section keeps its height and the panel scrolls: squeezed into what is left of a short
    // screen, it would show one row.
    scroll->setMaximumHeight(260);
    scroll->setMinimumHeight(std::min(260, content->sizeHint().height()));
    scroll->setVisible(false);
    auto* toggle = advanced_ = new QToolButton;
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
        if (applies(o)) o.apply(s, optionEditorValue(editor, o));  // a greyed field keeps the default
    }
    return s;
}

void SourcePanel::setSpec(const SourceSpec& s) {
    for (const auto& [name, value] : sourceValues(s)) setOptionEditorValue(editors_.at(name), *findSourceOption(name), value);
    followConditions();
    modelInfo_->clear();
    dataInfo_->clear();
}

void SourcePanel::openSpec(const SourceSpec& s) {
    setSpec(s);
    readFiles();
}

void SourcePanel::readFiles() {
    probeModel();
    probeData();
}

void SourcePanel::describe(const Exploration& e) {
    ++modelProbe_;  // a probe still running must not overwrite what the run found
    ++dataProbe_;
    modelInfo_->setText(e.network ? descriptionHtml({e.network->info().summary(), e.network->info().assumptions, {}})
                                  : tr("hidden states read from %1").arg(QString::fromStdString(e.spec.statesPath).toHtmlEscaped()));
    if (e.dataset.size() == 0) return dataInfo_->clear();
    const char* kind = e.dataset.kind == Dataset::Kind::Text ? "text" : "series";
    const std::string summary = std::string(kind) + ", " + std::to_string(e.dataset.size()) + " sequences (" +
                                e.dataset.format + "); batch of " + std::to_string(e.result.batch);
    dataInfo_->setText(descriptionHtml({summary, {}, e.notes()}));
}

void SourcePanel::openPath(const QString& path) {
    const QFileInfo info(path);
    QLineEdit* target = isVocabulary(info) ? vocab_ : isModel(info) ? model_ : data_;
    target->setText(info.absoluteFilePath());
    emit target->editingFinished();
}

void SourcePanel::probeModel() {
    const std::string path = model_->text().trimmed().toStdString();
    if (path.empty()) return modelInfo_->clear();
    if (!recent_->mayLoad(model_->text().trimmed(), QString::fromStdString(spec().load.arch)))
        return modelInfo_->setText(tr("<i>not read: a TorchScript file is a program, and it was not trusted</i>"));
    probe("model", modelInfo_, &modelProbe_, &kann::describeModel);
}

void SourcePanel::probeData() {
    const std::string path = data_->text().trimmed().toStdString();
    if (path.empty()) return dataInfo_->clear();
    probe("data", dataInfo_, &dataProbe_, &kann::describeData);
}

// Reads `file` on a worker thread (a checkpoint or a large table can take a while), then shows its
// description in `label` and offers the values it lists in the options it fills, unless a newer
// probe of the same file started meanwhile.
void SourcePanel::probe(const std::string& file, QLabel* label, int* counter, FileDescription (*describe)(const SourceSpec&)) {
    const int ticket = ++*counter;
    label->setText(tr("<i>reading…</i>"));
    auto* watcher = new QFutureWatcher<Probe>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, label, counter, ticket, file] {
        watcher->deleteLater();
        if (ticket != *counter) return;
        const Probe found = watcher->result();
        label->setText(found.html);
        showOptionOf(found.refusal);
        for (const SourceOption& o : sourceOptions()) {
            if (o.valuesFrom != file && o.group != optionGroupOf(file)) continue;
            const auto values = found.values.find(o.name);
            const auto detected = found.detected.find(o.name);
            offerOptionValues(editors_.at(o.name), o, values == found.values.end() ? std::vector<std::string>{} : values->second,
                              detected == found.detected.end() ? std::string() : detected->second);
        }
    });
    watcher->setFuture(QtConcurrent::run([source = spec(), file, describe] { return probed(source, file, describe); }));
}

void SourcePanel::setRunning(bool running) {
    run_->setEnabled(!running);
    cancel_->setEnabled(running);
    // The bar stays in place either way, so nothing below it moves when a run starts or ends.
    setProgress(0, running ? tr("starting") : QString());
}

void SourcePanel::setProgress(int percent, const QString& stage) {
    progress_->setValue(percent);
    progress_->setFormat(stage.isEmpty() ? QString() : QStringLiteral("%p % · ") + stage);
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
        if (!o) continue;  // a key no option reads (written by another build)
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
