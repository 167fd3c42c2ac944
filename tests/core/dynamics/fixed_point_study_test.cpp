#include "core/dynamics/fixed_point_study.h"

#include "core/common/error.h"
#include "core/dynamics/fixed_points_json.h"
#include "core/models/model_fixtures.h"
#include "core/models/recurrent_network.h"

#include <nlohmann/json.hpp>

using namespace kann;
using namespace kann::test;

namespace {

Exploration fixtureExploration(const std::string& name) {
    Exploration e;
    e.spec.modelPath = torchFixture(name + ".pt");
    e.network = loadNetwork(e.spec.modelPath);
    e.input = fixtureBatch(name);
    e.states = e.network->unroll(e.input);
    e.result = analyze(e.states, {});
    return e;
}

FixedPointStudyOptions quick(const std::string& input) {
    FixedPointStudyOptions o;
    o.input = input;
    o.starts = 48;
    o.search.adamSteps = 600;
    return o;
}

}  // namespace

TEST_CASE("the fixed points of a trained GRU are fixed points of its cell", "[study]") {
    const Exploration e = fixtureExploration("sentiment_gru");
    const FixedPointStudy s = studyFixedPoints(e, quick("zero"));
    CHECK(s.cell == "GRU");
    CHECK(s.stateDim == e.states.dim);
    CHECK(s.input == "zero");
    const auto& parts = dynamic_cast<const RecurrentNetwork&>(*e.network).parts();
    const CellMap map(parts.encoder->weights(0));
    const Eigen::VectorXd zero = Eigen::VectorXd::Zero(map.inputSize());
    REQUIRE(s.search.fixedPoints.size() + s.search.slowPoints.size() > 0);
    for (const FixedPoint& p : s.search.fixedPoints) CHECK(map.speed(p.state.transpose(), zero)(0) < 1e-10);
    for (const FixedPoint& p : s.search.slowPoints) CHECK(map.speed(p.state.transpose(), zero)(0) < 1e-4);
    CHECK(s.geometry.reduced.rows() == Eigen::Index(s.search.fixedPoints.size() + s.search.slowPoints.size()));
    CHECK(s.geometry.reduced.cols() == e.result.k);
    CHECK(s.alignment.mode >= 0);
    CHECK(std::isfinite(s.alignment.readout));

    const auto json = nlohmann::json::parse(fixedPointsJson(s, quick("zero").search));
    CHECK(json["fixed_points"].size() == s.search.fixedPoints.size());
    CHECK(json["slow_points"].size() == s.search.slowPoints.size());
    if (!s.search.fixedPoints.empty()) {
        CHECK(json["fixed_points"][0]["state"].size() == std::size_t(s.stateDim));
        CHECK(json["fixed_points"][0]["jacobian_eigenvalues"].size() == std::size_t(s.stateDim));
    }
}

TEST_CASE("an LSTM layer of a stack is searched in h and c under its mean input", "[study]") {
    const Exploration e = fixtureExploration("stack_lstm_embed_readout");
    const FixedPointStudy s = studyFixedPoints(e, quick("mean"));
    CHECK(s.layer == 1);
    CHECK(s.stateDim == 2 * e.states.dim);
    CHECK(s.analysedDim == e.states.dim);
    CHECK(!s.notes.empty());
    CHECK(s.input.find("mean") != std::string::npos);
}

TEST_CASE("inputs a model cannot take are refused by name", "[study]") {
    const Exploration series = fixtureExploration("ecg_gru");
    CHECK_THROWS_AS(studyFixedPoints(series, quick("good")), InputError);
    FixedPointStudyOptions none = quick("zero");
    none.starts = 0;
    CHECK_THROWS_AS(studyFixedPoints(series, none), InputError);
    Exploration scripted = series;
    scripted.network = loadNetwork(torchFixture("scripted.pt"));
    CHECK_THROWS_WITH(studyFixedPoints(scripted, quick("zero")), Catch::Contains("TorchScript"));
}

// Same exploration and options: the same points, bit for bit, in the same order (a second look at
// the tab, or a rerun of kann fixed-points, must not move them); another seed starts elsewhere.
TEST_CASE("a search is the same for the same seed and differs for another", "[study]") {
    const Exploration e = fixtureExploration("sentiment_gru");
    FixedPointStudyOptions o = quick("zero");
    const FixedPointStudy a = studyFixedPoints(e, o), b = studyFixedPoints(e, o);
    REQUIRE(a.search.fixedPoints.size() + a.search.slowPoints.size() > 0);
    CHECK(a.search.finalQ == b.search.finalQ);
    CHECK(a.geometry.reduced == b.geometry.reduced);
    REQUIRE(a.search.fixedPoints.size() == b.search.fixedPoints.size());
    for (std::size_t i = 0; i < a.search.fixedPoints.size(); ++i)
        CHECK(a.search.fixedPoints[i].state == b.search.fixedPoints[i].state);
    o.seed = 2;
    CHECK(studyFixedPoints(e, o).search.finalQ != a.search.finalQ);
}
