#include "core/analysis/spectrum.h"

#include "core/analysis/blas.h"
#include "core/common/error.h"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace kann {

namespace {

using Eigen::Index;
using cd = std::complex<double>;

// Below this reciprocal condition of V, C is numerically defective and U = V^-1 is noise.
constexpr double kMinReciprocalCondition = 1e-13;

std::vector<Index> sortedOrder(const Eigen::VectorXcd& lambda) {
    std::vector<Index> order(lambda.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](Index a, Index b) {
        const double ma = std::abs(lambda(a)), mb = std::abs(lambda(b));
        if (ma != mb) return ma > mb;
        if (lambda(a).imag() != lambda(b).imag()) return lambda(a).imag() > lambda(b).imag();
        return lambda(a).real() > lambda(b).real();
    });
    return order;
}

// Rotates v so that its first entry of largest modulus is real and positive.
void canonicalPhase(Eigen::Ref<Eigen::VectorXcd> v) {
    Index top = 0;
    v.cwiseAbs().maxCoeff(&top);
    v *= std::conj(v(top)) / std::abs(v(top));
    v(top) = std::abs(v(top));
}

// Pairs each eigenvalue of positive imaginary part with the nearest conjugate of negative part.
std::vector<int> conjugatePartners(const Eigen::VectorXcd& lambda) {
    std::vector<int> partner(lambda.size(), -1);
    for (Index i = 0; i < lambda.size(); ++i) {
        if (lambda(i).imag() <= 0) continue;
        Index best = -1;
        for (Index j = 0; j < lambda.size(); ++j) {
            if (lambda(j).imag() >= 0 || partner[j] >= 0) continue;
            if (best < 0 || std::abs(lambda(j) - std::conj(lambda(i))) < std::abs(lambda(best) - std::conj(lambda(i))))
                best = j;
        }
        if (best < 0) throw AnalysisError("eigenvalue " + std::to_string(i) + " of C has no conjugate partner");
        partner[i] = static_cast<int>(best);
        partner[best] = static_cast<int>(i);
    }
    return partner;
}

// U = V^-1 through the real form V = W·T, where T mixes each pair's columns by [[1, 1], [i, -i]]:
// one real LU instead of a complex one, and κ(V) = κ(W) since T/√2 is unitary.
Eigen::MatrixXcd inverseFromRealForm(const Spectrum& s) {
    const Eigen::PartialPivLU<Eigen::MatrixXd> lu(realModeBasis(s));
    if (!(lu.rcond() > kMinReciprocalCondition))
        throw AnalysisError("C is defective: its eigenvectors are linearly dependent (reciprocal condition " +
                            std::to_string(lu.rcond()) + ")");
    const Eigen::MatrixXd inverse = lu.inverse();
    Eigen::MatrixXcd u(inverse.rows(), inverse.cols());
    for (Index j = 0; j < u.rows(); ++j) {
        const int p = s.partner[j];
        if (p < 0) {
            u.row(j) = inverse.row(j).cast<cd>();
        } else if (s.eigenvalues(j).imag() > 0) {
            u.row(j).real() = 0.5 * inverse.row(j);
            u.row(j).imag() = -0.5 * inverse.row(p);
            u.row(p) = u.row(j).conjugate();
        }
    }
    return u;
}

}  // namespace

Spectrum decompose(const Eigen::MatrixXd& C) {
    const blas::RealEigen eig = blas::eigenDecomposition(C);
    const std::vector<Index> order = sortedOrder(eig.values);
    Spectrum s;
    s.eigenvalues.resize(eig.values.size());
    s.V.resize(C.rows(), C.cols());
    for (Index i = 0; i < eig.values.size(); ++i) {
        s.eigenvalues(i) = eig.values(order[i]);
        s.V.col(i) = eig.vectors.col(order[i]);
    }
    s.partner = conjugatePartners(s.eigenvalues);
    for (Index i = 0; i < s.V.cols(); ++i) {
        const int p = s.partner[i];
        if (p < 0) {
            canonicalPhase(s.V.col(i));
            s.V.col(i) = s.V.col(i).real().cast<cd>();
        } else if (s.eigenvalues(i).imag() > 0) {
            canonicalPhase(s.V.col(i));
            s.eigenvalues(p) = std::conj(s.eigenvalues(i));
            s.V.col(p) = s.V.col(i).conjugate();
        }
    }
    s.U = inverseFromRealForm(s);
    return s;
}

Eigen::MatrixXd realModeBasis(const Spectrum& s) {
    Eigen::MatrixXd w(s.V.rows(), s.V.cols());
    for (Index j = 0; j < s.V.cols(); ++j) {
        const int p = s.partner[j];
        if (p < 0) {
            w.col(j) = s.V.col(j).real();
        } else if (s.eigenvalues(j).imag() > 0) {
            w.col(j) = s.V.col(j).real();
            w.col(p) = s.V.col(j).imag();
        }
    }
    return w;
}

ModeStatistics modeStatistics(const RowMatrixXd& reduced, int time, const std::vector<int>& lengths,
                              const Spectrum& s) {
    const Index k = s.V.cols();
    const Eigen::MatrixXd w = realModeBasis(s);
    // φ_j = (Zp·W)(:, re[j]) + i·sign[j]·(Zp·W)(:, im[j]); sign 0 for real eigenvalues.
    std::vector<Index> re(k), im(k);
    Eigen::ArrayXd sign = Eigen::ArrayXd::Zero(k), lr = s.eigenvalues.real(), li = s.eigenvalues.imag();
    for (Index j = 0; j < k; ++j) {
        const int p = s.partner[j];
        const bool upper = p < 0 || s.eigenvalues(j).imag() > 0;
        re[j] = upper ? j : p;
        im[j] = p < 0 ? j : (upper ? p : j);
        sign(j) = p < 0 ? 0.0 : (upper ? 1.0 : -1.0);
    }
    Eigen::ArrayXd absSum = Eigen::ArrayXd::Zero(k), misfit = Eigen::ArrayXd::Zero(k), energy = Eigen::ArrayXd::Zero(k);
    Eigen::ArrayXd prevRe(k), prevIm(k);
    RowMatrixXd parts;
    for (std::size_t b = 0; b < lengths.size(); ++b) {
        const Index n = lengths[b];
        parts.resize(n, k);
        blas::multiply(reduced.middleRows(static_cast<Index>(b) * time, n), w, parts);
        // Row by row (contiguous), all modes at once, in real arithmetic: one pass, no temporaries.
        for (Index t = 0; t < n; ++t) {
            const double* row = parts.row(t).data();
            for (Index j = 0; j < k; ++j) {
                const double a = row[re[j]], c = sign(j) * row[im[j]];
                absSum(j) += std::sqrt(a * a + c * c);
                if (t > 0) {
                    const double dr = a - (lr(j) * prevRe(j) - li(j) * prevIm(j));
                    const double di = c - (lr(j) * prevIm(j) + li(j) * prevRe(j));
                    misfit(j) += dr * dr + di * di;
                    energy(j) += prevRe(j) * prevRe(j) + prevIm(j) * prevIm(j);
                }
                prevRe(j) = a;
                prevIm(j) = c;
            }
        }
    }
    ModeStatistics stats;
    stats.dominance = absSum / static_cast<double>(lengths.size());
    // Xp has full column rank (the fit checked it), so no eigenvector has zero energy.
    stats.eigenResidual = (misfit / energy).sqrt();
    return stats;
}

}  // namespace kann
