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

// A list's items show a text and hold the option's value: the default (empty or "auto", what
// detection decides) reads as what it is, with what was detected once a file has said it.
QString defaultText(const SourceOption& o, const std::string& detected) {
    const QString value = QString::fromStdString(o.defaultValue());
    const QString found = QString::fromStdString(detected);
    if (value.isEmpty()) return found.isEmpty() ? QObject::tr("detected") : QObject::tr("detected: %1").arg(found);
    if (value != "auto" || found.isEmpty()) return value;
    return QObject::tr("auto (detected: %1)").arg(found);
}

// The value an item holds, whatever its text says.
QString itemValue(const QComboBox* box, int index) { return box->itemData(index).toString(); }

// The value shown: an item's, or what was typed.
QString shownValue(const QComboBox* box) {
    const int index = box->findText(box->currentText());
    return index >= 0 ? itemValue(box, index) : box->currentText().trimmed();
}

void showValue(QComboBox* box, const QString& value) {
    const int index = box->findData(value);
    if (index >= 0) box->setCurrentIndex(index);
    else box->setCurrentText(value);
}

// Default first, then suggestions and the values found, each once; the value shown stays.
void fillValues(QComboBox* box, const SourceOption& o, const std::vector<std::string>& found, const std::string& detected) {
    const QString shown = shownValue(box);
    box->clear();
    box->addItem(defaultText(o, detected), QString::fromStdString(o.defaultValue()));
    for (const auto* list : {&o.suggestions, &found})
        for (const std::string& value : *list)
            if (box->findData(QString::fromStdString(value)) < 0)
                box->addItem(QString::fromStdString(value), QString::fromStdString(value));
    showValue(box, shown);
}

QComboBox* valuesEditor(const SourceOption& o) {
    auto* box = new QComboBox;
    box->setEditable(true);
    box->setInsertPolicy(QComboBox::NoInsert);
    box->lineEdit()->setPlaceholderText(QObject::tr("detected"));
    fillValues(box, o, {}, {});
    return box;
}

// The choices, the default labelled with what was detected.
void fillChoices(QComboBox* box, const SourceOption& o, const std::string& detected) {
    const QString shown = box->count() ? shownValue(box) : QString::fromStdString(o.defaultValue());
    box->clear();
    for (const std::string& c : o.choices)
        box->addItem(c == o.defaultValue() ? defaultText(o, detected) : QString::fromStdString(c), QString::fromStdString(c));
    showValue(box, shown);
}

QWidget* newEditor(const SourceOption& o) {
    switch (o.type) {
    case OptionType::Choice: {
        auto* box = new QComboBox;
        fillChoices(box, o, {});
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
    case OptionType::Choice: return shownValue(static_cast<const QComboBox*>(editor)).toStdString();
    case OptionType::Integer: return std::to_string(static_cast<const QSpinBox*>(editor)->value());
    case OptionType::Flag: return static_cast<const QCheckBox*>(editor)->isChecked() ? "true" : "false";
    default:
        if (offersValues(option)) return shownValue(static_cast<const QComboBox*>(editor)).toStdString();
        return static_cast<const QLineEdit*>(editor)->text().trimmed().toStdString();
    }
}

void setOptionEditorValue(QWidget* editor, const SourceOption& option, const std::string& value) {
    const QString text = QString::fromStdString(value);
    switch (option.type) {
    case OptionType::Choice: return showValue(static_cast<QComboBox*>(editor), text);
    case OptionType::Integer: return static_cast<QSpinBox*>(editor)->setValue(text.toInt());
    case OptionType::Flag: return static_cast<QCheckBox*>(editor)->setChecked(value == "true");
    default:
        if (offersValues(option)) return showValue(static_cast<QComboBox*>(editor), text);
        return static_cast<QLineEdit*>(editor)->setText(text);
    }
}

void offerOptionValues(QWidget* editor, const SourceOption& option, const std::vector<std::string>& found,
                       const std::string& detected) {
    if (option.type == OptionType::Choice) fillChoices(static_cast<QComboBox*>(editor), option, detected);
    if (offersValues(option)) fillValues(static_cast<QComboBox*>(editor), option, found, detected);
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
