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
    double residual = 0;   // ||C v - lambda v|| / ||v||; NaN when core did not provide it
    int partner = -1;
};

// Facts of eigenvalue j of `r` (0 <= j < r.k).
EigenFacts eigenFacts(const KoopmanResult& r, int j);
// "0.981 + 0.120i" with `digits` significant decimals.
QString formatLambda(double re, double im, int digits = 3);
// "52.3" or "∞".
QString formatPeriod(double period);

}  // namespace kann::ui
