#include "core/dynamics/fixed_point_search.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace kann {

namespace {

using Eigen::Index;

// Below this q a point is as fixed as double precision can tell: Newton's steps stop there.
constexpr double kConverged = 1e-28;
// Starts whose q is within this factor of the slow tolerance after Adam are polished too.
constexpr double kPolishFactor = 10;

// Adam on all rows at once: each row's q depends on that row alone, so one optimiser serves all.
// Returns the steps taken; stops when every q is below `stopBelow` or the total q stalls.
int adam(const CellMap& map, const Eigen::VectorXd& x, RowMatrixXd& s, const FixedPointOptions& o, double stopBelow,
         const Progress& progress) {
    constexpr double b1 = 0.9, b2 = 0.999, eps = 1e-12;
    constexpr int kStallWindow = 200;
    RowMatrixXd m1 = RowMatrixXd::Zero(s.rows(), s.cols()), m2 = m1, grad;
    double windowTotal = std::numeric_limits<double>::infinity();
    for (int t = 1; t <= o.adamSteps; ++t) {
        if (t % 10 == 1) progress.step(t, o.adamSteps, "fixed points: Adam");
        const Eigen::VectorXd q = map.speed(s, x, &grad);
        if (q.maxCoeff() < stopBelow) return t - 1;
        if (t % kStallWindow == 0) {
            if (q.sum() > 0.999 * windowTotal) return t - 1;
            windowTotal = q.sum();
        }
        m1 = b1 * m1 + (1 - b1) * grad;
        m2 = b2 * m2 + (1 - b2) * grad.cwiseAbs2();
        const double lr = o.learningRate * std::pow(0.01, double(t - 1) / o.adamSteps);
        const double c1 = 1 - std::pow(b1, t), c2 = 1 - std::pow(b2, t);
        s.array() -= lr * (m1.array() / c1) / ((m2.array() / c2).sqrt() + eps);
    }
    return o.adamSteps;
}

RowMatrixXd rowsOf(const RowMatrixXd& s, const std::vector<Index>& rows) {
    RowMatrixXd out(rows.size(), s.cols());
    for (std::size_t i = 0; i < rows.size(); ++i) out.row(i) = s.row(rows[i]);
    return out;
}

// Levenberg-Marquardt on q for the given rows: near a fixed point (J − I invertible) the step is
// Newton's and q falls quadratically; a slow point, a local minimum of q above 0, only settles.
void polish(const CellMap& map, const Eigen::VectorXd& x, RowMatrixXd& s, Eigen::VectorXd& q, std::vector<Index> rows,
            const FixedPointOptions& o, const Progress& progress) {
    std::vector<double> damping(s.rows(), -1);  // -1: not set yet
    for (int it = 0; it < o.newtonSteps && !rows.empty(); ++it) {
        progress.step(it, o.newtonSteps, "fixed points: Newton");
        const RowMatrixXd points = rowsOf(s, rows);
        const RowMatrixXd residual = map.step(points, x) - points;
        const std::vector<Eigen::MatrixXd> jac = map.jacobians(points, x);
        RowMatrixXd trial = points;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const Eigen::MatrixXd a = jac[i] - Eigen::MatrixXd::Identity(s.cols(), s.cols());
            Eigen::MatrixXd h = a.transpose() * a;
            double& mu = damping[rows[i]];
            if (mu < 0) mu = 1e-9 * h.diagonal().mean();
            h.diagonal().array() += mu;
            trial.row(i) -= Eigen::LDLT<Eigen::MatrixXd>(h).solve(a.transpose() * residual.row(i).transpose()).transpose();
        }
        const Eigen::VectorXd tried = map.speed(trial, x);
        std::vector<Index> next;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            double& mu = damping[rows[i]];
            if (tried(i) < q(rows[i])) {
                s.row(rows[i]) = trial.row(i);
                q(rows[i]) = tried(i);
                mu /= 10;
            } else {
                mu *= 10;
            }
            if (q(rows[i]) > kConverged && mu < 1e6) next.push_back(rows[i]);
        }
        rows = std::move(next);
    }
}

// The rows with q in [low, high), best first, with rows closer than `distance` to a better one merged.
std::vector<FixedPoint> distinct(const RowMatrixXd& s, const Eigen::VectorXd& q, double low, double high, double distance) {
    std::vector<Index> order(s.rows());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return q(a) < q(b); });
    std::vector<FixedPoint> kept;
    for (Index r : order) {
        if (!(q(r) >= low && q(r) < high)) continue;
        auto near = std::find_if(kept.begin(), kept.end(),
                                 [&](const FixedPoint& p) { return (p.state - s.row(r).transpose()).norm() < distance; });
        if (near != kept.end()) {
            ++near->starts;
        } else {
            kept.push_back({s.row(r).transpose(), q(r), 1, {}});
        }
    }
    return kept;
}

void lineariseAll(const CellMap& map, const Eigen::VectorXd& x, std::vector<FixedPoint>& points, const Progress& progress) {
    RowMatrixXd states(points.size(), map.stateDim());
    for (std::size_t i = 0; i < points.size(); ++i) states.row(i) = points[i].state.transpose();
    const std::vector<Eigen::MatrixXd> jac = map.jacobians(states, x);
    for (std::size_t i = 0; i < points.size(); ++i) {
        progress.step(i, points.size(), "linearising");
        points[i].linear = linearise(jac[i]);
    }
}

}  // namespace

FixedPointSearch findFixedPoints(const CellMap& map, const Eigen::VectorXd& input, const RowMatrixXd& starts,
                                 const FixedPointOptions& options, const Progress& progress) {
    FixedPointSearch out;
    out.starts = static_cast<int>(starts.rows());
    RowMatrixXd s = starts;
    out.adamSteps = adam(map, input, s, options, options.tolerance, progress);
    Eigen::VectorXd q = map.speed(s, input);
    std::vector<Index> near;
    for (Index r = 0; r < q.size(); ++r)
        if (q(r) < kPolishFactor * options.slowTolerance) near.push_back(r);
    polish(map, input, s, q, near, options, progress);
    out.finalQ.assign(q.data(), q.data() + q.size());
    std::sort(out.finalQ.begin(), out.finalQ.end());
    out.fixedPoints = distinct(s, q, 0, options.tolerance, options.mergeDistance);
    out.slowPoints = distinct(s, q, options.tolerance, options.slowTolerance, options.mergeDistance);
    lineariseAll(map, input, out.fixedPoints, progress);
    lineariseAll(map, input, out.slowPoints, progress);
    progress.step(1, 1, "linearising");
    return out;
}

}  // namespace kann
