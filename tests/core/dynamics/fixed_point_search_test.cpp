#include "core/dynamics/fixed_point_search.h"

#include "cells.h"
#include "test_support.h"

#include <algorithm>
#include <cmath>

using namespace kann;
using namespace kann::test;

namespace {

RowMatrixXd gridStarts(int side, double extent) {
    RowMatrixXd s(side * side, 2);
    for (int i = 0; i < side; ++i)
        for (int j = 0; j < side; ++j) s.row(i * side + j) << -extent + 2 * extent * i / (side - 1), -extent + 2 * extent * j / (side - 1);
    return s;
}

// The positive root of r = tanh(a r), a > 1, by bisection to the last bit.
double tanhRoot(double a) {
    double lo = 1e-3, hi = 1;
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        (std::tanh(a * mid) > mid ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

std::vector<std::complex<double>> sortedEigenvalues(const Eigen::VectorXcd& v) {
    std::vector<std::complex<double>> out(v.data(), v.data() + v.size());
    std::sort(out.begin(), out.end(), [](auto a, auto b) { return a.real() != b.real() ? a.real() < b.real() : a.imag() < b.imag(); });
    return out;
}

}  // namespace

TEST_CASE("a contracting cell linear at its fixed point has that one point and its eigenvalues", "[fixed_points]") {
    // Block upper-triangular W: eigenvalues 0.5, -0.25 and 0.375 ± 0.25i exactly; ‖W‖ < 1, so
    // F is a contraction (tanh is 1-Lipschitz) with one fixed point, h = 0 by construction, and
    // there tanh' = 1: the Jacobian is W itself.
    RowMatrixXf W(4, 4);
    W << 0.5f, 0.125f, 0.0625f, -0.125f,
         0.0f, -0.25f, 0.125f, 0.0625f,
         0.0f, 0.0f, 0.375f, -0.25f,
         0.0f, 0.0f, 0.25f, 0.375f;
    RowMatrixXf U(4, 2);
    U << 0.5f, -0.25f, 1.0f, 0.75f, -0.5f, 0.125f, 0.25f, 1.5f;
    Eigen::VectorXf x(2);
    x << 1.0f, -0.5f;
    const CellMap map(tanhCellFixedAtZero(W, U, x));
    std::mt19937 rng(4);
    std::uniform_real_distribution<double> u(-0.9, 0.9);
    const RowMatrixXd starts = RowMatrixXd::NullaryExpr(64, 4, [&] { return u(rng); });

    const FixedPointSearch found = findFixedPoints(map, x.cast<double>(), starts, {});
    REQUIRE(found.fixedPoints.size() == 1);
    const FixedPoint& p = found.fixedPoints[0];
    CHECK(p.state.cwiseAbs().maxCoeff() < 1e-10);
    CHECK(p.starts == 64);
    CHECK(found.slowPoints.empty());
    const auto got = sortedEigenvalues(p.linear.eigenvalues);
    const std::vector<std::complex<double>> want = {{-0.25, 0}, {0.375, -0.25}, {0.375, 0.25}, {0.5, 0}};
    for (int i = 0; i < 4; ++i) CHECK(std::abs(got[i] - want[i]) < 1e-10);
    CHECK(p.linear.slowestEigenvalue() == std::complex<double>(0.5, 0) + (p.linear.slowestEigenvalue() - 0.5));
    CHECK(std::abs(p.linear.slowestEigenvalue() - 0.5) < 1e-10);
}

TEST_CASE("every fixed point of a 2-unit tanh network is found, stable or not", "[fixed_points]") {
    // h_i' = tanh(a_i h_i): each unit has fixed points 0 and ±r_i with r_i = tanh(a_i r_i), so the
    // network has nine: a source at 0, four saddles and four stable nodes. At a point the
    // Jacobian is diag(a_i (1 - h_i²)).
    const double a[2] = {2.0, 1.5};
    RowMatrixXf W = RowMatrixXf::Zero(2, 2);
    W(0, 0) = float(a[0]);
    W(1, 1) = float(a[1]);
    const CellMap map(tanhCellFixedAtZero(W, RowMatrixXf::Zero(2, 1), Eigen::VectorXf::Zero(1)));
    const FixedPointSearch found = findFixedPoints(map, Eigen::VectorXd::Zero(1), gridStarts(15, 1.0), {});
    CHECK(found.fixedPoints.size() == 9);
    REQUIRE(found.finalQ.size() == 225);  // one per start, ascending
    CHECK(std::is_sorted(found.finalQ.begin(), found.finalQ.end()));
    const double r[2] = {tanhRoot(a[0]), tanhRoot(a[1])};
    for (int i = -1; i <= 1; ++i) {
        for (int j = -1; j <= 1; ++j) {
            const Eigen::Vector2d truth(i * r[0], j * r[1]);
            CAPTURE(truth.transpose());
            const auto hit = std::find_if(found.fixedPoints.begin(), found.fixedPoints.end(),
                                          [&](const FixedPoint& p) { return (p.state - truth).norm() < 1e-10; });
            REQUIRE(hit != found.fixedPoints.end());
            const auto got = sortedEigenvalues(hit->linear.eigenvalues);
            std::vector<double> want = {a[0] * (1 - truth(0) * truth(0)), a[1] * (1 - truth(1) * truth(1))};
            std::sort(want.begin(), want.end());
            CHECK(std::abs(got[0] - want[0]) < 1e-9);
            CHECK(std::abs(got[1] - want[1]) < 1e-9);
        }
    }
}

TEST_CASE("a ghost of a fixed point is a slow point, not a fixed point", "[fixed_points]") {
    // Unit 1, h' = tanh(2h + b), just past the saddle-node where two of its fixed points merge:
    // G = F - h has a local maximum of -1e-4 at 2h + b = acosh(sqrt 2), so q has a local minimum of
    // 5e-9 there and no zero near it. Unit 2, h' = tanh(h/2), rests at 0.
    const double u = std::acosh(std::sqrt(2.0));
    const double b = -2 * (std::tanh(u) - u / 2) - 2e-4;
    RowMatrixXf W = RowMatrixXf::Zero(2, 2);
    W(0, 0) = 2.0f;
    W(1, 1) = 0.5f;
    CellWeights w = tanhCellFixedAtZero(W, RowMatrixXf::Zero(2, 1), Eigen::VectorXf::Zero(1));
    w.bIh(0) = float(b);
    const CellMap map(w);
    const Eigen::Vector2d ghost((u - b) / 2, 0);
    const RowMatrixXd starts = gridStarts(5, 0.05).rowwise() + ghost.transpose();
    const FixedPointSearch found = findFixedPoints(map, Eigen::VectorXd::Zero(1), starts, {});
    for (const FixedPoint& p : found.fixedPoints) CHECK((p.state - ghost).norm() > 0.1);
    REQUIRE(!found.slowPoints.empty());
    CHECK(found.slowPoints[0].q == Approx(5e-9).epsilon(0.01));
    CHECK((found.slowPoints[0].state - ghost).norm() < 1e-3);
}
