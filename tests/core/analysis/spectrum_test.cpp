#include "core/analysis/spectrum.h"

#include "core/common/error.h"
#include "synthetic.h"

#include <catch2/catch.hpp>

using namespace kann;
using cd = std::complex<double>;

TEST_CASE("Eigenvalues come sorted by modulus, then imaginary part, with partners", "[spectrum]") {
    std::mt19937 gen(21);
    const test::Eigenvalues eigen = {{0.3, 0.0}, {0.0, 0.9}, {-0.85, 0.0}, {0.5, 0.5}, {0.95, 0.0}};
    const Spectrum s = decompose(test::linearMap(eigen, gen));
    const test::Eigenvalues expected = test::expectedOrder(eigen);
    // Order: 0.95, 0.9i, -0.9i, -0.85, 0.5±0.5i, 0.3 (a pair's tie in modulus broken by imaginary part).
    REQUIRE(s.eigenvalues.size() == 7);
    for (int i = 0; i < 7; ++i) CHECK(std::abs(s.eigenvalues(i) - expected[i]) < 1e-12);
    CHECK(s.partner == std::vector<int>{-1, 2, 1, -1, 5, 4, -1});
    CHECK(s.eigenvalues(2) == std::conj(s.eigenvalues(1)));
    CHECK(s.V.col(2) == s.V.col(1).conjugate());
}

TEST_CASE("V holds unit right eigenvectors of C and U is its inverse", "[spectrum]") {
    std::mt19937 gen(22);
    const Eigen::MatrixXd c = test::linearMap({{0.2, 0.8}, {0.7, 0.0}, {-0.4, 0.1}}, gen);
    const Spectrum s = decompose(c);
    const Eigen::MatrixXcd cc = c.cast<cd>();
    CHECK((cc * s.V - s.V * s.eigenvalues.asDiagonal()).norm() < 1e-12);
    CHECK((s.U * s.V - Eigen::MatrixXcd::Identity(5, 5)).norm() < 1e-12);
    for (int j = 0; j < 5; ++j) {
        CHECK(s.V.col(j).norm() == Approx(1.0).epsilon(1e-14));
        Eigen::Index top = 0;
        s.V.col(j).cwiseAbs().maxCoeff(&top);
        CHECK(s.V(top, j).imag() == 0.0);
        CHECK(s.V(top, j).real() > 0.0);
    }
    // Real eigenvalues have real eigenvectors.
    CHECK(s.V.col(2).imag().isZero(0.0));
}

TEST_CASE("Hand-computed 2x2 decomposition", "[spectrum]") {
    // C = [[1/2, 0], [9/8, 1/4]]: λ = 1/2 with v = (2, 9)/√85, λ = 1/4 with v = (0, 1).
    Eigen::Matrix2d c;
    c << 0.5, 0.0, 1.125, 0.25;
    const Spectrum s = decompose(c);
    CHECK(std::abs(s.eigenvalues(0) - 0.5) < 1e-15);
    CHECK(std::abs(s.eigenvalues(1) - 0.25) < 1e-15);
    CHECK(std::abs(s.V(0, 0) - 2.0 / std::sqrt(85.0)) < 1e-15);
    CHECK(std::abs(s.V(1, 0) - 9.0 / std::sqrt(85.0)) < 1e-15);
    CHECK(std::abs(s.V(0, 1)) < 1e-15);
    CHECK(std::abs(s.V(1, 1) - 1.0) < 1e-15);
    // U = V^-1 = [[√85/2, 0], [-9/2, 1]].
    CHECK(std::abs(s.U(0, 0) - std::sqrt(85.0) / 2.0) < 1e-13);
    CHECK(std::abs(s.U(1, 0) + 4.5) < 1e-13);
    CHECK(std::abs(s.U(1, 1) - 1.0) < 1e-13);
    CHECK(s.partner == std::vector<int>{-1, -1});
}

TEST_CASE("A defective operator is refused", "[spectrum]") {
    Eigen::Matrix2d jordan;
    jordan << 0.9, 1.0, 0.0, 0.9;
    CHECK_THROWS_WITH(decompose(jordan), Catch::Contains("defective"));
}

TEST_CASE("Mode statistics: dominance (Eq. 10) and eigenpair residuals by hand", "[spectrum]") {
    // Zp rows of three length-2 sequences, exactly Zp[t+1] = Zp[t]·C with the hand 2x2 C above:
    //   (1,0)->(1/2,0), (0,1)->(9/8,1/4), (-1/2,1)->(7/8,1/4).
    Eigen::Matrix2d c;
    c << 0.5, 0.0, 1.125, 0.25;
    RowMatrixXd z(6, 2);
    z << 1, 0, 0.5, 0, 0, 1, 1.125, 0.25, -0.5, 1, 0.875, 0.25;
    const ModeStatistics stats = modeStatistics(z, 2, {2, 2, 2}, decompose(c));
    // φ_1 = z·(2,9)/√85: |φ| sums per sequence 3, 13.5, 12 (/√85); mean over 3 sequences.
    CHECK(stats.dominance(0) == Approx(9.5 / std::sqrt(85.0)).epsilon(1e-14));
    // φ_2 = z_2: sums 0, 5/4, 5/4.
    CHECK(stats.dominance(1) == Approx(5.0 / 6.0).epsilon(1e-14));
    CHECK(stats.eigenResidual.maxCoeff() < 1e-14);

    // Break the dynamics of mode 2 only: the second sequence's z_2 jumps from 1 to 1 (not 1/4).
    z(3, 1) = 1.0;
    const ModeStatistics broken = modeStatistics(z, 2, {2, 2, 2}, decompose(c));
    // Mode 2 (v = (0,1)): misfit only in the second pair, 1 - 1/4; energy 0 + 1 + 1 over the X rows.
    CHECK(broken.eigenResidual(1) == Approx(0.75 / std::sqrt(2.0)).epsilon(1e-12));
}
