#include "core/dynamics/cell_map.h"

#include "cells.h"
#include "test_support.h"

using namespace kann;
using namespace kann::test;

namespace {

// ∂F/∂s by central differences, one column per coordinate.
Eigen::MatrixXd finiteDifferenceJacobian(const CellMap& map, const Eigen::VectorXd& s, const Eigen::VectorXd& x,
                                         double h) {
    const int m = map.stateDim();
    RowMatrixXd probes(2 * m, m);
    for (int j = 0; j < m; ++j) {
        probes.row(2 * j) = s.transpose();
        probes.row(2 * j + 1) = s.transpose();
        probes(2 * j, j) += h;
        probes(2 * j + 1, j) -= h;
    }
    const RowMatrixXd f = map.step(probes, x);
    Eigen::MatrixXd jac(m, m);
    for (int j = 0; j < m; ++j) jac.col(j) = (f.row(2 * j) - f.row(2 * j + 1)).transpose() / (2 * h);
    return jac;
}

}  // namespace

TEST_CASE("a cell map steps as the unrolled stack does", "[cell_map]") {
    for (CellType type : {CellType::RNN, CellType::GRU, CellType::LSTM}) {
        CAPTURE(cellName(type));
        const CellWeights w = randomCell(type, 3, 5, 0.6f, 11);
        const CellStack stack({w});
        RowMatrixXf inputs(2, 3);
        inputs << 0.5f, -1.0f, 0.25f, 0.5f, -1.0f, 0.25f;  // one sequence, the same input twice
        const HiddenStates states = stack.run(inputs, 2, {2}, {0, true});
        const CellMap map(w);
        const Eigen::VectorXd x = inputs.row(0).transpose().cast<double>();
        RowMatrixXd s = RowMatrixXd::Zero(1, map.stateDim());
        for (int t = 0; t < 2; ++t) {
            s = map.step(s, x);
            const Eigen::Map<const Eigen::RowVectorXf> want(states.row(0, t), map.stateDim());
            CHECK((s - want.cast<double>()).cwiseAbs().maxCoeff() < 1e-6);
        }
    }
}

TEST_CASE("the reported Jacobians equal finite differences", "[cell_map]") {
    for (CellType type : {CellType::GRU, CellType::LSTM, CellType::RNN}) {
        CAPTURE(cellName(type));
        const CellMap map(randomCell(type, 4, 7, 0.8f, 5));
        std::mt19937 rng(2);
        std::uniform_real_distribution<double> u(-0.9, 0.9);
        const RowMatrixXd points = RowMatrixXd::NullaryExpr(3, map.stateDim(), [&] { return u(rng); });
        const Eigen::VectorXd x = Eigen::VectorXd::NullaryExpr(4, [&] { return u(rng); });
        const std::vector<Eigen::MatrixXd> jac = map.jacobians(points, x);
        REQUIRE(jac.size() == 3);
        for (int p = 0; p < 3; ++p) {
            const Eigen::MatrixXd fd = finiteDifferenceJacobian(map, points.row(p).transpose(), x, 1e-5);
            CHECK((jac[p] - fd).cwiseAbs().maxCoeff() < 1e-6);
        }
    }
}

TEST_CASE("q and its gradient are those of the residual", "[cell_map]") {
    const CellMap map(randomCell(CellType::GRU, 2, 4, 0.7f, 8));
    const Eigen::VectorXd x = Eigen::VectorXd::Constant(2, 0.3);
    const RowMatrixXd s = RowMatrixXd::Constant(2, 4, 0.2);
    RowMatrixXd grad;
    const Eigen::VectorXd q = map.speed(s, x, &grad);
    const RowMatrixXd g = map.step(s, x) - s;
    const std::vector<Eigen::MatrixXd> jac = map.jacobians(s, x);
    for (int r = 0; r < 2; ++r) {
        CHECK(q(r) == Approx(0.5 * g.row(r).squaredNorm()).epsilon(1e-12));
        const Eigen::RowVectorXd want = g.row(r) * (jac[r] - Eigen::MatrixXd::Identity(4, 4));
        CHECK((grad.row(r) - want).cwiseAbs().maxCoeff() < 1e-12);
    }
}
