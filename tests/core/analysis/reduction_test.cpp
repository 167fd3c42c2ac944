#include "core/analysis/reduction.h"

#include "core/common/error.h"
#include "synthetic.h"

#include <catch2/catch.hpp>

using namespace kann;

namespace {

// Full-length states holding the given matrix (rows in [b][t] order, `time` rows per sequence).
HiddenStates statesOf(const Eigen::MatrixXd& rows, int time) {
    HiddenStates s = HiddenStates::zeros(static_cast<int>(rows.rows()) / time, time, static_cast<int>(rows.cols()));
    s.matrix() = rows.cast<float>();
    return s;
}

// Matrix of the valid rows, in double, exactly as stored (float).
Eigen::MatrixXd validRows(const HiddenStates& s) {
    Eigen::MatrixXd out(0, s.dim);
    for (int b = 0; b < s.batch; ++b)
        for (int t = 0; t < s.lengths[b]; ++t) {
            out.conservativeResize(out.rows() + 1, Eigen::NoChange);
            out.row(out.rows() - 1) = Eigen::Map<const Eigen::RowVectorXf>(s.row(b, t), s.dim).cast<double>();
        }
    return out;
}

// Same column space up to the sign of each column.
void requireSameBasis(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, double tol) {
    REQUIRE(a.cols() == b.cols());
    for (Eigen::Index j = 0; j < a.cols(); ++j) CHECK(std::abs(a.col(j).dot(b.col(j))) == Approx(1.0).margin(tol));
}

// Well-conditioned rows: random directions with singular values spread over [1, 30].
HiddenStates wellConditioned(std::mt19937& gen, int batch, int time, int dim) {
    const Eigen::MatrixXd left = test::orthonormalRows(dim, batch * time, gen).transpose();
    Eigen::VectorXd sigma = Eigen::VectorXd::LinSpaced(dim, 30.0, 1.0);
    return statesOf(left * sigma.asDiagonal() * test::orthonormalRows(dim, dim, gen), time);
}

}  // namespace

TEST_CASE("Exact SVD agrees with JacobiSVD of the same matrix to 1e-9", "[reduction]") {
    std::mt19937 gen(3);
    HiddenStates s = wellConditioned(gen, 60, 80, 24);  // several blocks of rows
    s.lengths = test::randomLengths(60, 10, 80, gen);
    const Eigen::JacobiSVD<Eigen::MatrixXd> reference(validRows(s), Eigen::ComputeThinV);
    const ReductionResult r = fitReduction(s, s.lengths, 20, Reduction::Svd, 0);
    REQUIRE(r.singularValues.size() == 24);
    for (int i = 0; i < 24; ++i)
        CHECK(std::abs(r.singularValues(i) - reference.singularValues()(i)) <= 1e-9 * reference.singularValues()(i));
    REQUIRE(r.basis.rows() == 24);
    REQUIRE(r.basis.cols() == 20);
    CHECK((r.basis.transpose() * r.basis - Eigen::MatrixXd::Identity(20, 20)).norm() < 1e-12);
    requireSameBasis(r.basis, reference.matrixV().leftCols(20), 1e-9);
    CHECK(r.mean.isZero(0.0));
}

TEST_CASE("Exact SVD of a Hadamard-built matrix gives its known singular values", "[reduction]") {
    // Z = H_16[:, :4]·diag(d)·H_4 / 2: orthogonal columns, exactly representable, σ = 4·d·2/2.
    auto hadamard = [](int n) {
        Eigen::MatrixXd h = Eigen::MatrixXd::Ones(1, 1);
        while (h.rows() < n) {
            Eigen::MatrixXd next(2 * h.rows(), 2 * h.rows());
            next << h, h, h, -h;
            h = next;
        }
        return h;
    };
    const Eigen::MatrixXd h4 = hadamard(4), h16 = hadamard(16);
    const Eigen::Vector4d d(5, 3, 2, 0.5);
    const HiddenStates s = statesOf(h16.leftCols(4) * d.asDiagonal() * h4 / 2.0, 4);
    const ReductionResult r = fitReduction(s, s.lengths, 3, Reduction::Svd, 0);
    for (int i = 0; i < 4; ++i) CHECK(r.singularValues(i) == Approx(4.0 * d(i)).epsilon(1e-14));
    requireSameBasis(r.basis, h4.transpose().leftCols(3) / 2.0, 1e-12);
    // Canonical signs: each column's largest entry is positive.
    for (int j = 0; j < 3; ++j) CHECK(r.basis.col(j).maxCoeff() >= -r.basis.col(j).minCoeff());
}

