// Koopman prediction against linear systems: exact dynamics predict exactly, noise shows up as
// error, and a hand-made 1-D case gives the curve's formula.
#include "core/insight/prediction.h"

#include "core/analysis/synthetic.h"
#include "core/insight/explorations.h"
#include "core/insight/insight_report.h"
#include "core/pipeline/varied_batches.h"
#include "test_support.h"

#include <cmath>

using namespace kann;
using namespace kann::test;

namespace {

const test::Eigenvalues kSpectrum = {{0.95, 0}, {0.6, 0.5}, {-0.5, 0}};  // 4 dimensions

HiddenStates linearStates(std::mt19937& gen, double noise) {
    const Eigen::MatrixXd a = linearMap(kSpectrum, gen);
    const Eigen::MatrixXd embed = orthonormalRows(4, 12, gen);
    HiddenStates s = simulate(a, embed, 30, randomLengths(40, 10, 30, gen), gen);
    std::normal_distribution<float> normal(0.0f, static_cast<float>(noise));
    for (int b = 0; b < s.batch; ++b)
        for (int t = 0; t < s.lengths[b]; ++t)
            for (int i = 0; i < s.dim; ++i) s.row(b, t)[i] += normal(gen);
    return s;
}

}  // namespace

TEST_CASE("an exact linear system is predicted exactly at every horizon", "[prediction]") {
    std::mt19937 gen(7);
    const Exploration e = explorationOf(linearStates(gen, 0.0), 4);
    const PredictionCurve curve = predictionCurve(e.result, 8);
    REQUIRE(curve.relativeError.size() == 8);
    for (double err : curve.relativeError) CHECK(err < 1e-5);
    // Horizon h has one start point fewer per sequence than h - 1.
    CHECK(curve.starts[0] - curve.starts[1] == 40);
}

TEST_CASE("noise gives horizon-1 error equal to the fit residual, growing with the horizon", "[prediction]") {
    std::mt19937 gen(8);
    const Exploration e = explorationOf(linearStates(gen, 0.05), 4);
    const PredictionCurve curve = predictionCurve(e.result, 10);
    CHECK(curve.relativeError[0] == Approx(e.result.residual).epsilon(1e-5));
    CHECK(curve.relativeError[0] > 1e-2);
    CHECK(curve.relativeError[9] > curve.relativeError[0]);
}

TEST_CASE("the curve follows its formula on a hand-made 1-D case", "[prediction]") {
    KoopmanResult r;
    r.batch = 1;
    r.time = 3;
    r.k = 1;
    r.lengths = {3};
    r.reduced.resize(3, 1);
    r.reduced << 4, 1, 1;
    r.C = Eigen::MatrixXd::Constant(1, 1, 0.5);
    const PredictionCurve curve = predictionCurve(r, 5);
    REQUIRE(curve.relativeError.size() == 2);  // the sequence has only horizons 1 and 2
    // h = 1: predictions 2, 0.5 for targets 1, 1; h = 2: prediction 1 for target 1.
    CHECK(curve.relativeError[0] == Approx(std::sqrt((1.0 + 0.25) / 2.0)));
    CHECK(curve.relativeError[1] == Approx(0.0));
    CHECK(curve.starts == std::vector<std::int64_t>{2, 1});
    CHECK_THROWS_WITH(predictionCurve(r, 0), Catch::Contains("horizon"));
}

TEST_CASE("a batch with more than 8192 start points is estimated from an even sample of them", "[prediction]") {
    std::mt19937 gen(10);
    std::normal_distribution<double> normal;
    KoopmanResult r;
    r.batch = 100, r.time = 120, r.k = 6;
    r.lengths.assign(r.batch, r.time);  // 100 x 119 = 11900 starts at horizon 1
    r.reduced = RowMatrixXd::NullaryExpr(r.batch * r.time, r.k, [&] { return normal(gen); });
    r.C = Eigen::MatrixXd::NullaryExpr(r.k, r.k, [&] { return 0.3 * normal(gen); });
    const PredictionCurve curve = predictionCurve(r, 3);
    CHECK(curve.starts[0] == 8192);
    // Against every start point, by brute force.
    for (int h = 1; h <= 3; ++h) {
        double error = 0, norm = 0;
        Eigen::MatrixXd power = Eigen::MatrixXd::Identity(r.k, r.k);
        for (int i = 0; i < h; ++i) power = power * r.C;
        for (int b = 0; b < r.batch; ++b)
            for (int t = 0; t + h < r.time; ++t) {
                error += (r.reduced.row(b * r.time + t) * power - r.reduced.row(b * r.time + t + h)).squaredNorm();
                norm += r.reduced.row(b * r.time + t + h).squaredNorm();
            }
        CHECK(curve.relativeError[h - 1] == Approx(std::sqrt(error / norm)).epsilon(0.01));
    }
}

