// The results JSON that `kann analyze --json` and the studio's export share: every documented key,
// values equal to the result's, and a source block that rebuilds the spec.
#include "core/pipeline/results_json.h"

#include "core/pipeline/option_schema.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>

using namespace kann;

namespace {

Exploration savedStates() {
    SourceSpec spec;
    spec.statesPath = test::fixture("torch/ecg_lstm_states.npy");
    spec.lengthsPath = test::fixture("torch/ecg_lstm_lengths.npy");
    spec.analysis.k = 3;
    spec.analysis.reduction = Reduction::Pca;
    return runExploration(spec);
}

}  // namespace

TEST_CASE("the results JSON holds the documented keys and the result's values", "[results_json]") {
    const Exploration e = savedStates();
    const KoopmanResult& r = e.result;
    const nlohmann::json j = nlohmann::json::parse(resultsJson(e).dump());
    std::set<std::string> keys;
    for (const auto& item : j.items()) keys.insert(item.key());
    CHECK(keys == std::set<std::string>{"source", "shape", "k", "reduction", "masked", "residual", "fit", "singular_values",
                                        "eigenvalues", "streamed", "timings_ms"});
    CHECK(j.at("streamed") == false);
    CHECK(j.at("shape") == std::vector<int>{r.batch, r.time, r.dim});
    CHECK(j.at("k") == 3);
    CHECK(j.at("reduction") == "pca");
    CHECK(j.at("residual").get<double>() == r.residual);
    CHECK(j.at("singular_values").size() == static_cast<std::size_t>(r.singularValues.size()));
    REQUIRE(j.at("eigenvalues").size() == 3);
    for (int i = 0; i < 3; ++i) {
        const nlohmann::json& ev = j.at("eigenvalues")[i];
        CHECK(ev.at("re").get<double>() == r.eigenvalues(i).real());
        CHECK(ev.at("im").get<double>() == r.eigenvalues(i).imag());
        CHECK(ev.at("modulus").get<double>() == Approx(std::abs(r.eigenvalues(i))));
        CHECK(ev.at("dominance").get<double>() == r.dominance(i));
        CHECK(ev.at("pair").get<int>() == r.partner[i]);
        CHECK(ev.at("residual").get<double>() == r.eigenResidual(i));
    }
    CHECK(j.at("timings_ms").contains("reduce"));
}

TEST_CASE("the results JSON's source block rebuilds the spec", "[results_json]") {
    const Exploration e = savedStates();
    const nlohmann::json source = resultsJson(e).at("source");
    CHECK(source.at("files") == nlohmann::json{{"states", e.spec.statesPath}, {"lengths", e.spec.lengthsPath}});
    SourceSpec back;
    back.statesPath = source.at("files").at("states");
    back.lengthsPath = source.at("files").at("lengths");
    applySourceOptionsJson(source.at("options"), back);
    CHECK(sourceValues(back) == sourceValues(e.spec));
}
