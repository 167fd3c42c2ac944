// The per-click queries and Eq. 11, checked on batches small enough to work out by hand.
#include "core/analysis/analysis.h"

#include "core/common/error.h"
#include "synthetic.h"

#include <catch2/catch.hpp>

using namespace kann;

namespace {

// Three length-2 sequences following z' = z·C, C = [[1/2, 0], [9/8, 1/4]]. Their Gram matrix is
// diag(3.53125, 2.125), so the basis is the identity and Zp = Z.
HiddenStates nonNormalCase() { return test::handStates({{{1, 0}, {0.5, 0}}, {{0, 1}, {1.125, 0.25}}, {{-0.5, 1}, {0.875, 0.25}}}); }

// A rotation by 90 degrees in (z1, z2) and a decay by 1/2 in z3, one sequence each:
// C = [[0, 1, 0], [-1, 0, 0], [0, 0, 1/2]], λ = i, -i, 1/2. Gram diag(3, 2, 21): P = [e3, e1, e2].
HiddenStates rotationCase() {
    return test::handStates({{{1, 0, 0}, {0, 1, 0}, {-1, 0, 0}, {0, -1, 0}, {1, 0, 0}}, {{0, 0, 4}, {0, 0, 2}, {0, 0, 1}}});
}

AnalysisOptions withK(int k) {
    AnalysisOptions o;
    o.k = k;
    return o;
}

float at(const HiddenStates& s, int b, int t, int i) { return s.row(b, t)[i]; }

}  // namespace

TEST_CASE("Eq. 11 by hand: paper's absolute value and exact real part differ", "[modes]") {
    const KoopmanResult r = analyze(nonNormalCase(), withK(2));
    REQUIRE(r.basis.isApprox(Eigen::Matrix2d::Identity()));
    // Mode 1 (λ = 1/4): V_J U_J = (0,1)ᵀ(-9/2, 1) = [[0, 0], [-9/2, 1]].
    const HiddenStates exact = reconstructFromPair(r, 1, ReconstructionForm::ExactRealPart);
    const HiddenStates paper = reconstructFromPair(r, 1, ReconstructionForm::PaperAbsolute);
    CHECK(at(exact, 2, 0, 0) == Approx(-4.5));  // row (-1/2, 1) -> (-9/2·1, 1)
    CHECK(at(exact, 2, 0, 1) == Approx(1.0));
    CHECK(at(paper, 2, 0, 0) == Approx(4.5));
    CHECK(at(paper, 2, 0, 1) == Approx(1.0));
    CHECK(at(exact, 1, 1, 0) == Approx(-1.125));  // row (9/8, 1/4)
    CHECK(at(paper, 1, 1, 0) == Approx(1.125));
    CHECK(at(exact, 0, 0, 0) == Approx(0.0).margin(1e-7));
    // Mode 0 (λ = 1/2): V_J U_J = [[1, 0], [9/2, 0]], non-negative, so both forms agree.
    const HiddenStates first = reconstructFromPair(r, 0, ReconstructionForm::PaperAbsolute);
    CHECK(at(first, 2, 0, 0) == Approx(4.0));
    CHECK(at(first, 2, 0, 1) == Approx(0.0).margin(1e-7));
    // The exact parts of all modes add up to the states.
    const HiddenStates other = reconstructFromPair(r, 0, ReconstructionForm::ExactRealPart);
    const HiddenStates states = nonNormalCase();
    for (std::size_t i = 0; i < states.values.size(); ++i)
        CHECK(other.values[i] + exact.values[i] == Approx(states.values[i]).margin(1e-6));
    CHECK(exact.lengths == states.lengths);
}

TEST_CASE("Dominance, partners and the pair reconstruction of a rotation, by hand", "[modes]") {
    const KoopmanResult r = analyze(rotationCase(), withK(3));
    REQUIRE(r.eigenvalues.size() == 3);
    CHECK(std::abs(r.eigenvalues(0) - std::complex<double>(0, 1)) < 1e-12);
    CHECK(std::abs(r.eigenvalues(1) - std::complex<double>(0, -1)) < 1e-12);
    CHECK(std::abs(r.eigenvalues(2) - 0.5) < 1e-12);
    CHECK(r.partner == std::vector<int>{1, 0, -1});
    // Eq. 10: |φ| = 1/√2 on the five steps of the rotation, 0 on the decay; mean over 2 sequences.
    CHECK(r.dominance(0) == Approx(5.0 / (2.0 * std::sqrt(2.0))).epsilon(1e-12));
    CHECK(r.dominance(1) == Approx(r.dominance(0)).epsilon(1e-15));
    CHECK(r.dominance(2) == Approx(3.5).epsilon(1e-12));  // (4 + 2 + 1) / 2
    CHECK(r.residual < 1e-7);
    CHECK(r.eigenResidual.maxCoeff() < 1e-7);

    // The pair's invariant subspace is (z1, z2): the rotation survives, the decay vanishes.
    for (auto form : {ReconstructionForm::ExactRealPart, ReconstructionForm::PaperAbsolute}) {
        const HiddenStates pair = reconstructFromPair(r, 1, form);
        const HiddenStates states = rotationCase();
        for (int t = 0; t < 5; ++t)
            for (int i = 0; i < 3; ++i) CHECK(at(pair, 0, t, i) == Approx(at(states, 0, t, i)).margin(1e-6));
        for (int t = 0; t < 3; ++t) CHECK(at(pair, 1, t, 2) == Approx(0.0).margin(1e-6));
    }
}

