#include "ui/base/glossary.h"

#include <QObject>

namespace kann::ui {
namespace {

struct Entry {
    const char* key;
    const char* term;
    const char* plain;
    const char* formula;
};

// Plain words first, the formula after: a student reads the first, an author checks the second.
const Entry kEntries[] = {
    {"phi", "φ (a mode's value)",
     "How strongly one mode is present in the network's state at each step. Each eigenvalue λ has one mode; "
     "φ is a complex number per step, |φ| its size.",
     "φ = Zp·V: the reduced hidden states Zp times the eigenvectors V of C"},
    {"dominance", "dominance",
     "How much a mode is present over the whole batch: large for the modes that carry most of what the "
     "network does. The spectrum draws dominant modes large and dark.",
     "Eq. 10 of the paper: the mean over sequences of Σ_t |φ_j(t)|"},
    {"eq10", "Eq. 10", "The paper's measure of dominance (see dominance).", "mean over the batch of Σ_t |φ_j(t)|"},
    {"residual", "residual",
     "How far a mode is from behaving as its eigenvalue says (φ(t+1) = λ·φ(t)). Near 0: a real mode of the "
     "network's dynamics. About 1: an artefact of the fit, drawn faded with a dashed ring.",
     "residual DMD: ‖Yp·v − λ·Xp·v‖ / ‖Xp·v‖ over the fit's pairs of steps"},
    {"eq11", "Eq. 11",
     "Rebuilding the network's states from one mode (or one conjugate pair) alone, to see what that mode "
     "contributes: the decoding plot of the autoencoder shows it.",
     "Eq. 11 of the paper: Zp·|V_J U_J| for the pair J (the exact form takes the real part instead)"},
    {"kick", "kick",
     "What one word changed in a mode: the mode's value after the word minus what the mode would have been "
     "had the word not come.",
     "|φ_j(after) − λ_jⁿ·φ_j(before)| for a word of n pieces"},
    {"signed", "signed colouring",
     "Colours each word or step by the real part of φ, with its sign chosen so that the positive side goes "
     "with the readout's positive verdict. Without a one-logit readout the sign is arbitrary.",
     "Re φ_j, times ±1 so that Re φ_j at the final state correlates positively with the readout's logit"},
};

QString entryHtml(const Entry& e) {
    return QStringLiteral("<p><b>%1</b>: %2<br><span style='color:#555'><i>%3</i></span></p>")
        .arg(QObject::tr(e.term), QObject::tr(e.plain), QObject::tr(e.formula));
}

}  // namespace

QString glossaryTip(const QString& key) {
    for (const Entry& e : kEntries)
        if (key == QLatin1String(e.key)) return entryHtml(e);
    return {};
}

QString glossaryHtml() {
    QString html = QObject::tr("<h3>Glossary</h3>");
    for (const Entry& e : kEntries) html += entryHtml(e);
    return html;
}

}  // namespace kann::ui
