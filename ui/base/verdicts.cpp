#include "ui/base/verdicts.h"

#include <QObject>
#include <cmath>

namespace kann::ui {

QString aucVerdict(double auc, const QString& positive, const QString& negative) {
    if (!std::isfinite(auc)) return QObject::tr("no AUC: the batch needs both labels");
    const QString number = QString::number(auc, 'f', 2);
    const double strength = std::abs(auc - 0.5);
    const QString larger = auc > 0.5 ? positive : negative;
    if (strength < 0.1) return QObject::tr("AUC %1: no better than chance on this batch").arg(number);
    if (strength < 0.25) return QObject::tr("AUC %1: a weak link to the labels (larger for %2)").arg(number, larger);
    return QObject::tr("AUC %1: tells the labels apart well (larger for %2)").arg(number, larger);
}

QString lexiconVerdict(double auc) {
    if (!std::isfinite(auc)) return QObject::tr("no lexicon AUC");
    const QString number = QString::number(auc, 'f', 2);
    if (auc < 0.6) return QObject::tr("best AUC %1: no mode singles out the lexicon's words on this batch").arg(number);
    if (auc < 0.75) return QObject::tr("best AUC %1: a mode leans towards the lexicon's words, weakly").arg(number);
    return QObject::tr("best AUC %1: a mode's kicks single out the lexicon's words").arg(number);
}

QString predictionVerdict(double oneStepError) {
    if (!std::isfinite(oneStepError)) return QObject::tr("no prediction error: too few steps");
    const QString number = QString::number(oneStepError, 'f', 2);
    if (oneStepError < 0.1) return QObject::tr("one-step error %1: C follows the network closely").arg(number);
    if (oneStepError < 0.3) return QObject::tr("one-step error %1: C follows the network roughly").arg(number);
    return QObject::tr("one-step error %1: treat these modes as approximate").arg(number);
}

QString stabilityVerdict(int mode, double spread) {
    const QString number = QString::number(spread, 'g', 2);
    if (spread < 0.05) return QObject::tr("λ%1 moves %2 as k grows: a stable mode").arg(mode).arg(number);
    if (spread < 0.2) return QObject::tr("λ%1 moves %2 as k grows: fairly stable").arg(mode).arg(number);
    return QObject::tr("λ%1 moves %2 as k grows: it depends on k, read it with care").arg(mode).arg(number);
}

QString agreementVerdict(double agreement, bool driven) {
    if (!std::isfinite(agreement)) return {};
    const QString percent = QString::number(100 * agreement, 'f', 0);
    const QString who = driven ? QObject::tr("A and B, fed the inputs,") : QObject::tr("C alone");
    if (agreement >= 0.9) return QObject::tr("%1 gives the network's own answer for %2 % of the batch").arg(who, percent);
    return QObject::tr("%1 gives the network's own answer for only %2 % of the batch").arg(who, percent);
}

}  // namespace kann::ui
