// One exploration from saved states: the same states and the same analysis as calling the core
// directly, its stages reported in order, a missing file named, and one progress from 0 to 1.
#include "core/pipeline/exploration.h"

#include "../analysis/state_blocks.h"
#include "varied_batches.h"
#include "core/common/error.h"
#include "core/io/npy.h"
#include "test_support.h"

#include <algorithm>
#include <filesystem>
#include <random>
#include <vector>

using namespace kann;

namespace {

// Every report of one run, as fractions of the whole.
std::vector<double> fractionsOf(const SourceSpec& spec) {
    std::vector<double> seen;
    Progress progress;
    progress.report = [&seen](std::int64_t done, std::int64_t total, const std::string&) {
        seen.push_back(static_cast<double>(done) / static_cast<double>(total));
    };
    runExploration(spec, progress);
    return seen;
}

// A damped rotation in the first two dimensions plus noise, sequences of different lengths.
HiddenStates rotatingStates() {
    HiddenStates s = HiddenStates::zeros(6, 40, 5);
    s.lengths = {40, 31, 40, 12, 25, 40};
    std::mt19937 rng(3);
    std::normal_distribution<float> noise(0.0f, 0.01f);
    for (int b = 0; b < s.batch; ++b) {
        double x = 1.0 + b, y = 0.5 * b;
        for (int t = 0; t < s.lengths[b]; ++t) {
            float* row = s.row(b, t);
            row[0] = static_cast<float>(x), row[1] = static_cast<float>(y);
            for (int j = 2; j < s.dim; ++j) row[j] = noise(rng);
            const double nx = 0.95 * (std::cos(0.3) * x - std::sin(0.3) * y), ny = 0.95 * (std::sin(0.3) * x + std::cos(0.3) * y);
            x = nx, y = ny;
        }
    }
    return s;
}

}  // namespace

