#include "core/insight/mode_ablation.h"

#include "core/analysis/mode_removal.h"
#include "core/common/error.h"
#include "core/insight/mode_pairs.h"
#include "core/pipeline/varied_batches.h"
#include "explorations.h"

#include <catch2/catch.hpp>

#include <Eigen/LU>
#include <random>

using namespace kann;

namespace {

// h_0 = x_0·W_in, h_t = h_(t-1)·W after: a linear network whose states the analysis fits exactly,
// with logit = h·w.
class LinearNetwork : public Network {
public:
    LinearNetwork(Eigen::MatrixXf w, Eigen::MatrixXf wIn, Eigen::VectorXf readout)
        : w_(std::move(w)), wIn_(std::move(wIn)), readout_(std::move(readout)) {
        info_.layout = "test";
        info_.stateDim = info_.hiddenSize = static_cast<int>(w_.rows());
        info_.inputSize = static_cast<int>(wIn_.rows());
        info_.readoutOutputs = 1;
    }
    const NetworkInfo& info() const override { return info_; }
    HiddenStates unroll(const InputBatch& batch, const Progress&) const override { return run(batch, {}); }
    HiddenStates unrollEdited(const InputBatch& batch, const StateEdit& edit, const Progress&) const override {
        return run(batch, edit);
    }
    RowMatrixXf readout(const RowMatrixXf& states) const override { return states * readout_; }

private:
    HiddenStates run(const InputBatch& batch, const StateEdit& edit) const {
        HiddenStates s = HiddenStates::zeros(batch.batch, batch.time, info_.stateDim);
        s.lengths = batch.lengths;
        const Eigen::Map<const RowMatrixXf> x(batch.values.data(), batch.batch * batch.time, batch.features);
        RowMatrixXf h = RowMatrixXf::Zero(batch.batch, info_.stateDim);
        for (int t = 0; t < batch.time; ++t) {
            for (int b = 0; b < batch.batch; ++b) h.row(b) = h.row(b) * w_ + x.row(b * batch.time + t) * wIn_;
            if (edit) edit(h);
            for (int b = 0; b < batch.batch; ++b) s.matrix().row(b * batch.time + t) = h.row(b);
        }
        return s;
    }
    Eigen::MatrixXf w_, wIn_;
    Eigen::VectorXf readout_;
    NetworkInfo info_;
};

Eigen::MatrixXf gaussian(int rows, int cols, std::mt19937& gen) {
    std::normal_distribution<float> normal;
    return Eigen::MatrixXf::NullaryExpr(rows, cols, [&] { return normal(gen); });
}

// A batch whose only input is the first step's, labelled by the sign of the network's own logit.
Exploration linearExploration(std::mt19937& gen) {
    Eigen::MatrixXf w = Eigen::MatrixXf::Zero(4, 4);
    w.topLeftCorner(2, 2) << 0.9f, 0.3f, -0.3f, 0.9f;
    w(2, 2) = 0.7f;
    w(3, 3) = -0.5f;
    const Eigen::MatrixXf mix = Eigen::MatrixXf::Identity(4, 4) + 0.2f * gaussian(4, 4, gen);
    auto network = std::make_shared<LinearNetwork>(mix.inverse() * w * mix, gaussian(3, 4, gen), gaussian(4, 1, gen).col(0));
    Exploration e;
    e.network = network;
    e.input.kind = InputBatch::Kind::Series;
    e.input.batch = 40;
    e.input.time = 12;
    e.input.features = 3;
    e.input.lengths.assign(40, 12);
    e.input.values.assign(40 * 12 * 3, 0.0f);
    for (int b = 0; b < 40; ++b)
        for (int f = 0; f < 3; ++f) e.input.values[b * 12 * 3 + f] = gaussian(1, 1, gen)(0, 0);
    e.states = network->unroll(e.input, {});
    AnalysisOptions options;
    options.k = 4;
    e.result = analyze(e.states, options);
    e.readoutLogits = network->readout(e.states.lastValidStates());
    for (int b = 0; b < 40; ++b) e.input.labels.push_back(e.readoutLogits(b, 0) > 0 ? 1 : 0);
    return e;
}

}  // namespace

