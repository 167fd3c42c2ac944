#include "core/dynamics/koopman_alignment.h"

#include "test_support.h"

#include <cmath>

using namespace kann;

namespace {

// A reduced space of the first two of three state coordinates, with two modes whose rows of V⁻¹
// are given (only U, the basis, the partners and the dominance are read).
KoopmanResult twoModes(const Eigen::Matrix2cd& U, const std::vector<int>& partner, const Eigen::Vector2d& dominance) {
    KoopmanResult r;
    r.dim = 3;
    r.k = 2;
    r.basis = Eigen::MatrixXd::Identity(3, 2);
    r.mean = Eigen::RowVectorXd::Zero(3);
    r.U = U;
    r.eigenvalues = Eigen::Vector2cd(0.9, 0.5);
    r.partner = partner;
    r.dominance = dominance;
    return r;
}

}  // namespace

TEST_CASE("subspace cosines are those of the smallest angle", "[alignment]") {
    const Eigen::Vector3d a(1, 0, 0), b(0.5, std::sqrt(3.0) / 2, 0);
    CHECK(subspaceCosine(a, b) == Approx(0.5));
    CHECK(subspaceCosine(a, -b) == Approx(0.5));
    Eigen::MatrixXd plane(3, 2);
    plane << 1, 0, 0, 1, 0, 0;
    CHECK(subspaceCosine(Eigen::Vector3d(1, 1, std::sqrt(2.0)), plane) == Approx(std::sqrt(0.5)));
    CHECK(std::isnan(subspaceCosine(a, Eigen::Vector3d::Zero())));
}

TEST_CASE("points on a line have all their variance on its direction", "[alignment]") {
    KoopmanResult r = twoModes(Eigen::Matrix2cd::Identity(), {-1, -1}, {1, 2});
    RowMatrixXd points(4, 3);
    for (int i = 0; i < 4; ++i) points.row(i) = Eigen::RowVector3d(1, 2, 0.5) + i * Eigen::RowVector3d(0.3, -0.4, 0);
    const PointGeometry g = pointGeometry(r, points);
    CHECK(g.varianceFraction == Approx(1));
    CHECK(std::abs(g.direction.dot(Eigen::Vector3d(0.6, -0.8, 0))) == Approx(1));
    CHECK(g.reduced(0, 0) == Approx(1));
    CHECK(g.reduced(0, 1) == Approx(2));
    CHECK(std::isnan(pointGeometry(r, points.topRows(1)).varianceFraction));
}

TEST_CASE("the dominant real mode's direction is P times its row of V inverse", "[alignment]") {
    Eigen::Matrix2cd U;
    U << 1, 0, 1, 1;
    const KoopmanResult r = twoModes(U, {-1, -1}, {1, 3});
    REQUIRE(dominantRealMode(r) == 1);
    const Eigen::MatrixXd d = koopmanModeDirection(r, 1);
    REQUIRE(d.cols() == 1);
    CHECK(std::abs(d.col(0).dot(Eigen::Vector3d(1, 1, 0).normalized())) == Approx(1));

    PointGeometry g;
    g.direction = Eigen::Vector3d(1, 0, 0);
    const KoopmanAlignment a = alignKoopman(r, dominantRealMode(r), g, {Eigen::Vector3d(0, 1, 0), Eigen::Vector3d(1, 1, 0), Eigen::Vector3d(0, 0, 1)},
                                            Eigen::Vector3d(0, 0, 2));
    CHECK(a.mode == 1);
    CHECK(a.line == Approx(std::sqrt(0.5)));
    CHECK(a.slowest == Approx(std::sqrt(0.5)));  // the median of √½, 1 and 0
    CHECK(a.readout == Approx(0).margin(1e-12));
}

TEST_CASE("a complex dominant mode spans the plane of its real and imaginary parts", "[alignment]") {
    Eigen::Matrix2cd U;
    U << std::complex<double>(1, 0), std::complex<double>(0, 1), std::complex<double>(1, 0), std::complex<double>(0, -1);
    const KoopmanResult r = twoModes(U, {1, 0}, {2, 2});
    CHECK(mostDominantMode(r) == 0);
    const Eigen::MatrixXd d = koopmanModeDirection(r, dominantRealMode(r));
    CHECK(d.cols() == 2);
    CHECK(subspaceCosine(d, Eigen::Vector3d(1, 1, 0)) == Approx(1));
}