TEST_CASE("an exploration of saved states analyses exactly those states", "[exploration]") {
    const auto dir = std::filesystem::temp_directory_path() / "kann_exploration_test";
    std::filesystem::create_directories(dir);
    const HiddenStates states = rotatingStates();
    SourceSpec spec;
    spec.statesPath = (dir / "states.npy").string();
    spec.lengthsPath = (dir / "lengths.npy").string();
    spec.analysis.k = 4;
    writeStatesNpy(states, spec.statesPath, spec.lengthsPath);

    std::vector<std::string> stages;
    Progress progress;
    progress.report = [&stages](std::int64_t, std::int64_t, const std::string& stage) {
        if (stages.empty() || stages.back() != stage) stages.push_back(stage);
    };
    const Exploration e = runExploration(spec, progress);
    CHECK(e.network == nullptr);
    CHECK_FALSE(e.isText());
    CHECK(e.states.lengths == states.lengths);
    CHECK(e.states.values == states.values);
    const KoopmanResult direct = analyze(states, spec.analysis);
    REQUIRE(e.result.eigenvalues.size() == direct.eigenvalues.size());
    CHECK((e.result.eigenvalues - direct.eigenvalues).norm() < 1e-12);
    // The rotation's pair: modulus 0.95 at angle ±0.3, leading the spectrum.
    CHECK(std::abs(e.result.eigenvalues(0)) == Approx(0.95).margin(0.01));
    CHECK(std::abs(std::arg(e.result.eigenvalues(0))) == Approx(0.3).margin(0.01));
    REQUIRE_FALSE(stages.empty());
    CHECK(std::find(stages.begin(), stages.end(), "load model") == stages.end());

    spec.lengthsPath = (dir / "missing.npy").string();
    CHECK_THROWS_WITH(runExploration(spec), Catch::Contains("missing.npy"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("one run reports one progress from 0 to 1 over loading, unrolling and the analysis", "[exploration]") {
    SourceSpec spec;
    spec.modelPath = KANN_FIXTURES "/torch/scripted_series.pt";
    spec.dataPath = KANN_FIXTURES "/series/label_last.arff";
    const std::vector<double> seen = fractionsOf(spec);
    REQUIRE(seen.size() > 4);
    CHECK(seen.front() == Approx(0.0));
    CHECK(seen.back() == Approx(1.0));
    for (std::size_t i = 1; i < seen.size(); ++i) CHECK(seen[i] >= seen[i - 1]);  // never back to 0 per stage
    // The unroll ends where the analysis starts: 70 % of the bar.
    CHECK(std::any_of(seen.begin(), seen.end(), [](double f) { return f == Approx(0.7); }));
}

TEST_CASE("a run on saved states gives the whole bar to the analysis", "[exploration]") {
    SourceSpec spec;
    spec.statesPath = KANN_FIXTURES "/npy/states_f4.npy";
    const std::vector<double> seen = fractionsOf(spec);
    REQUIRE(!seen.empty());
    CHECK(seen.front() == Approx(0.0));
    CHECK(seen.back() == Approx(1.0));
    for (std::size_t i = 1; i < seen.size(); ++i) CHECK(seen[i] >= seen[i - 1]);
}

TEST_CASE("a streamed run of a real model equals the run that holds the states", "[exploration][streamed]") {
    SourceSpec spec = test::variedReviews();
    for (Fit fit : {Fit::Autonomous, Fit::Inputs}) {
        spec.analysis.fit = fit;
        INFO(fitName(fit));
        const Exploration held = runExploration(spec);
        REQUIRE_FALSE(held.result.streamed);
        // The analysis itself, on the model's own states read a few sequences at a time: to 1e-9.
        const KoopmanResult blocks =
            analyzeStreamed(held.states.batch, test::passOver(held.states, 9, held.inputs.get()), spec.analysis);
        test::requireSameResult(blocks, held.result, 1e-9);

        // The whole route, unrolled in blocks by length and never held: the unroll of a sequence
        // does not depend on the others in its block.
        spec.stream = StreamMode::On;
        const Exploration streamed = runAnalysis(spec);
        spec.stream = StreamMode::Auto;
        REQUIRE(streamed.result.streamed);
        CHECK_THAT(streamed.result.streamed->secondPass, Catch::StartsWith("spill file"));
        CHECK(streamed.states.batch == 0);
        CHECK((streamed.input.tokens.empty() && streamed.tokenized.empty()));  // they grow with the batch too
        CHECK(streamed.input.lengths == held.input.lengths);
        test::requireSameResult(streamed.result, held.result, 1e-9);
        CHECK(streamed.readoutLogits.isApprox(held.readoutLogits, 1e-6f));
        CHECK(streamed.result.timingsMs.count("unroll") == 1);
    }
}

TEST_CASE("a streamed run of an autoencoder keeps each sequence's reconstruction error as the held run", "[exploration][streamed]") {
    CHECK(runExploration(test::variedReviews()).reconstructionError.empty());  // no decoder, none
    SourceSpec spec = test::variedBeats();
    const Exploration held = runExploration(spec);
    REQUIRE(held.reconstructionError.size() == 50);
    spec.stream = StreamMode::On;
    const Exploration streamed = runAnalysis(spec);
    REQUIRE(streamed.result.streamed);
    CHECK(streamed.input.values.empty());
    // A series' float unroll and decoding vary at rounding with the batch they run in (a text's
    // do not): the same to float precision.
    test::requireSameResult(streamed.result, held.result, 1e-5);
    REQUIRE(streamed.reconstructionError.size() == 50);
    for (int b = 0; b < 50; ++b) CHECK(streamed.reconstructionError[b] == Approx(held.reconstructionError[b]).epsilon(1e-6));
}

TEST_CASE("streaming is chosen by the budget or the option, and refused where the states are needed", "[exploration][streamed]") {
    SourceSpec spec = test::variedReviews();
    {
        // 70 x 60 x 12 floats are well within any budget: held, and bit for bit runExploration's
        // (the texts tokenized once, whole).
        const Exploration held = runAnalysis(spec), whole = runExploration(spec);
        CHECK_FALSE(held.result.streamed);
        CHECK(held.input.tokens == whole.input.tokens);
        CHECK(held.tokenized.size() == whole.tokenized.size());
        CHECK(held.result.eigenvalues == whole.result.eigenvalues);
        CHECK(held.result.dominance == whole.result.dominance);
    }
    {
        // Half of the memory available is the budget: here less than the padded states.
        const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", std::to_string(300 << 10));
        const Exploration e = runAnalysis(spec);
        REQUIRE(e.result.streamed);
        CHECK_THAT(e.result.streamed->reason, Catch::Contains("budget"));
    }
    {
        // With less room than the valid states twice over, the second pass unrolls again, to the same result.
        const KoopmanResult held = runExploration(spec).result;
        const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", std::to_string(120 << 10));
        const Exploration e = runAnalysis(spec);
        REQUIRE(e.result.streamed);
        CHECK(e.result.streamed->secondPass == "re-unroll");
        test::requireSameResult(e.result, held, 1e-9);
    }
    spec.stream = StreamMode::Off;
    CHECK_FALSE(runAnalysis(spec).result.streamed);
    spec.stream = StreamMode::On;
    CHECK_THROWS_WITH(runExploration(spec), Catch::Contains("needs them"));
    spec.analysis.includePadding = true;
    CHECK_THROWS_WITH(runAnalysis(spec), Catch::Contains("--stream off"));
    SourceSpec saved;
    saved.statesPath = KANN_FIXTURES "/npy/states_f4.npy";
    saved.stream = StreamMode::On;
    CHECK_THROWS_WITH(runAnalysis(saved), Catch::Contains("saved states"));
}
