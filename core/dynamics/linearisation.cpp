#include "core/dynamics/linearisation.h"

#include "core/analysis/blas.h"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace kann {

double timeConstant(std::complex<double> lambda) {
    const double rate = std::abs(std::log(std::abs(lambda)));
    return rate > 0 ? 1.0 / rate : std::numeric_limits<double>::infinity();
}

Linearisation linearise(const Eigen::MatrixXd& jacobian) {
    const blas::RealEigen e = blas::eigenDecomposition(jacobian);
    const Eigen::Index m = e.values.size();
    std::vector<Eigen::Index> order(m);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](Eigen::Index a, Eigen::Index b) { return std::abs(e.values(a)) > std::abs(e.values(b)); });
    Linearisation out;
    out.eigenvalues.resize(m);
    for (Eigen::Index i = 0; i < m; ++i) out.eigenvalues(i) = e.values(order[i]);
    Eigen::Index slowest = 0;
    for (Eigen::Index i = 1; i < m; ++i)
        if (timeConstant(out.eigenvalues(i)) > timeConstant(out.eigenvalues(slowest))) slowest = i;
    out.slowest = static_cast<int>(slowest);
    out.right = e.vectors.col(order[slowest]).normalized();
    // The left eigenvectors are the rows of V⁻¹: row j solves Vᵀ w = e_j.
    Eigen::VectorXcd unit = Eigen::VectorXcd::Zero(m);
    unit(order[slowest]) = 1.0;
    out.left = Eigen::PartialPivLU<Eigen::MatrixXcd>(e.vectors.transpose()).solve(unit).normalized();
    return out;
}

}  // namespace kann