TEST_CASE("Padding never enters the basis unless asked", "[reduction]") {
    std::mt19937 gen(4);
    HiddenStates s = wellConditioned(gen, 6, 30, 10);
    s.lengths = {30, 12, 5, 30, 20, 2};
    HiddenStates junk = s;
    for (int b = 0; b < s.batch; ++b)
        for (int t = s.lengths[b]; t < s.time; ++t)
            for (int i = 0; i < s.dim; ++i) junk.row(b, t)[i] = 100.0f + static_cast<float>(i * t);
    const ReductionResult clean = fitReduction(s, s.lengths, 6, Reduction::Svd, 0);
    const ReductionResult masked = fitReduction(junk, junk.lengths, 6, Reduction::Svd, 0);
    CHECK(masked.singularValues.isApprox(clean.singularValues, 1e-12));
    CHECK(masked.basis.isApprox(clean.basis, 1e-10));
    const ReductionResult padded = fitReduction(junk, std::vector<int>(6, 30), 6, Reduction::Svd, 0);
    CHECK_FALSE(padded.singularValues.isApprox(clean.singularValues, 1e-3));

    const RowMatrixXd zp = project(junk, junk.lengths, masked);
    for (int b = 0; b < s.batch; ++b)
        for (int t = 0; t < s.time; ++t) {
            const Eigen::RowVectorXd expected =
                t < s.lengths[b] ? Eigen::RowVectorXd(Eigen::Map<const Eigen::RowVectorXf>(s.row(b, t), s.dim)
                                                          .cast<double>() * masked.basis)
                                 : Eigen::RowVectorXd::Zero(6);
            CHECK((zp.row(b * s.time + t) - expected).norm() < 1e-12);
        }
}

TEST_CASE("PCA centres on the mean of the valid rows", "[reduction]") {
    std::mt19937 gen(5);
    // More rows than one block of the streaming passes (2048), with sequences of all lengths.
    HiddenStates s = wellConditioned(gen, 60, 100, 8);
    for (float& v : s.values) v += 3.0f;
    s.lengths = test::randomLengths(60, 1, 100, gen);
    const Eigen::MatrixXd rows = validRows(s);
    const Eigen::RowVectorXd mean = rows.colwise().mean();
    const Eigen::JacobiSVD<Eigen::MatrixXd> reference(rows.rowwise() - mean, Eigen::ComputeThinV);
    const ReductionResult r = fitReduction(s, s.lengths, 5, Reduction::Pca, 0);
    CHECK(r.mean.isApprox(mean, 1e-12));
    CHECK(r.singularValues.isApprox(reference.singularValues(), 1e-10));
    requireSameBasis(r.basis, reference.matrixV().leftCols(5), 1e-9);
    const RowMatrixXd zp = project(s, s.lengths, r);
    CHECK(zp.colwise().sum().norm() < 1e-9);  // centred: the projected valid rows sum to zero
}

TEST_CASE("Randomized SVD finds the leading subspace and falls back to exact when wide", "[reduction]") {
    std::mt19937 gen(6);
    // Rank-5 signal of distinct strengths plus weak noise in 60 dimensions.
    const Eigen::MatrixXd signal = test::gaussian(400, 5, gen) * Eigen::Vector<double, 5>(40, 30, 20, 10, 5).asDiagonal() *
                                   test::orthonormalRows(5, 60, gen);
    const HiddenStates s = statesOf(signal + 0.01 * test::gaussian(400, 60, gen), 40);
    const ReductionResult exact = fitReduction(s, s.lengths, 5, Reduction::Svd, 0);
    const ReductionResult fast = fitReduction(s, s.lengths, 5, Reduction::RandomizedSvd, 7);
    CHECK(fast.singularValues.size() == 15);
    CHECK(fast.singularValues.head(5).isApprox(exact.singularValues.head(5), 1e-8));
    requireSameBasis(fast.basis, exact.basis, 1e-8);
    const ReductionResult wide = fitReduction(s, s.lengths, 55, Reduction::RandomizedSvd, 7);
    CHECK(wide.singularValues.size() == 60);
    CHECK(wide.basis.isApprox(fitReduction(s, s.lengths, 55, Reduction::Svd, 0).basis, 1e-12));
}

TEST_CASE("Rank-deficient or zero states are refused with the rank", "[reduction]") {
    std::mt19937 gen(8);
    const HiddenStates lowRank = statesOf(test::gaussian(200, 3, gen) * test::orthonormalRows(3, 12, gen), 20);
    CHECK_NOTHROW(fitReduction(lowRank, lowRank.lengths, 3, Reduction::Svd, 0));
    CHECK_THROWS_WITH(fitReduction(lowRank, lowRank.lengths, 4, Reduction::Svd, 0),
                      Catch::Contains("span only 3 dimensions") && Catch::Contains("choose k <= 3"));
    CHECK_THROWS_AS(fitReduction(lowRank, lowRank.lengths, 4, Reduction::Pca, 0), AnalysisError);
    const HiddenStates zero = HiddenStates::zeros(2, 5, 4);
    CHECK_THROWS_WITH(fitReduction(zero, zero.lengths, 1, Reduction::Svd, 0), Catch::Contains("all zero"));
}

TEST_CASE("Reduction names round-trip and unknown names are refused", "[reduction]") {
    for (Reduction r : {Reduction::Svd, Reduction::Pca, Reduction::RandomizedSvd})
        CHECK(parseReduction(reductionName(r)) == r);
    CHECK_THROWS_AS(parseReduction("ica"), InputError);
    CHECK_THROWS_WITH(parseReduction("ica"), Catch::Contains("--reduction") && Catch::Contains("ica"));
}