TEST_CASE("Mode queries agree with each other and are zero on padding, with or without the table", "[modes]") {
  for (bool table : {false, true}) {
    INFO("modeTable: " << table);
    AnalysisOptions o = withK(3);
    o.tabulateModes = table;
    const KoopmanResult r = analyze(rotationCase(), o);
    CHECK(r.modeTable.size() == (table ? 2 * 5 * 3 : 0));
    const auto values = modeValues(r, 0);
    const RowMatrixXf magnitude = modeMagnitude(r, 0), real = modeRealPart(r, 0);
    REQUIRE(magnitude.rows() == 2);
    REQUIRE(magnitude.cols() == 5);
    for (int t = 0; t < 5; ++t) {
        CHECK(magnitude(0, t) == Approx(1.0 / std::sqrt(2.0)).epsilon(1e-6));
        CHECK(magnitude(0, t) == Approx(std::abs(values(0, t))).epsilon(1e-6));
        CHECK(real(0, t) == Approx(values(0, t).real()).margin(1e-6));
    }
    CHECK(magnitude(1, 3) == 0.0f);  // sequence 1 has 3 steps
    CHECK(std::abs(values(1, 4)) == 0.0);
    // φ_j is a Koopman eigenfunction here: φ(t+1) = λ φ(t).
    CHECK(std::abs(values(0, 1) - r.eigenvalues(0) * values(0, 0)) < 1e-6);
    // The pair spans (z1, z2) orthonormally: the projection's norm is |(z1, z2)| = 1, while
    // |φ| = 1/√2 in the eigenvector's own (unit, complex) coordinates.
    const RowMatrixXf pair = pairMagnitude(r, 0);
    for (int t = 0; t < 5; ++t) CHECK(pair(0, t) == Approx(1.0).epsilon(1e-6));
    CHECK(pair(1, 0) == Approx(0.0).margin(1e-6));
    // For a real eigenvalue it is the mode's magnitude: |z3| = 4, 2, 1.
    const RowMatrixXf single = pairMagnitude(r, 2);
    CHECK(single(1, 0) == Approx(4.0));
    CHECK(single(1, 2) == Approx(1.0));
    CHECK(single == modeMagnitude(r, 2));
    // The lower member of the pair is the conjugate.
    const auto lower = modeValues(r, 1);
    for (int t = 0; t < 5; ++t) CHECK(std::abs(lower(0, t) - std::conj(values(0, t))) < 1e-6);
  }
}

TEST_CASE("Mode indices outside 0..k-1 are refused", "[modes]") {
    const KoopmanResult r = analyze(rotationCase(), withK(3));
    CHECK_THROWS_AS(modeMagnitude(r, 3), InputError);
    CHECK_THROWS_AS(modeValues(r, -1), InputError);
    CHECK_THROWS_AS(pairMagnitude(r, 7), InputError);
    CHECK_THROWS_WITH(reconstructFromPair(r, 3, ReconstructionForm::ExactRealPart), Catch::Contains("outside 0..2"));
}

TEST_CASE("the queries refuse a result analysed without Zp instead of reading past it", "[modes]") {
    AnalysisOptions o = withK(3);
    o.keepReduced = false;
    const KoopmanResult r = analyze(rotationCase(), o);
    REQUIRE(r.reduced.size() == 0);
    CHECK_THROWS_WITH(modeMagnitude(r, 0), Catch::Contains("keepReduced"));
    CHECK_THROWS_AS(modeValues(r, 0), std::logic_error);
    CHECK_THROWS_AS(pairMagnitude(r, 0), std::logic_error);
    CHECK_THROWS_AS(reconstructFromPair(r, 0, ReconstructionForm::ExactRealPart), std::logic_error);
}