TEST_CASE("Removing a mode of a linear network moves its logit by exactly that mode's part of the final state",
          "[ablation]") {
    std::mt19937 gen(31);
    const Exploration e = linearExploration(gen);
    const KoopmanResult& r = e.result;
    REQUIRE(r.residual < 1e-5);
    const AblationReport report = ablateModes(e, {{0}, {2}, {3}});
    CHECK(report.output == "readout logits");
    CHECK(report.accuracyBefore == 1.0);
    CHECK(report.labelled == 40);
    REQUIRE(report.ablations.size() == 3);
    CHECK(report.ablations[0].modes == std::vector<int>{0, 1});  // 0.9 ± 0.3i: the pair together
    // Linear modes do not mix: the edited final state is the original one without modes J,
    // Re(Σ_J φ_j(T) U_j)·Pᵀ, so the logit moves by that times the readout.
    const RowMatrixXf last = e.states.lastValidStates();
    const Eigen::VectorXf w = e.network->readout(RowMatrixXf::Identity(4, 4)).col(0);
    for (const Ablation& a : report.ablations) {
        Eigen::MatrixXcd vu = Eigen::MatrixXcd::Zero(r.k, r.k);
        for (int j : a.modes) vu += r.V.col(j) * r.U.row(j);
        const Eigen::MatrixXd part = ((last.cast<double>() * r.basis).cast<std::complex<double>>() * vu).real() *
                                     r.basis.transpose();
        const double expected = (part * w.cast<double>()).cwiseAbs().mean();
        CHECK(a.removed.meanAbsDeltaOutput == Approx(expected).epsilon(1e-4));
        CHECK(a.outputs.rows() == 40);
        REQUIRE(a.controlDraws.size() == 5);
        double mean = 0;
        for (const AblationEffect& c : a.controlDraws) mean += c.meanAbsDeltaOutput / 5;
        CHECK(a.control.meanAbsDeltaOutput == Approx(mean));
        CHECK(a.control.meanAbsDeltaOutput > 0);
        // Each run's own edits (on its own trajectory): a real cut, smaller than the state.
        CHECK(a.removed.editSize > 0);
        CHECK(a.removed.editSize < 1);
        CHECK(a.control.editSize > 0);
    }
    const AblationReport again = ablateModes(e, {{2}});
    CHECK(again.ablations[0].control.meanAbsDeltaOutput == report.ablations[1].control.meanAbsDeltaOutput);
}

TEST_CASE("Mode sets read from the command line", "[ablation]") {
    std::mt19937 gen(32);
    const Exploration e = linearExploration(gen);
    CHECK(parseModeSets("2,3", e.result) == std::vector<std::vector<int>>{{2, 3}});
    const auto top = parseModeSets("top:2", e.result);
    REQUIRE(top.size() == 2);
    CHECK(top[0].size() == 1);
    for (const char* bad : {"top:0", "top:x", "1,,x", "9", "", "top:"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parseModeSets(bad, e.result), InputError);
    }
}

TEST_CASE("Ablation needs a network with an output", "[ablation]") {
    std::mt19937 gen(33);
    Exploration e = linearExploration(gen);
    Exploration statesOnly = e;
    statesOnly.network.reset();
    CHECK_THROWS_AS(ablateModes(statesOnly, {{0}}), InputError);
    CHECK_THROWS_AS(ablateModes(e, {{7}}), InputError);
}

namespace {

// `spec`'s batch held, and streamed (its states never held): the removal of the most dominant pair
// run on the whole batch, in parts of a few sequences read again from the dataset, against the held
// batch's run. A part's float32 unroll rounds otherwise than the whole batch's.
void requireWholeBatchRemoval(SourceSpec spec) {
    spec.stream = StreamMode::Off;
    const Exploration held = runExploration(spec);
    spec.stream = StreamMode::On;
    const Exploration streamed = runAnalysis(spec);
    REQUIRE(streamed.states.batch == 0);
    const int mode = dominantPairs(held.result, 1).front();
    REQUIRE(std::abs(streamed.result.eigenvalues(mode) - held.result.eigenvalues(mode)) < 1e-9);
    AblationOptions o;
    o.controlDraws = 2;
    const AblationReport a = ablateModes(held, {{mode}}, o);
    o.partBytes = static_cast<std::int64_t>(sizeof(float)) * held.states.dim * 90;  // a few sequences each
    int parts = 0;
    const AblationReport b = ablateModes(streamed, {{mode}}, o, Progress{[&](std::int64_t, std::int64_t total, const std::string&) {
        parts = static_cast<int>(total / (1 + 1 + o.controlDraws));
    }});
    CHECK(parts > 5);
    CHECK(b.output == a.output);
    CHECK(b.labelled == a.labelled);
    CHECK((std::isnan(a.accuracyBefore) ? std::isnan(b.accuracyBefore) : b.accuracyBefore == a.accuracyBefore));
    REQUIRE(b.outputsBefore.rows() == held.input.batch);
    REQUIRE(b.outputsBefore.cols() == a.outputsBefore.cols());
    const float scale = a.outputsBefore.cwiseAbs().maxCoeff();
    CHECK((b.outputsBefore - a.outputsBefore).cwiseAbs().maxCoeff() < 1e-5f * scale);
    const Ablation &x = a.ablations.front(), &y = b.ablations.front();
    CHECK(y.modes == x.modes);
    CHECK((y.outputs - x.outputs).cwiseAbs().maxCoeff() < 1e-5f * scale);
    CHECK(y.removed.meanAbsDeltaOutput == Approx(x.removed.meanAbsDeltaOutput).epsilon(1e-4));
    CHECK(y.removed.editSize == Approx(x.removed.editSize).epsilon(1e-4));
    CHECK(y.control.meanAbsDeltaOutput == Approx(x.control.meanAbsDeltaOutput).epsilon(1e-4));
    CHECK(y.control.editSize == Approx(x.control.editSize).epsilon(1e-4));
    if (std::isfinite(x.removed.accuracy)) CHECK(y.removed.accuracy == Approx(x.removed.accuracy).margin(1.5 / held.input.batch));
}

}  // namespace

TEST_CASE("Removing a mode on a streamed batch covers every sequence, as on the held batch", "[ablation][streamed]") {
    SECTION("an autoencoder's decoding, sequences of varied lengths") { requireWholeBatchRemoval(test::variedBeats()); }
    SECTION("a classifier's readout on texts") { requireWholeBatchRemoval(test::variedReviews()); }
}
