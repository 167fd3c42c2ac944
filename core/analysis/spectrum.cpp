#include "core/analysis/spectrum.h"

#include "core/analysis/blas.h"
#include "core/common/error.h"

#include <Eigen/LU>
#include <algorithm>
#include <functional>
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

ModeAccumulator::ModeAccumulator(const Spectrum& s, int sequences) : partner_(s.partner) {
    const Index k = s.V.cols();
    for (Index j = 0; j < k; ++j)
        if (s.partner[j] >= 0 && s.eigenvalues(j).imag() > 0) upper_.push_back(j);
    complex_ = static_cast<Index>(upper_.size());
    for (Index j = 0; j < k; ++j)
        if (s.partner[j] < 0) upper_.push_back(j);
    const Index n = static_cast<Index>(upper_.size());
    basis_.resize(s.V.rows(), n + complex_);
    lr_.resize(n);
    li_.resize(n);
    for (Index u = 0; u < n; ++u) {
        const Index j = upper_[u];
        basis_.col(u) = s.V.col(j).real();
        if (u < complex_) basis_.col(n + u) = s.V.col(j).imag();
        lr_(u) = s.eigenvalues(j).real();
        li_(u) = s.eigenvalues(j).imag();
    }
    absSum_ = misfit_ = energy_ = prevRe_ = prevIm_ = Eigen::ArrayXd::Zero(n);
    sequenceSum_ = sequenceLast_ = Eigen::ArrayXXd::Zero(n, sequences);
}

void ModeAccumulator::add(const Eigen::Ref<const RowMatrixXd>& parts, int sequence, bool continues) {
    const Index n = static_cast<Index>(upper_.size()), c = complex_;
    auto sequenceSum = sequenceSum_.col(sequence);
    Eigen::ArrayXd magnitude(n);
    // Row by row (contiguous), all modes at once as array expressions: one pass, vectorised.
    for (Index t = 0; t < parts.rows(); ++t) {
        const Eigen::Map<const Eigen::ArrayXd> a(parts.row(t).data(), n), b(parts.row(t).data() + n, c);
        if (t > 0 || continues) {
            const auto ar = a.head(c);
            const auto pr = prevRe_.head(c), pi = prevIm_.head(c), lr = lr_.head(c), li = li_.head(c);
            misfit_.head(c) += (ar - (lr * pr - li * pi)).square() + (b - (lr * pi + li * pr)).square();
            energy_.head(c) += pr.square() + pi.square();
            misfit_.tail(n - c) += (a.tail(n - c) - lr_.tail(n - c) * prevRe_.tail(n - c)).square();
            energy_.tail(n - c) += prevRe_.tail(n - c).square();
        }
        magnitude.head(c) = (a.head(c).square() + b.square()).sqrt();
        magnitude.tail(n - c) = a.tail(n - c).abs();
        absSum_ += magnitude;
        sequenceSum += magnitude;
        prevRe_ = a;
        prevIm_.head(c) = b;
    }
    if (parts.rows() > 0) sequenceLast_.col(sequence) = prevRe_;
}

void ModeAccumulator::sumAcross(const std::function<void(std::vector<double>&)>& sum) {
    // Each process holds the sums of its own sequences and zeros for the others', so adding merges them.
    const std::pair<double*, Index> sums[] = {{absSum_.data(), absSum_.size()},
                                              {misfit_.data(), misfit_.size()},
                                              {energy_.data(), energy_.size()},
                                              {sequenceSum_.data(), sequenceSum_.size()},
                                              {sequenceLast_.data(), sequenceLast_.size()}};
    std::vector<double> values;
    for (const auto& [a, n] : sums) values.insert(values.end(), a, a + n);
    sum(values);
    auto at = values.begin();
    for (const auto& [a, n] : sums) {
        std::copy_n(at, n, a);
        at += n;
    }
}

ModeStatistics ModeAccumulator::finish(const std::vector<int>& lengths) const {
    ModeStatistics stats;
    const Index k = static_cast<Index>(partner_.size()), sequences = static_cast<Index>(lengths.size());
    stats.dominance.resize(k);
    stats.eigenResidual.resize(k);
    stats.sequenceMagnitude.resize(sequences, k);
    stats.sequenceFinal.resize(sequences, k);
    const Eigen::ArrayXd steps = Eigen::Map<const Eigen::ArrayXi>(lengths.data(), sequences).cast<double>();
    for (Index u = 0; u < static_cast<Index>(upper_.size()); ++u) {
        const Index j = upper_[u];
        stats.dominance(j) = absSum_(u) / static_cast<double>(sequences);
        stats.sequenceMagnitude.col(j) = sequenceSum_.row(u).transpose() / steps;
        stats.sequenceFinal.col(j) = sequenceLast_.row(u).transpose();  // a conjugate partner's Re φ is the same
        // Xp has full column rank (the fit checked it), so no eigenvector has zero energy.
        stats.eigenResidual(j) = std::sqrt(misfit_(u) / energy_(u));
        if (partner_[j] >= 0) {
            stats.dominance(partner_[j]) = stats.dominance(j);
            stats.eigenResidual(partner_[j]) = stats.eigenResidual(j);
            stats.sequenceMagnitude.col(partner_[j]) = stats.sequenceMagnitude.col(j);
            stats.sequenceFinal.col(partner_[j]) = stats.sequenceFinal.col(j);
        }
    }
    return stats;
}

std::vector<Index> ModeAccumulator::realBasisColumns() const {
    std::vector<Index> columns(upper_);
    for (Index u = 0; u < complex_; ++u) columns.push_back(partner_[upper_[u]]);
    return columns;
}

ModeStatistics modeStatistics(const RowMatrixXd& reduced, int time, const std::vector<int>& lengths,
                              const Spectrum& s, Eigen::MatrixXf* table) {
    ModeAccumulator modes(s, static_cast<int>(lengths.size()));
    const std::vector<Index> columns = modes.realBasisColumns();
    RowMatrixXd parts;
    for (std::size_t b = 0; b < lengths.size(); ++b) {
        const Index first = static_cast<Index>(b) * time;
        parts.resize(lengths[b], modes.basis().cols());
        blas::multiply(reduced.middleRows(first, lengths[b]), modes.basis(), parts);
        modes.add(parts, static_cast<int>(b), false);
        if (!table) continue;
        for (Index c = 0; c < parts.cols(); ++c)
            table->col(columns[c]).segment(first, lengths[b]) = parts.col(c).cast<float>();
    }
    return modes.finish(lengths);
}

}  // namespace kann