TEST_CASE("the readout agrees on Koopman-predicted final states of an exact system", "[prediction]") {
    std::mt19937 gen(9);
    auto net = std::make_shared<LinearReadout>(Eigen::VectorXf::Random(12));
    Exploration e = explorationOf(linearStates(gen, 0.0), 4, net);
    // Labels: the network's own class, flipped on every fourth sequence, so its accuracy is 3/4.
    for (int b = 0; b < e.input.batch; ++b)
        e.input.labels.push_back((e.readoutLogits(b, 0) > 0) != (b % 4 == 0));
    const ReadoutAgreement a = readoutAgreement(e, 0.0);
    CHECK(a.labelled == 40);
    CHECK(a.networkAccuracy == Approx(0.75));
    CHECK(a.projectedAccuracy == Approx(0.75));
    CHECK(a.koopmanAccuracy == Approx(0.75));
    CHECK(a.agreement == 1.0);
}

TEST_CASE("noisy dynamics lose agreement when propagated from the start", "[prediction]") {
    std::mt19937 gen(10);
    auto net = std::make_shared<LinearReadout>(Eigen::VectorXf::Random(12));
    Exploration e = explorationOf(linearStates(gen, 0.3), 4, net);
    e.input.labels.assign(e.input.batch, -1);  // no labels: accuracies unknown, agreement still counts
    const ReadoutAgreement fromStart = readoutAgreement(e, 0.0);
    const ReadoutAgreement fromEnd = readoutAgreement(e, 1.0);
    CHECK(std::isnan(fromStart.networkAccuracy));
    CHECK(fromStart.agreement < 0.95);
    // Starting at the final step propagates nothing: the projected states themselves.
    CHECK(fromEnd.koopmanClass == fromEnd.projectedClass);
    CHECK(fromEnd.agreement > fromStart.agreement);
}

TEST_CASE("readout agreement needs a readout and a fraction within 0..1", "[prediction]") {
    std::mt19937 gen(11);
    Exploration e = explorationOf(linearStates(gen, 0.0), 4);
    CHECK_THROWS_WITH(readoutAgreement(e), Catch::Contains("no readout"));
    e.network = std::make_shared<LinearReadout>(Eigen::VectorXf::Ones(12));
    CHECK_THROWS_WITH(readoutAgreement(e, 1.5), Catch::Contains("within 0..1"));
}

namespace {

// z(t) = z(t-1)·A + u(t)·B + c from z = 0, stored as h = z·embed: an exact driven system whose
// inputs are most of its motion, analysed with inputs.
Exploration drivenExploration(std::mt19937& gen, Fit fit) {
    const Eigen::MatrixXd a = linearMap(kSpectrum, gen), b = gaussian(3, 4, gen), c = gaussian(1, 4, gen);
    const Eigen::MatrixXd embed = orthonormalRows(4, 12, gen);
    Exploration e;
    e.states = HiddenStates::zeros(40, 30, 12);
    e.states.lengths = randomLengths(40, 10, 30, gen);
    auto inputs = std::make_shared<StepInputs>();
    inputs->time = 30;
    inputs->table = gaussian(40 * 30, 3, gen).cast<float>();
    for (int s = 0; s < 40; ++s) {
        Eigen::RowVectorXd z = Eigen::RowVectorXd::Zero(4);
        for (int t = 0; t < e.states.lengths[s]; ++t) {
            z = z * a + Eigen::Map<const Eigen::RowVectorXf>(inputs->row(s, t), 3).cast<double>() * b + c;
            Eigen::Map<Eigen::RowVectorXf>(e.states.row(s, t), 12) = (z * embed).cast<float>();
        }
    }
    AnalysisOptions options;
    options.k = 4;
    options.fit = fit;
    e.result = analyze(e.states, options, {}, inputs.get());
    e.inputs = std::move(inputs);
    e.network = std::make_shared<LinearReadout>(Eigen::VectorXf::Random(12));
    e.input.batch = e.states.batch;
    e.input.lengths = e.states.lengths;
    e.readoutLogits = e.network->readout(e.states.lastValidStates());
    return e;
}

}  // namespace

