#pragma once
// The studio's words, each said once in plain language with its formula: Help > Glossary shows
// them all, and the tooltips of columns and axes that use a word quote its entry.
#include <QString>

namespace kann::ui {

// One entry by its key (dominance, residual, phi, eq10, eq11, kick, signed); empty when unknown.
QString glossaryTip(const QString& key);
// Every entry as one HTML page.
QString glossaryHtml();

}  // namespace kann::ui
