#include "core/analysis/koopman_fit.h"

#include "core/common/error.h"
#include "synthetic.h"

#include <catch2/catch.hpp>

using namespace kann;

namespace {

// Reduced states in double straight from a linear map: z[t+1] = z[t]·c, zero beyond each length.
RowMatrixXd trajectories(const Eigen::MatrixXd& c, int time, const std::vector<int>& lengths, std::mt19937& gen) {
    RowMatrixXd z = RowMatrixXd::Zero(static_cast<Eigen::Index>(lengths.size()) * time, c.rows());
    for (std::size_t b = 0; b < lengths.size(); ++b) {
        Eigen::RowVectorXd row = test::gaussian(1, static_cast<int>(c.rows()), gen);
        for (int t = 0; t < lengths[b]; ++t, row = row * c) z.row(b * time + t) = row;
    }
    return z;
}

// The valid pairs stacked, independently of the fit's bookkeeping.
std::pair<Eigen::MatrixXd, Eigen::MatrixXd> stackedPairs(const RowMatrixXd& z, int time, const std::vector<int>& lengths) {
    Eigen::MatrixXd x(0, z.cols()), y(0, z.cols());
    for (std::size_t b = 0; b < lengths.size(); ++b)
        for (int t = 0; t + 1 < lengths[b]; ++t) {
            x.conservativeResize(x.rows() + 1, Eigen::NoChange);
            y.conservativeResize(y.rows() + 1, Eigen::NoChange);
            x.row(x.rows() - 1) = z.row(b * time + t);
            y.row(y.rows() - 1) = z.row(b * time + t + 1);
        }
    return {x, y};
}

}  // namespace

TEST_CASE("The fit recovers a known operator exactly from masked sequences", "[fit]") {
    std::mt19937 gen(11);
    const Eigen::MatrixXd c = test::linearMap({{0.6, 0.7}, {0.97, 0.0}, {-0.5, 0.0}}, gen);
    const std::vector<int> lengths = test::randomLengths(12, 2, 30, gen);
    const RowMatrixXd z = trajectories(c, 30, lengths, gen);
    const KoopmanFit fit = fitKoopman(z, 30, lengths);
    CHECK((fit.C - c).norm() < 1e-11 * c.norm());
    CHECK(fit.residual < 1e-7);
    std::int64_t pairs = 0;
    for (int l : lengths) pairs += l - 1;
    CHECK(fit.pairs == pairs);
}

TEST_CASE("The fit equals an independent least squares, and its residual the explicit one", "[fit]") {
    std::mt19937 gen(12);
    const std::vector<int> lengths = {25, 3, 40, 40, 17};
    RowMatrixXd z = test::gaussian(5 * 40, 6, gen);
    for (int b = 0; b < 5; ++b) z.middleRows(b * 40 + lengths[b], 40 - lengths[b]).setZero();
    const auto [x, y] = stackedPairs(z, 40, lengths);
    const Eigen::MatrixXd reference = x.colPivHouseholderQr().solve(y);
    const KoopmanFit fit = fitKoopman(z, 40, lengths);
    CHECK((fit.C - reference).norm() < 1e-12 * reference.norm());
    CHECK(fit.residual == Approx((x * reference - y).norm() / y.norm()).epsilon(1e-9));
}

TEST_CASE("Pairs never cross from one sequence into the next", "[fit]") {
    // Full-length sequences lie back to back in memory: a pair across them would spoil the exact fit.
    std::mt19937 gen(13);
    const Eigen::MatrixXd c = test::linearMap({{0.0, 0.9}, {0.8, 0.0}}, gen);
    const RowMatrixXd z = trajectories(c, 20, std::vector<int>(6, 20), gen);
    const KoopmanFit fit = fitKoopman(z, 20, std::vector<int>(6, 20));
    CHECK((fit.C - c).norm() < 1e-11);
    CHECK(fit.residual < 1e-7);
}

TEST_CASE("Too few pairs or an undetermined operator are refused", "[fit]") {
    std::mt19937 gen(14);
    const RowMatrixXd z = test::gaussian(2 * 4, 3, gen);
    CHECK_THROWS_WITH(fitKoopman(z, 4, {2, 2}), Catch::Contains("only 2 consecutive pairs") && Catch::Contains("k = 3"));
    // Component 2 is non-zero only on each sequence's last step: no pair determines its row of C.
    RowMatrixXd lastOnly = test::gaussian(3 * 5, 3, gen);
    for (int b = 0; b < 3; ++b) lastOnly.block(b * 5, 1, 4, 1).setZero();
    CHECK_THROWS_WITH(fitKoopman(lastOnly, 5, {5, 5, 5}), Catch::Contains("component 2 is zero"));
    // Two identical components: C is not unique.
    RowMatrixXd twins = test::gaussian(3 * 5, 3, gen);
    twins.col(2) = twins.col(0);
    CHECK_THROWS_WITH(fitKoopman(twins, 5, {5, 5, 5}), Catch::Contains("linearly dependent"));
}
