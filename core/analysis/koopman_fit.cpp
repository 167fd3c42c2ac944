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

struct NormalEquations {
    Eigen::MatrixXd xx;  // Xpᵀ Xp
    Eigen::MatrixXd xy;  // Xpᵀ Yp
    double yy = 0;       // ||Yp||²
    std::int64_t pairs = 0;
};

NormalEquations accumulate(const RowMatrixXd& reduced, int time, const std::vector<int>& lengths) {
    const Eigen::Index k = reduced.cols();
    NormalEquations ne{Eigen::MatrixXd::Zero(k, k), Eigen::MatrixXd::Zero(k, k)};
    for (std::size_t b = 0; b < lengths.size(); ++b) {
        const Eigen::Index n = lengths[b] - 1;
        if (n < 1) continue;
        const Eigen::Index first = static_cast<Eigen::Index>(b) * time;
        auto x = reduced.middleRows(first, n);
        auto y = reduced.middleRows(first + 1, n);
        blas::addGram(x, ne.xx);
        blas::addCrossProduct(x, y, ne.xy);
        ne.yy += y.squaredNorm();
        ne.pairs += n;
    }
    ne.xx = ne.xx.selfadjointView<Eigen::Upper>();
    return ne;
}

[[noreturn]] void singularFit(const std::string& why) {
    throw AnalysisError("the consecutive pairs do not determine the Koopman operator: " + why);
}

}  // namespace

KoopmanFit fitKoopman(const RowMatrixXd& reduced, int time, const std::vector<int>& lengths) {
    const Eigen::Index k = reduced.cols();
    NormalEquations ne = accumulate(reduced, time, lengths);
    if (ne.pairs < k)
        throw AnalysisError("only " + std::to_string(ne.pairs) + " consecutive pairs for k = " + std::to_string(k) +
                            " components; the fit needs at least k pairs");
    Eigen::Index empty = 0;
    if (!(ne.xx.diagonal().minCoeff(&empty) > 0))
        singularFit("component " + std::to_string(empty + 1) + " is zero on every step that has a successor");
    const Eigen::VectorXd scale = ne.xx.diagonal().cwiseSqrt().cwiseInverse();
    Eigen::LLT<Eigen::MatrixXd> llt(scale.asDiagonal() * ne.xx * scale.asDiagonal());
    if (llt.info() != Eigen::Success || !(llt.rcond() > kMinReciprocalCondition)) {
        std::ostringstream msg;
        msg << "the components are linearly dependent over the steps that have a successor (reciprocal condition "
            << (llt.info() == Eigen::Success ? llt.rcond() : 0.0) << ")";
        singularFit(msg.str());
    }
    KoopmanFit fit;
    fit.C = scale.asDiagonal() * llt.solve(scale.asDiagonal() * ne.xy);
    if (!fit.C.allFinite()) singularFit("the solution is not finite");
    // At the least-squares solution ||Xp C - Yp||² = ||Yp||² - <Xpᵀ Yp, C>.
    const double unexplained = std::max(0.0, ne.yy - ne.xy.cwiseProduct(fit.C).sum());
    fit.residual = ne.yy > 0 ? std::sqrt(unexplained / ne.yy) : 0.0;
    fit.pairs = ne.pairs;
    return fit;
}

}  // namespace kann
