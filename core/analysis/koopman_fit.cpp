#include "core/analysis/koopman_fit.h"

#include "core/analysis/blas.h"
#include "core/common/error.h"

#include <Eigen/Cholesky>
#include <cmath>
#include <sstream>

namespace kann {

namespace {

// Reciprocal condition of the scaled normal matrix (= κ(scaled Xp)^-2) below which C is noise.
constexpr double kMinReciprocalCondition = 1e-12;

[[noreturn]] void singularFit(const std::string& why) {
    throw AnalysisError("the consecutive pairs do not determine the Koopman operator: " + why);
}

// Pᵀ·A·P by BLAS: the dim x dim products are too large for Eigen's single-threaded kernels.
Eigen::MatrixXd sandwich(const RowMatrixXd& a, const Eigen::MatrixXd& p) {
    RowMatrixXd ap(a.rows(), p.cols());
    blas::multiply(a, p, ap);
    Eigen::MatrixXd out = Eigen::MatrixXd::Zero(p.cols(), p.cols());
    blas::addCrossProduct(RowMatrixXd(p), ap, out);
    return out;
}

}  // namespace

PairStatistics::PairStatistics(Eigen::Index k) : xx_(Eigen::MatrixXd::Zero(k, k)), xy_(Eigen::MatrixXd::Zero(k, k)) {}

PairStatistics::PairStatistics(const StateMoments& m, const Eigen::MatrixXd& p)
    : xx_(sandwich(m.gram - m.lasts, p)),
      xy_(sandwich(m.lagged, p)),
      yy_(sandwich(m.gram - m.firsts, p).trace()),
      pairs_(m.pairs) {}

PairStatistics::PairStatistics(Eigen::MatrixXd xx, Eigen::MatrixXd xy, double yy, std::int64_t pairs)
    : xx_(std::move(xx)), xy_(std::move(xy)), yy_(yy), pairs_(pairs) {}

void PairStatistics::add(const Eigen::Ref<const RowMatrixXd>& steps) {
    const Eigen::Index n = steps.rows() - 1;
    if (n < 1) return;
    auto x = steps.topRows(n);
    auto y = steps.bottomRows(n);
    blas::addGram(x, xx_);
    blas::addCrossProduct(x, y, xy_);
    yy_ += y.squaredNorm();
    pairs_ += n;
}

KoopmanFit PairStatistics::solve() const {
    const Eigen::Index k = xx_.rows();
    if (pairs_ < k)
        throw AnalysisError("only " + std::to_string(pairs_) + " consecutive pairs for k = " + std::to_string(k) +
                            " components; the fit needs at least k pairs");
    const Eigen::MatrixXd xx = xx_.selfadjointView<Eigen::Upper>();
    Eigen::Index empty = 0;
    if (!(xx.diagonal().minCoeff(&empty) > 0))
        singularFit("component " + std::to_string(empty + 1) + " is zero on every step that has a successor");
    const Eigen::VectorXd scale = xx.diagonal().cwiseSqrt().cwiseInverse();
    Eigen::LLT<Eigen::MatrixXd> llt(scale.asDiagonal() * xx * scale.asDiagonal());
    if (llt.info() != Eigen::Success || !(llt.rcond() > kMinReciprocalCondition)) {
        std::ostringstream msg;
        msg << "the components are linearly dependent over the steps that have a successor (reciprocal condition "
            << (llt.info() == Eigen::Success ? llt.rcond() : 0.0) << ")";
        singularFit(msg.str());
    }
    KoopmanFit fit;
    fit.C = scale.asDiagonal() * llt.solve(scale.asDiagonal() * xy_);
    if (!fit.C.allFinite()) singularFit("the solution is not finite");
    // At the least-squares solution ||Xp C - Yp||² = ||Yp||² - <Xpᵀ Yp, C>.
    const double unexplained = std::max(0.0, yy_ - xy_.cwiseProduct(fit.C).sum());
    fit.residual = yy_ > 0 ? std::sqrt(unexplained / yy_) : 0.0;
    fit.pairs = pairs_;
    return fit;
}

KoopmanFit fitKoopman(const RowMatrixXd& reduced, int time, const std::vector<int>& lengths) {
    PairStatistics stats(reduced.cols());
    for (std::size_t b = 0; b < lengths.size(); ++b)
        stats.add(reduced.middleRows(static_cast<Eigen::Index>(b) * time, lengths[b]));
    return stats.solve();
}

}  // namespace kann
