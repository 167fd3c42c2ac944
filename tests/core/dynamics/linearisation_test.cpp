#include "core/dynamics/linearisation.h"

#include "test_support.h"

#include <Eigen/LU>

#include <cmath>

using namespace kann;

TEST_CASE("the slowest eigenvalue is the one nearest the unit circle, with its left and right vectors", "[linearisation]") {
    // J = S·diag(1.5, 0.98, -0.4, 0.1)·S⁻¹: the unstable 1.5 is fast, 0.98 is slow.
    Eigen::MatrixXd S(4, 4);
    S << 1, 0.2, -0.3, 0.1, 0.4, 1, 0.2, -0.5, 0, 0.3, 1, 0.2, -0.2, 0.1, 0.5, 1;
    const Eigen::Vector4d lambda(1.5, 0.98, -0.4, 0.1);
    const Eigen::MatrixXd J = S * lambda.asDiagonal() * S.inverse();
    const Linearisation l = linearise(J);
    CHECK(std::abs(l.eigenvalues(0) - 1.5) < 1e-12);
    CHECK(std::abs(l.eigenvalues(3) - 0.1) < 1e-12);
    CHECK(std::abs(l.slowestEigenvalue() - 0.98) < 1e-12);
    const Eigen::VectorXcd right = l.right, left = l.left;
    CHECK((J.cast<std::complex<double>>() * right - 0.98 * right).norm() < 1e-12);
    CHECK((left.transpose() * J.cast<std::complex<double>>() - 0.98 * left.transpose()).norm() < 1e-12);
    // The right vector is S's second column, up to scale.
    CHECK(std::abs(right.dot(S.col(1).normalized().cast<std::complex<double>>())) == Approx(1).epsilon(1e-12));
    CHECK(l.right.norm() == Approx(1));
    CHECK(l.left.norm() == Approx(1));
}

TEST_CASE("time constants count the steps to grow or decay by e", "[linearisation]") {
    CHECK(timeConstant(std::exp(-0.1)) == Approx(10));
    CHECK(timeConstant(std::polar(std::exp(0.5), 1.0)) == Approx(2));
    CHECK(std::isinf(timeConstant(std::complex<double>(0, 1))));
}
