#include "core/analysis/mode_removal.h"

#include "core/analysis/spectrum.h"
#include "core/common/error.h"
#include "synthetic.h"

#include <catch2/catch.hpp>

using namespace kann;

namespace {

// The analysis of a linear network h_t = h_(t-1)·W + u_t·W_in seen in a basis P (dim x k) with
// W = P·C·Pᵀ on span(P): C's own eigen decomposition, no fit in between.
KoopmanResult linearAnalysis(const Eigen::MatrixXd& c, const Eigen::MatrixXd& basis) {
    KoopmanResult r;
    r.k = static_cast<int>(c.rows());
    r.dim = static_cast<int>(basis.rows());
    r.basis = basis;
    r.mean = Eigen::RowVectorXd::Zero(r.dim);
    r.C = c;
    Spectrum s = decompose(c);
    r.eigenvalues = s.eigenvalues;
    r.V = s.V;
    r.U = s.U;
    r.partner = s.partner;
    return r;
}

// φ = h·P·V of every step of the linear network over `steps` random inputs, with `edit` after each step.
template <class Edit>
std::vector<Eigen::RowVectorXcd> run(const KoopmanResult& r, const Eigen::MatrixXd& w, const Eigen::MatrixXd& wIn,
                                     int steps, Edit edit) {
    std::mt19937 gen(3);
    RowMatrixXf h = RowMatrixXf::Zero(1, w.rows());
    std::vector<Eigen::RowVectorXcd> phi;
    for (int t = 0; t < steps; ++t) {
        h = (h.cast<double>() * w + test::gaussian(1, static_cast<int>(wIn.rows()), gen) * wIn).cast<float>();
        edit(h);
        phi.push_back((h.cast<double>() * r.basis).cast<std::complex<double>>() * r.V);
    }
    return phi;
}

}  // namespace

TEST_CASE("Removing a mode from a linear network's state removes exactly that eigen-component", "[removal]") {
    std::mt19937 gen(21);
    const Eigen::MatrixXd c = test::linearMap({{0.8, 0.3}, {0.95, 0}, {-0.6, 0}, {0.2, 0.5}}, gen);
    const Eigen::MatrixXd basis = Eigen::MatrixXd::Identity(6, 6);
    const KoopmanResult r = linearAnalysis(c, basis);
    const Eigen::MatrixXd wIn = test::gaussian(3, 6, gen);
    const auto original = run(r, c, wIn, 40, [](RowMatrixXf&) {});
    for (int j = 0; j < r.k; ++j) {
        const ModeRemoval removal(r, {j});
        CHECK(removal.modes().size() == (r.partner[j] < 0 ? 1u : 2u));
        const auto edited = run(r, c, wIn, 40, [&](RowMatrixXf& h) { removal.apply(h); });
        for (int t = 0; t < 40; ++t)
            for (int i = 0; i < r.k; ++i) {
                const bool removed = i == j || i == r.partner[j];
                // The modes are uncoupled: the others evolve as if nothing had been removed.
                CHECK(std::abs(edited[t](i) - (removed ? 0.0 : original[t](i))) < 1e-5 * (1 + std::abs(original[t](i))));
            }
    }
}

TEST_CASE("The control moves each state as far as the removal, along one random direction of the reduced space",
          "[removal]") {
    std::mt19937 gen(22);
    const Eigen::MatrixXd c = test::linearMap({{0.9, 0.2}, {0.7, 0}, {-0.4, 0}}, gen);
    const KoopmanResult r = linearAnalysis(c, test::orthonormalRows(4, 7, gen).transpose());
    const ModeRemoval removal(r, {0});
    const RandomDirectionControl control(r, removal, 5);
    const Eigen::RowVectorXd d = control.direction();
    CHECK(d.norm() == Approx(1.0));
    CHECK((d * r.basis * r.basis.transpose() - d).norm() < 1e-12);  // in span(P)
    CHECK((RandomDirectionControl(r, removal, 5).direction() - d).norm() == 0.0);
    CHECK((RandomDirectionControl(r, removal, 6).direction() - d).norm() > 0.1);

    RowMatrixXf states = test::gaussian(50, 7, gen).cast<float>();
    const Eigen::VectorXd removedNorm = removal.removedPart(states).rowwise().norm();
    RowMatrixXf moved = states;
    control.apply(moved);
    const RowMatrixXd step = (states - moved).cast<double>();
    for (Eigen::Index i = 0; i < states.rows(); ++i) {
        CHECK(step.row(i).norm() == Approx(removedNorm(i)).epsilon(1e-5));
        CHECK(std::abs(std::abs(step.row(i).dot(d)) - step.row(i).norm()) < 1e-5 * (1 + removedNorm(i)));
        CHECK(states.row(i).cast<double>().dot(d) * step.row(i).dot(d) >= 0);  // it shrinks the component along d
    }
}

TEST_CASE("Mode removal refuses modes that do not exist", "[removal]") {
    std::mt19937 gen(23);
    const KoopmanResult r = linearAnalysis(test::linearMap({{0.5, 0}, {0.3, 0}}, gen), Eigen::MatrixXd::Identity(2, 2));
    CHECK_THROWS_AS(ModeRemoval(r, {}), InputError);
    CHECK_THROWS_AS(ModeRemoval(r, {2}), InputError);
    CHECK_THROWS_AS(ModeRemoval(r, {-1}), InputError);
}
