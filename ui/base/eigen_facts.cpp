#include "ui/base/eigen_facts.h"

#include <QObject>
#include <algorithm>
#include <cmath>
#include <limits>

namespace kann::ui {

EigenFacts eigenFacts(const KoopmanResult& r, int j) {
    EigenFacts f;
    const std::complex<double> l = r.eigenvalues(j);
    f.index = j;
    f.re = l.real();
    f.im = l.imag();
    f.modulus = std::abs(l);
    f.angle = std::arg(l);
    f.period = std::abs(f.angle) > 1e-12 ? 2 * M_PI / std::abs(f.angle)
                                         : std::numeric_limits<double>::infinity();
    f.dominance = j < r.dominance.size() ? r.dominance(j) : 0.0;
    f.residual = j < r.eigenResidual.size() ? r.eigenResidual(j)
                                            : std::numeric_limits<double>::quiet_NaN();
    f.partner = j < static_cast<int>(r.partner.size()) ? r.partner[j] : -1;
    return f;
}

double residualOpacity(double residual) {
    if (!(residual > kTrustedResidual)) return 1.0;  // NaN included: no evidence against the point
    const double span = std::log(kDoubtfulResidual / kTrustedResidual);
    const double at = std::min(1.0, std::log(residual / kTrustedResidual) / span);
    return 1.0 - 0.75 * at;
}

QString residualVerdict(double residual) {
    if (std::isnan(residual)) return {};
    if (residual <= kTrustedResidual) return QObject::tr("trusted");
    return residual < kDoubtfulResidual ? QObject::tr("uncertain") : QObject::tr("doubtful");
}

QString formatLambda(double re, double im, int digits) {
    const QString sign = im < 0 ? QStringLiteral(" − ") : QStringLiteral(" + ");
    if (std::abs(im) < 0.5 * std::pow(10.0, -digits)) return QString::number(re, 'f', digits);
    return QString::number(re, 'f', digits) + sign + QString::number(std::abs(im), 'f', digits) + "i";
}

QString formatPeriod(double period) {
    return std::isfinite(period) ? QString::number(period, 'f', 1) : QStringLiteral("∞");
}

}  // namespace kann::ui
