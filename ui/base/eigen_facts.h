#pragma once
// What the window says about one eigenvalue, computed once in one place so the spectrum's
// tooltip, the table and the exported results agree to the digit.
#include "core/analysis/analysis.h"

#include <QString>

namespace kann::ui {

struct EigenFacts {
    int index = 0;
    double re = 0, im = 0;
    double modulus = 0;
    double angle = 0;      // radians, in (-pi, pi]
    double period = 0;     // 2 pi / |angle| steps; infinity for a real eigenvalue
    double dominance = 0;  // Eq. 10
    double residual = 0;   // ||Yp v - lambda Xp v|| / ||Xp v|| (residual DMD); NaN when core did not provide it
    int partner = -1;
};

// Facts of eigenvalue j of `r` (0 <= j < r.k).
EigenFacts eigenFacts(const KoopmanResult& r, int j);
// Residuals at or below kTrustedResidual are drawn solid; at or above kDoubtfulResidual faded
// with a dashed halo: an eigenpair that far from obeying phi(t+1) = lambda phi(t) is more likely
// an artefact of the fit than a mode of the dynamics.
constexpr double kTrustedResidual = 0.05;
constexpr double kDoubtfulResidual = 0.5;
// Opacity of an eigenvalue's point: 1 up to kTrustedResidual, falling linearly in log(residual)
// to 0.25 at kDoubtfulResidual and beyond; 1 when the residual is unknown (NaN).
double residualOpacity(double residual);
// "trusted", "uncertain" or "doubtful" by the thresholds above; empty when unknown.
QString residualVerdict(double residual);

// "0.981 + 0.120i" with `digits` significant decimals.
QString formatLambda(double re, double im, int digits = 3);
// "52.3" or "∞".
QString formatPeriod(double period);

}  // namespace kann::ui
