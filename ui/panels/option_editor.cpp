#include "ui/panels/option_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSpinBox>
#include <algorithm>
#include <climits>

namespace kann::ui {

namespace {

int clamped(long long x) { return static_cast<int>(std::clamp<long long>(x, INT_MIN, INT_MAX)); }

bool offersValues(const SourceOption& o) {
    return o.type == OptionType::Text && (!o.suggestions.empty() || !o.valuesFrom.empty());
}

// Default first (empty stands for "detected", said by the placeholder), then suggestions and the
// values found, each once.
void fillValues(QComboBox* box, const SourceOption& o, const std::vector<std::string>& found) {
    QStringList items{QString::fromStdString(o.defaultValue())};
    for (const auto* list : {&o.suggestions, &found})
        for (const std::string& value : *list)
            if (!items.contains(QString::fromStdString(value))) items << QString::fromStdString(value);
    const QString shown = box->currentText();
    box->clear();
    box->addItems(items);
    box->setCurrentText(shown);
}

QComboBox* valuesEditor(const SourceOption& o) {
    auto* box = new QComboBox;
    box->setEditable(true);
    box->setInsertPolicy(QComboBox::NoInsert);
    box->lineEdit()->setPlaceholderText(QObject::tr("detected"));
    fillValues(box, o, {});
    return box;
}

QWidget* newEditor(const SourceOption& o) {
    switch (o.type) {
    case OptionType::Choice: {
        auto* box = new QComboBox;
        for (const std::string& c : o.choices) box->addItem(QString::fromStdString(c));
        return box;
    }
    case OptionType::Integer: {
        auto* box = new QSpinBox;
        box->setRange(clamped(o.minimum), clamped(o.maximum));
        box->setSpecialValueText(QString::fromStdString(o.minimumMeans));
        return box;
    }
    case OptionType::Flag: return new QCheckBox(QString::fromStdString(o.label));
    default: return offersValues(o) ? static_cast<QWidget*>(valuesEditor(o)) : new QLineEdit;
    }
}

}  // namespace

QWidget* createOptionEditor(const SourceOption& option) {
    QWidget* editor = newEditor(option);
    editor->setObjectName(QString::fromStdString(option.name));
    editor->setToolTip(QString::fromStdString(option.describe()));
    setOptionEditorValue(editor, option, option.defaultValue());
    return editor;
}

std::string optionEditorValue(const QWidget* editor, const SourceOption& option) {
    switch (option.type) {
    case OptionType::Choice: return static_cast<const QComboBox*>(editor)->currentText().toStdString();
    case OptionType::Integer: return std::to_string(static_cast<const QSpinBox*>(editor)->value());
    case OptionType::Flag: return static_cast<const QCheckBox*>(editor)->isChecked() ? "true" : "false";
    default:
        if (offersValues(option)) return static_cast<const QComboBox*>(editor)->currentText().trimmed().toStdString();
        return static_cast<const QLineEdit*>(editor)->text().trimmed().toStdString();
    }
}

void setOptionEditorValue(QWidget* editor, const SourceOption& option, const std::string& value) {
    const QString text = QString::fromStdString(value);
    switch (option.type) {
    case OptionType::Choice: return static_cast<QComboBox*>(editor)->setCurrentText(text);
    case OptionType::Integer: return static_cast<QSpinBox*>(editor)->setValue(text.toInt());
    case OptionType::Flag: return static_cast<QCheckBox*>(editor)->setChecked(value == "true");
    default:
        if (offersValues(option)) return static_cast<QComboBox*>(editor)->setCurrentText(text);
        return static_cast<QLineEdit*>(editor)->setText(text);
    }
}

void offerOptionValues(QWidget* editor, const SourceOption& option, const std::vector<std::string>& found) {
    if (offersValues(option)) fillValues(static_cast<QComboBox*>(editor), option, found);
}

void onOptionEdited(QWidget* editor, const SourceOption& option, QObject* context, std::function<void()> edited) {
    switch (option.type) {
    case OptionType::Choice:
        QObject::connect(static_cast<QComboBox*>(editor), &QComboBox::activated, context, edited);
        return;
    case OptionType::Integer:
        QObject::connect(static_cast<QSpinBox*>(editor), &QSpinBox::editingFinished, context, edited);
        return;
    case OptionType::Flag: QObject::connect(static_cast<QCheckBox*>(editor), &QCheckBox::clicked, context, edited); return;
    default:
        if (offersValues(option)) {
            // A value picked from the list, or typed and confirmed.
            auto* box = static_cast<QComboBox*>(editor);
            QObject::connect(box, &QComboBox::activated, context, edited);
            QObject::connect(box->lineEdit(), &QLineEdit::editingFinished, context, edited);
            return;
        }
        QObject::connect(static_cast<QLineEdit*>(editor), &QLineEdit::editingFinished, context, edited);
    }
}

}  // namespace kann::ui
