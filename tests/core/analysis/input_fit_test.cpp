#include "core/analysis/input_fit.h"

#include "core/common/error.h"
#include "synthetic.h"

#include <catch2/catch.hpp>

#include <Eigen/Eigenvalues>

using namespace kann;

namespace {

// A driven linear system whose states are exact in float: z_t = z_(t-1)·A + u_t·B + c from z = 0,
// with quarter-integer A, B, c, small integer inputs and at most six steps (at most 18 bits).
struct DrivenSystem {
    Eigen::MatrixXd A, B;
    Eigen::RowVectorXd c;
    HiddenStates states;
    StepInputs inputs;
};

DrivenSystem drivenSystem(int batch, std::mt19937& gen) {
    DrivenSystem s;
    const Eigen::Matrix3d block = (Eigen::Matrix3d() << 0.5, 0.25, 0, -0.25, 0.5, 0, 0, 0, -0.5).finished();
    const Eigen::Matrix3d mix = (Eigen::Matrix3d() << 1, 1, 0, 0, 1, 0, 0, 1, 1).finished();  // unimodular
    s.A = mix.inverse() * block * mix;
    s.B = (Eigen::MatrixXd(2, 3) << 1, 0, 0.5, 0, -1, 0.25).finished();
    s.c = (Eigen::RowVectorXd(3) << 0.25, 0, -0.5).finished();
    const int time = 6;
    s.states = HiddenStates::zeros(batch, time, 3);
    s.states.lengths = test::randomLengths(batch, 2, time, gen);
    s.inputs.time = time;
    s.inputs.table = RowMatrixXf::Zero(batch * time, 2);
    std::uniform_int_distribution<int> small(-2, 2);
    for (int b = 0; b < batch; ++b) {
        Eigen::RowVectorXd z = Eigen::RowVectorXd::Zero(3);
        for (int t = 0; t < s.states.lengths[b]; ++t) {
            const Eigen::RowVector2d u(small(gen), small(gen));
            z = z * s.A + u * s.B + s.c;
            s.inputs.table.row(b * time + t) = u.cast<float>();
            Eigen::Map<Eigen::RowVectorXf>(s.states.row(b, t), 3) = z.cast<float>();
        }
    }
    return s;
}

std::vector<std::complex<double>> sortedEigenvalues(const Eigen::MatrixXd& a) {
    const Eigen::VectorXcd l = a.eigenvalues();
    std::vector<std::complex<double>> out(l.data(), l.data() + l.size());
    std::sort(out.begin(), out.end(), [](auto x, auto y) { return x.real() != y.real() ? x.real() < y.real() : x.imag() < y.imag(); });
    return out;
}

AnalysisOptions withInputs(int k) {
    AnalysisOptions o;
    o.k = k;
    o.fit = Fit::Inputs;
    return o;
}

}  // namespace

TEST_CASE("The fit with inputs recovers a driven linear system's A, B and c", "[inputs]") {
    std::mt19937 gen(5);
    const DrivenSystem s = drivenSystem(300, gen);
    for (const Reduction how : {Reduction::Svd, Reduction::Pca}) {
        AnalysisOptions o = withInputs(3);
        o.reduction = how;
        const KoopmanResult r = analyze(s.states, o, {}, &s.inputs);
        REQUIRE(r.inputs);
        CHECK(r.fit == Fit::Inputs);
        // Zp = (Z - mean)·P, so the reduced system is Pᵀ A P, B P and (c + mean·A - mean)·P.
        const auto expected = sortedEigenvalues(s.A), got = sortedEigenvalues(r.C);
        for (std::size_t i = 0; i < expected.size(); ++i) CHECK(std::abs(expected[i] - got[i]) < 1e-8);
        CHECK((r.inputs->B - s.B * r.basis).norm() < 1e-8);
        CHECK((r.inputs->offset - (s.c + r.mean * s.A - r.mean) * r.basis).norm() < 1e-8);
        CHECK(r.inputs->dim == 2);
        CHECK(r.inputs->k == 2);
        CHECK(r.residual < 1e-6);  // from the Gram matrices: sqrt of a difference exact to ~1e-16
        CHECK(r.inputs->residualAutonomous > 0.1);  // the inputs are most of the motion
        CHECK(r.eigenResidual.maxCoeff() < 1e-7);    // every mode of A is exact once inputs are accounted for
    }
}

