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
    default: return new QLineEdit;
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
    default: return static_cast<const QLineEdit*>(editor)->text().trimmed().toStdString();
    }
}

void setOptionEditorValue(QWidget* editor, const SourceOption& option, const std::string& value) {
    const QString text = QString::fromStdString(value);
    switch (option.type) {
    case OptionType::Choice: return static_cast<QComboBox*>(editor)->setCurrentText(text);
    case OptionType::Integer: return static_cast<QSpinBox*>(editor)->setValue(text.toInt());
    case OptionType::Flag: return static_cast<QCheckBox*>(editor)->setChecked(value == "true");
    default: return static_cast<QLineEdit*>(editor)->setText(text);
    }
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
    default: QObject::connect(static_cast<QLineEdit*>(editor), &QLineEdit::editingFinished, context, edited);
    }
}

}  // namespace kann::ui
