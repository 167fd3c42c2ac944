#include "core/analysis/input_fit.h"

#include "core/analysis/koopman_fit.h"
#include "core/analysis/reduction.h"
#include "core/common/error.h"

#include <cmath>
#include <complex>
#include <limits>

namespace kann {

DrivenPairs::DrivenPairs(const StateMoments& m, const Eigen::MatrixXd& p, int inputK) {
    if (!m.inputs) throw std::invalid_argument("DrivenPairs: the moments were gathered without inputs");
    const InputMoments& in = *m.inputs;
    const Eigen::Index d = in.gram.rows();
    if (!(in.gram.trace() > 0))
        throw AnalysisError("the network's inputs are zero on every step that follows another: there is no input to fit");
    k_ = p.cols();
    const int wanted = inputK < 0 ? static_cast<int>(std::min<Eigen::Index>(d, k_)) : std::min<int>(inputK, d);
    ReductionResult inputs = reductionFromGram(in.gram, m.pairs, Eigen::RowVectorXd::Zero(d), wanted, true);
    inputBasis_ = std::move(inputs.basis);
    inputSingularValues_ = std::move(inputs.singularValues);
    q_ = inputBasis_.cols();
    pairs_ = m.pairs;

    const Eigen::MatrixXd& q = inputBasis_;
    const Eigen::Index x = k_ + q_ + 1, n = x + k_;  // regressors [z_t | u Q | 1], then z_(t+1)
    joint_.resize(n, n);
    joint_.block(0, 0, k_, k_) = p.transpose() * (m.gram - m.lasts) * p;
    joint_.block(0, k_, k_, q_) = p.transpose() * in.stateInput * q;
    joint_.block(0, k_ + q_, k_, 1) = p.transpose() * (m.sum - m.lastSum).transpose();
    joint_.block(k_, k_, q_, q_) = q.transpose() * in.gram * q;
    joint_.block(k_, k_ + q_, q_, 1) = q.transpose() * in.sum.transpose();
    joint_(k_ + q_, k_ + q_) = static_cast<double>(m.pairs);
    joint_.block(0, x, k_, k_) = p.transpose() * m.lagged * p;
    joint_.block(k_, x, q_, k_) = q.transpose() * in.inputNext * p;
    joint_.block(k_ + q_, x, 1, k_) = (m.sum - m.firstSum) * p;
    joint_.block(x, x, k_, k_) = p.transpose() * (m.gram - m.firsts) * p;
    joint_.triangularView<Eigen::StrictlyLower>() = joint_.transpose();
}

DrivenFit DrivenPairs::solve() const {
    const Eigen::Index x = k_ + q_ + 1;
    if (pairs_ < x)
        throw AnalysisError("only " + std::to_string(pairs_) + " consecutive pairs for k = " + std::to_string(k_) +
                            " components, " + std::to_string(q_) + " inputs and an offset; the fit with inputs needs at least " +
                            std::to_string(x) + " pairs (choose a smaller --k or --input-k)");
    const KoopmanFit fit =
        PairStatistics(joint_.topLeftCorner(x, x), joint_.topRightCorner(x, k_), joint_.bottomRightCorner(k_, k_).trace(),
                       pairs_)
            .solve();
    DrivenFit out;
    out.A = fit.C.topRows(k_);
    out.terms.B = inputBasis_ * fit.C.middleRows(k_, q_);
    out.terms.offset = fit.C.row(k_ + q_);
    out.terms.basis = inputBasis_;
    out.terms.singularValues = inputSingularValues_;
    out.terms.dim = static_cast<int>(inputBasis_.rows());
    out.terms.k = static_cast<int>(q_);
    out.residual = fit.residual;
    return out;
}

Eigen::VectorXd DrivenPairs::modeResiduals(const InputTerms& terms, const Spectrum& s) const {
    using cd = std::complex<double>;
    const Eigen::Index x = k_ + q_ + 1, modes = s.V.cols();
    const Eigen::MatrixXd reducedB = inputBasis_.transpose() * terms.B;
    Eigen::VectorXd out(modes);
    const Eigen::MatrixXcd joint = joint_.cast<cd>();
    Eigen::VectorXcd w(x + k_);
    for (Eigen::Index j = 0; j < modes; ++j) {
        const Eigen::VectorXcd v = s.V.col(j);
        w << -s.eigenvalues(j) * v, -(reducedB.cast<cd>() * v), -(terms.offset.cast<cd>() * v), v;
        const double misfit = (w.adjoint() * joint * w)(0).real();
        const double scale = (v.adjoint() * joint.topLeftCorner(k_, k_) * v)(0).real();
        out(j) = scale > 0 ? std::sqrt(std::max(0.0, misfit) / scale) : std::numeric_limits<double>::infinity();
    }
    return out;
}

}  // namespace kann
