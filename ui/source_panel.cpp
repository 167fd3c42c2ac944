#include "ui/source_panel.h"

#include "ui/recent_files.h"

#include <QCheckBox>
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
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <map>

namespace kann::ui {
namespace {

QSpinBox* spin(int minimum, int maximum, const QString& special = {}) {
    auto* box = new QSpinBox;
    box->setRange(minimum, maximum);
    if (!special.isEmpty()) box->setSpecialValueText(special);
    return box;
}

QLabel* infoLabel() {
    auto* label = new QLabel;
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setStyleSheet("color: #444");
    return label;
}

// Plain text with line breaks, for a rich-text label.
QString htmlLines(const std::string& text) { return QString::fromStdString(text).toHtmlEscaped().replace('\n', "<br>"); }

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
            return htmlLines(describe());
        } catch (const std::exception& e) {
            return QStringLiteral("<span style='color:#b2182b'>%1</span>").arg(QString::fromStdString(e.what()).toHtmlEscaped());
        }
    }));
}

std::string datasetSummary(const std::string& path) {
    const Dataset d = loadDataset(path);
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
    static const QStringList suffixes = {"pt", "pth", "ckpt", "bin", "ts", "torchscript"};
    return suffixes.contains(f.suffix().toLower());
}

}  // namespace

QString modelFileFilter() {
    return QObject::tr("Models (*.pt *.pth *.ckpt *.bin *.ts *.torchscript);;All files (*)");
}

SourcePanel::SourcePanel(RecentFiles* recent, QWidget* parent) : QWidget(parent), recent_(recent) {
    model_ = new QLineEdit;
    model_->setPlaceholderText(tr("checkpoint (.pt) or TorchScript"));
    arch_ = new QComboBox;
    arch_->addItems({"auto", "sentiment", "ecg-autoencoder", "stack", "torchscript"});
    arch_->setToolTip(tr("Layout of the checkpoint; auto detects it from the tensor names"));
    modelInfo_ = infoLabel();
    modelInfo_->setObjectName("modelInfo");
    data_ = new QLineEdit;
    data_->setPlaceholderText(tr("dataset file or folder"));
    dataInfo_ = infoLabel();
    vocab_ = new QLineEdit;
    vocab_->setPlaceholderText(tr("text datasets: WordPiece vocabulary"));

    auto* files = new QGroupBox(tr("Model and data"));
    auto* fileForm = new QFormLayout(files);
    fileForm->addRow(tr("Model"), fileRow(model_, modelFileFilter(), false));
    fileForm->addRow(tr("Layout"), arch_);
    fileForm->addRow(QString(), modelInfo_);
    fileForm->addRow(tr("Dataset"), fileRow(data_, tr("Datasets (*.txt *.tsv *.csv *.arff *.npy *.npz);;All files (*)"), true));
    fileForm->addRow(QString(), dataInfo_);
    fileForm->addRow(tr("Vocabulary"), fileRow(vocab_, tr("Vocabularies (*.txt *.vocab);;All files (*)"), false));

    count_ = spin(1, 100000);
    offset_ = spin(0, 10000000);
    label_ = spin(-1, 1000, tr("any"));
    maxLength_ = spin(0, 100000, tr("no limit"));
    auto* batch = new QGroupBox(tr("Batch"));
    auto* batchForm = new QFormLayout(batch);
    batchForm->addRow(tr("Sequences"), count_);
    batchForm->addRow(tr("Skip first"), offset_);
    batchForm->addRow(tr("Label"), label_);
    batchForm->addRow(tr("Max length"), maxLength_);

    k_ = spin(-1, 4096, tr("auto"));
    k_->setToolTip(tr("Components kept by the reduction; auto = min(pairs, state size) − 1"));
    reduction_ = new QComboBox;
    reduction_->addItem(tr("SVD (paper)"), "svd");
    reduction_->addItem(tr("PCA (centred)"), "pca");
    reduction_->addItem(tr("Randomized SVD"), "rsvd");
    padding_ = new QCheckBox(tr("Fit over padding (reference notebook)"));
    auto* analysis = new QGroupBox(tr("Analysis"));
    auto* analysisForm = new QFormLayout(analysis);
    analysisForm->addRow(tr("k"), k_);
    analysisForm->addRow(tr("Reduction"), reduction_);
    analysisForm->addRow(padding_);

    run_ = new QPushButton(tr("Run analysis"));
    run_->setObjectName("runAnalysis");
    run_->setDefault(true);
    run_->setMinimumHeight(32);
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->setEnabled(false);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(run_, 1);
    buttons->addWidget(cancel_);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(files);
    layout->addWidget(batch);
    layout->addWidget(analysis);
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
    s.modelPath = model_->text().trimmed().toStdString();
    s.dataPath = data_->text().trimmed().toStdString();
    s.vocabPath = vocab_->text().trimmed().toStdString();
    s.load.arch = arch_->currentText().toStdString();
    s.selection.count = count_->value();
    s.selection.offset = offset_->value();
    s.selection.label = label_->value();
    s.selection.maxLength = maxLength_->value();
    s.analysis.k = k_->value();
    s.analysis.reduction = parseReduction(reduction_->currentData().toString().toStdString());
    s.analysis.includePadding = padding_->isChecked();
    return s;
}

