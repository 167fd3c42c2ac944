#pragma once
// Cells for the dynamics tests: random ones, and ones whose fixed points are known exactly.
#include "core/models/unroll.h"

#include <random>

namespace kann::test {

// Weights uniform in [-scale, scale], as torch.nn initialises them (scale 1/sqrt(hidden)).
inline CellWeights randomCell(CellType type, int input, int hidden, float scale, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-scale, scale);
    const int G = gateMultiple(type) * hidden;
    CellWeights w;
    w.type = type;
    w.wIh = RowMatrixXf::NullaryExpr(G, input, [&] { return u(rng); });
    w.wHh = RowMatrixXf::NullaryExpr(G, hidden, [&] { return u(rng); });
    w.bIh = Eigen::VectorXf::NullaryExpr(G, [&] { return u(rng); });
    w.bHh = Eigen::VectorXf::NullaryExpr(G, [&] { return u(rng); });
    return w;
}

// A tanh cell h' = tanh(W h + U x + b) with the given W and U and b = -U x, so that h = 0 is a fixed
// point under input x; all values dyadic, so float holds them exactly and b·x sums are exact.
inline CellWeights tanhCellFixedAtZero(const RowMatrixXf& W, const RowMatrixXf& U, const Eigen::VectorXf& x) {
    CellWeights w;
    w.type = CellType::RNN;
    w.wHh = W;
    w.wIh = U;
    w.bIh = -(U * x);
    w.bHh = Eigen::VectorXf::Zero(W.rows());
    return w;
}

}  // namespace kann::test