TEST_CASE("a fit with inputs predicts a driven system with its inputs, exactly at every horizon", "[prediction]") {
    std::mt19937 gen(12);
    const Exploration e = drivenExploration(gen, Fit::Inputs);
    const PredictionCurve curve = predictionCurve(e.result, 8, {}, e.inputs.get());
    REQUIRE(curve.relativeError.size() == 8);
    for (double err : curve.relativeError) CHECK(err < 1e-4);
    CHECK(readoutAgreement(e, 0.0).agreement == 1.0);
    CHECK_THROWS_WITH(predictionCurve(e.result, 8), Catch::Contains("inputs"));

    // The paper's C on the same states cannot know the inputs: its error is of order one.
    std::mt19937 same(12);
    const Exploration autonomous = drivenExploration(same, Fit::Autonomous);
    CHECK(predictionCurve(autonomous.result, 8).relativeError[0] > 0.1);
}

namespace {

// The readout's logit on each sequence's Zp at its start step carried to its final step one step
// at a time (with the inputs for a fit with inputs): readoutAgreement's Koopman prediction by its
// definition, sequence by sequence. Needs e.result.reduced.
RowMatrixXf propagatedLogits(const Exploration& e, double startFraction) {
    const KoopmanResult& r = e.result;
    RowMatrixXd finals(r.batch, r.k);
    for (int b = 0; b < r.batch; ++b) {
        const int length = r.lengths[b];
        const int start = static_cast<int>(std::floor(startFraction * (length - 1)));
        Eigen::RowVectorXd z = r.reduced.row(static_cast<Eigen::Index>(b) * r.time + start);
        for (int t = start + 1; t < length; ++t) {
            z = z * r.C;
            if (r.inputs)
                z += Eigen::Map<const Eigen::RowVectorXf>(e.inputs->row(b, t), e.inputs->dim()).cast<double>() * r.inputs->B +
                     r.inputs->offset;
        }
        finals.row(b) = z;
    }
    return e.network->readout(((finals * r.basis.transpose()).rowwise() + r.mean).cast<float>());
}

}  // namespace

TEST_CASE("the streamed readout agreement is the held route's, sequence by sequence", "[prediction][streamed]") {
    for (Fit fit : {Fit::Autonomous, Fit::Inputs}) {
        for (double fraction : {0.0, 0.5}) {
            INFO(fitName(fit) << ", start fraction " << fraction);
            SourceSpec spec = test::variedReviews();
            spec.analysis.fit = fit;
            spec.analysis.keepReduced = true;
            const Exploration held = runExploration(spec);
            const ReadoutAgreement a = readoutAgreement(held, fraction);
            spec.stream = StreamMode::On;
            InsightOptions o;
            o.horizon = 1;
            o.startFraction = fraction;
            const Insight streamed = insightOfSource(spec, o);
            REQUIRE(streamed.exploration.result.streamed);
            REQUIRE(streamed.report.readout);
            const ReadoutAgreement& s = *streamed.report.readout;

            // Classes whose logit is within rounding of the boundary may go either way.
            const RowMatrixXf truth = propagatedLogits(held, fraction);
            const std::vector<int> truthClass = readoutClasses(truth);
            int compared = 0;
            for (int b = 0; b < held.result.batch; ++b) {
                if (std::abs(truth(b, 0)) < 1e-4f) continue;
                ++compared;
                CHECK(a.koopmanClass[b] == truthClass[b]);
                CHECK(s.koopmanClass[b] == truthClass[b]);
                CHECK(s.projectedClass[b] == a.projectedClass[b]);
                CHECK(s.networkClass[b] == a.networkClass[b]);
            }
            CHECK(compared >= 68);
            CHECK(s.sequences == 70);
            CHECK(s.labelled == 70);
            CHECK(s.agreement == Approx(a.agreement).margin(1.5 / 70));
            CHECK(s.koopmanAccuracy == Approx(a.koopmanAccuracy).margin(1.5 / 70));
            if (fraction == 0.0) CHECK(a.agreement < 1.0);  // the prediction is not the network's answer throughout
        }
    }
}
