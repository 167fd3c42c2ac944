#include "core/analysis/spectrum.h"

#include "core/analysis/blas.h"
#include "core/common/error.h"

#include <Eigen/LU>
#include <algorithm>
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
    // Where φ_j's real and imaginary parts sit in Zp·W (imaginary: -1 for none, sign for partners).
    Eigen::VectorXd imagSign = Eigen::VectorXd::Zero(k);
    std::vector<Index> realCol(k), imagCol(k);
    for (Index j = 0; j < k; ++j) {
        const int p = s.partner[j];
        const bool upper = p < 0 || s.eigenvalues(j).imag() > 0;
        realCol[j] = upper ? j : p;
        imagCol[j] = p < 0 ? j : (upper ? p : j);
        imagSign(j) = p < 0 ? 0.0 : (upper ? 1.0 : -1.0);
    }
    Eigen::ArrayXd absSum = Eigen::ArrayXd::Zero(k), misfit = Eigen::ArrayXd::Zero(k), energy = Eigen::ArrayXd::Zero(k);
    RowMatrixXd parts;
    Eigen::MatrixXcd phi;
    for (std::size_t b = 0; b < lengths.size(); ++b) {
        const Index n = lengths[b];
        parts.resize(n, k);
        blas::multiply(reduced.middleRows(static_cast<Index>(b) * time, n), w, parts);
        phi.resize(n, k);
        for (Index j = 0; j < k; ++j) {
            phi.col(j).real() = parts.col(realCol[j]);
            phi.col(j).imag() = imagSign(j) * parts.col(imagCol[j]);
        }
        absSum += phi.cwiseAbs().colwise().sum().transpose().array();
        if (n < 2) continue;
        const Eigen::MatrixXcd next = phi.bottomRows(n - 1) - phi.topRows(n - 1) * s.eigenvalues.asDiagonal();
        misfit += next.cwiseAbs2().colwise().sum().transpose().array();
        energy += phi.topRows(n - 1).cwiseAbs2().colwise().sum().transpose().array();
    }
    ModeStatistics stats;
    stats.dominance = absSum / static_cast<double>(lengths.size());
    // Xp has full column rank (the fit checked it), so no eigenvector has zero energy.
    stats.eigenResidual = (misfit / energy).sqrt();
    return stats;
}

}  // namespace kann
