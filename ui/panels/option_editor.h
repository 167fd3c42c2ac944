#pragma once
// A form field for one option of the option schema, chosen by its type: a combo box for choices,
// an editable one for text with values to offer (suggestions, or what a file lists), a spin box for
// whole numbers (its minimum shown as what it stands for, e.g. "any"), a check box for flags, a
// line edit for paths and other text. The field's tooltip is the option's help.
#include "core/pipeline/option_schema.h"

#include <functional>
#include <string>
#include <vector>

class QObject;
class QWidget;

namespace kann::ui {

// A new field for `option` showing its default; its object name is the option's name.
QWidget* createOptionEditor(const SourceOption& option);
// The value `editor` (made by createOptionEditor for `option`) shows, as the schema's text.
std::string optionEditorValue(const QWidget* editor, const SourceOption& option);
// Shows `value` (the schema's text, already checked by the option) in `editor`.
void setOptionEditorValue(QWidget* editor, const SourceOption& option, const std::string& value);

// Offers the option's suggestions and `found` (the values its file lists) in `editor`, keeping the
// value shown; the default (empty or "auto") reads "detected: X" or "auto (detected: X)" with
// `detected`, what the file settled ("" when it said nothing). Does nothing for a field that is no list.
void offerOptionValues(QWidget* editor, const SourceOption& option, const std::vector<std::string>& found,
                       const std::string& detected);

// Calls `edited` (in `context`) when the user has changed `editor`'s value: a choice made, a number
// or text entered, a box ticked.
void onOptionEdited(QWidget* editor, const SourceOption& option, QObject* context, std::function<void()> edited);

}  // namespace kann::ui
