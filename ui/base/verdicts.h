#pragma once
// What a Trust or Meaning figure says, in one plain sentence a student can act on: the number
// first, then what to make of it. The thresholds are rules of thumb, stated once here.
#include <QString>

namespace kann::ui {

// A label AUC (0.5 = chance): how well a mode's size tells `positive` from `negative`.
QString aucVerdict(double auc, const QString& positive = QStringLiteral("positive"),
                   const QString& negative = QStringLiteral("negative"));
// A lexicon AUC: how well a mode's kicks single out the lexicon's words.
QString lexiconVerdict(double auc);
// The one-step relative prediction error of C.
QString predictionVerdict(double oneStepError);
// How far an eigenvalue moves over the k tried (its track's spread).
QString stabilityVerdict(int mode, double spread);
// The Koopman-predicted final states' readout agreement with the network's own (driven: by a fit with inputs).
QString agreementVerdict(double agreement, bool driven = false);

}  // namespace kann::ui
