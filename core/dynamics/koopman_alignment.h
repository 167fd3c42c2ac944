#pragma once
// The local and the global picture side by side: where the fixed points lie in the Koopman
// analysis's reduced space, whether they form a line, and how the dominant Koopman mode's direction
// in state space lines up with that line, with the slowest Jacobian directions and with the readout.
#include "core/analysis/analysis.h"

#include <Eigen/Core>
#include <complex>
#include <limits>
#include <vector>

namespace kann {

struct PointGeometry {
    RowMatrixXd reduced;               // n x k: (point − mean)·P
    Eigen::VectorXd direction;         // unit first principal direction of the points; empty with fewer than 2
    double varianceFraction = std::numeric_limits<double>::quiet_NaN();  // share of their variance along it
};

// `points`: n x r.dim, in the analysed states' coordinates.
PointGeometry pointGeometry(const KoopmanResult& r, const RowMatrixXd& points);

// The most dominant Koopman mode with a real eigenvalue (the most dominant mode when none is real).
int dominantRealMode(const KoopmanResult& r);

// Mode j's direction in state space, P·Uⱼᵀ with Uⱼ the j-th row of V⁻¹ (Zp = Σⱼ φⱼ·Uⱼ, so Z ≈ Σⱼ φⱼ·Uⱼ·Pᵀ):
// an orthonormal r.dim x 1 basis, or r.dim x 2 for a complex mode (the plane of its real and imaginary parts).
Eigen::MatrixXd koopmanModeDirection(const KoopmanResult& r, int j);

// Cosine of the smallest angle between the column spans of a and b (same number of rows): |cos| for
// two vectors, the cosine between a vector and its projection on a plane. NaN when either is empty or zero.
double subspaceCosine(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

struct KoopmanAlignment {
    int mode = -1;                     // the Koopman mode compared
    std::complex<double> eigenvalue;   // its eigenvalue
    double line = std::numeric_limits<double>::quiet_NaN();     // with the points' principal direction
    double slowest = std::numeric_limits<double>::quiet_NaN();  // median over the points, with their slowest eigenvector
    double readout = std::numeric_limits<double>::quiet_NaN();  // with the readout weights
};

// The most dominant Koopman mode, real or complex.
int mostDominantMode(const KoopmanResult& r);

// Alignment of Koopman mode `mode`. slowDirections: per point, its slowest Jacobian eigenvector's
// real span in the analysed coordinates (r.dim x 1 or 2); readout: the readout's weights in those
// coordinates (empty if none).
KoopmanAlignment alignKoopman(const KoopmanResult& r, int mode, const PointGeometry& g,
                              const std::vector<Eigen::MatrixXd>& slowDirections, const Eigen::VectorXd& readout);

}  // namespace kann