TEST_CASE("The input basis keeps the inputs' leading directions and at most their rank", "[inputs]") {
    std::mt19937 gen(6);
    const DrivenSystem s = drivenSystem(200, gen);
    const KoopmanResult one = analyze(s.states, [] { AnalysisOptions o = withInputs(3); o.inputK = 1; return o; }(), {}, &s.inputs);
    CHECK(one.inputs->k == 1);
    CHECK(one.residual > 1e-3);  // half the inputs left out
    CHECK(one.residual < one.inputs->residualAutonomous);
    const KoopmanResult many = analyze(s.states, [] { AnalysisOptions o = withInputs(3); o.inputK = 9; return o; }(), {}, &s.inputs);
    CHECK(many.inputs->k == 2);
}

TEST_CASE("Streamed input moments equal the sums over the stacked pairs", "[inputs]") {
    std::mt19937 gen(7);
    const int batch = 5, time = 500, dim = 4, vocab = 9, d = 3;
    HiddenStates states = HiddenStates::zeros(batch, time, dim);
    states.lengths = {500, 1, 317, 499, 260};  // runs cross the 1024-row blocks
    StepInputs inputs;
    inputs.time = time;
    inputs.table = test::gaussian(vocab, d, gen).cast<float>();
    std::uniform_int_distribution<int> token(0, vocab - 1);
    for (int b = 0; b < batch; ++b)
        for (int t = 0; t < time; ++t) {
            inputs.index.push_back(token(gen));
            if (t < states.lengths[b])
                Eigen::Map<Eigen::RowVectorXf>(states.row(b, t), dim) = test::gaussian(1, dim, gen).cast<float>();
        }
    const Eigen::RowVectorXd mean = test::gaussian(1, dim, gen);
    const StateMoments m = stateMoments(states, states.lengths, mean, &inputs);
    REQUIRE(m.inputs);

    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(d, d), stateInput = Eigen::MatrixXd::Zero(dim, d),
                    inputNext = Eigen::MatrixXd::Zero(d, dim);
    Eigen::RowVectorXd sum = Eigen::RowVectorXd::Zero(d), all = Eigen::RowVectorXd::Zero(dim), firsts = all, lasts = all;
    auto z = [&](int b, int t) {
        return Eigen::RowVectorXd(Eigen::Map<const Eigen::RowVectorXf>(states.row(b, t), dim).cast<double>() - mean);
    };
    for (int b = 0; b < batch; ++b) {
        firsts += z(b, 0);
        lasts += z(b, states.lengths[b] - 1);
        for (int t = 0; t < states.lengths[b]; ++t) {
            all += z(b, t);
            if (t == 0) continue;
            const Eigen::RowVectorXd u = inputs.table.row(inputs.index[b * time + t]).cast<double>();
            gram += u.transpose() * u;
            stateInput += z(b, t - 1).transpose() * u;
            inputNext += u.transpose() * z(b, t);
            sum += u;
        }
    }
    CHECK((m.inputs->gram - gram).norm() < 1e-10 * gram.norm());
    CHECK((m.inputs->stateInput - stateInput).norm() < 1e-10 * stateInput.norm());
    CHECK((m.inputs->inputNext - inputNext).norm() < 1e-10 * inputNext.norm());
    CHECK((m.inputs->sum - sum).norm() < 1e-10 * sum.norm());
    CHECK((m.sum - all).norm() < 1e-10 * all.norm());
    CHECK((m.firstSum - firsts).norm() < 1e-12 * firsts.norm());
    CHECK((m.lastSum - lasts).norm() < 1e-12 * lasts.norm());
}

TEST_CASE("A fit with inputs says what it needs", "[inputs]") {
    std::mt19937 gen(8);
    const DrivenSystem s = drivenSystem(50, gen);
    CHECK_THROWS_AS(analyze(s.states, withInputs(3)), InputError);
    AnalysisOptions o = withInputs(2);
    o.reduction = Reduction::RandomizedSvd;
    CHECK_THROWS_AS(analyze(s.states, o, {}, &s.inputs), InputError);
    StepInputs zero = s.inputs;
    zero.table.setZero();
    CHECK_THROWS_AS(analyze(s.states, withInputs(3), {}, &zero), AnalysisError);
    CHECK(parseFit("inputs") == Fit::Inputs);
    CHECK_THROWS_AS(parseFit("driven"), InputError);
}