void SourcePanel::setSpec(const SourceSpec& s) {
    model_->setText(QString::fromStdString(s.modelPath));
    data_->setText(QString::fromStdString(s.dataPath));
    vocab_->setText(QString::fromStdString(s.vocabPath));
    arch_->setCurrentText(QString::fromStdString(s.load.arch));
    count_->setValue(s.selection.count);
    offset_->setValue(s.selection.offset);
    label_->setValue(s.selection.label);
    maxLength_->setValue(s.selection.maxLength);
    k_->setValue(s.analysis.k);
    reduction_->setCurrentIndex(reduction_->findData(QString(reductionName(s.analysis.reduction))));
    padding_->setChecked(s.analysis.includePadding);
    modelInfo_->clear();
    dataInfo_->clear();
}

void SourcePanel::describe(const Exploration& e) {
    ++modelProbe_;  // a probe still running must not overwrite what the run found
    ++dataProbe_;
    modelInfo_->setText(e.network ? htmlLines(e.network->info().details())
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
    LoadOptions options;
    options.arch = arch_->currentText().toStdString();
    probeInto(this, modelInfo_, &modelProbe_, [path, options] { return loadNetwork(path, options)->info().details(); });
}

void SourcePanel::describeData() {
    const std::string path = data_->text().trimmed().toStdString();
    if (path.empty()) return dataInfo_->clear();
    probeInto(this, dataInfo_, &dataProbe_, [path] { return datasetSummary(path); });
}

void SourcePanel::setRunning(bool running) {
    run_->setEnabled(!running);
    cancel_->setEnabled(running);
}

void SourcePanel::saveSettings() const {
    QSettings settings;
    const SourceSpec s = spec();
    settings.beginGroup("source");
    settings.setValue("model", model_->text());
    settings.setValue("data", data_->text());
    settings.setValue("vocab", vocab_->text());
    settings.setValue("arch", arch_->currentText());
    settings.setValue("count", s.selection.count);
    settings.setValue("offset", s.selection.offset);
    settings.setValue("label", s.selection.label);
    settings.setValue("maxLength", s.selection.maxLength);
    settings.setValue("k", s.analysis.k);
    settings.setValue("reduction", reductionName(s.analysis.reduction));
    settings.setValue("includePadding", s.analysis.includePadding);
    settings.endGroup();
}

void SourcePanel::restoreSettings() {
    QSettings settings;
    settings.beginGroup("source");
    SourceSpec s;
    s.modelPath = settings.value("model").toString().toStdString();
    s.dataPath = settings.value("data").toString().toStdString();
    s.vocabPath = settings.value("vocab").toString().toStdString();
    s.load.arch = settings.value("arch", "auto").toString().toStdString();
    s.selection.count = settings.value("count", s.selection.count).toInt();
    s.selection.offset = settings.value("offset", s.selection.offset).toInt();
    s.selection.label = settings.value("label", s.selection.label).toInt();
    s.selection.maxLength = settings.value("maxLength", s.selection.maxLength).toInt();
    s.analysis.k = settings.value("k", s.analysis.k).toInt();
    try {
        s.analysis.reduction = parseReduction(settings.value("reduction", "svd").toString().toStdString());
    } catch (const std::exception&) {
        s.analysis.reduction = Reduction::Svd;  // a hand-edited settings file must not stop the start
    }
    s.analysis.includePadding = settings.value("includePadding", false).toBool();
    settings.endGroup();
    setSpec(s);
}

}  // namespace kann::ui
