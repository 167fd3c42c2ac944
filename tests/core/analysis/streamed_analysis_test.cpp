// A streamed analysis sees the batch a block of sequences at a time, in any order, twice: it must
// give what the analysis of the whole batch gives.
#include "core/analysis/streamed_analysis.h"

#include "core/common/error.h"
#include "state_blocks.h"
#include "synthetic.h"
#include "thread_share.h"

#include <catch2/catch.hpp>

#include <thread>

using namespace kann;
using namespace kann::test;

namespace {

// Damped rotations and decays in 5 dimensions embedded in 24, plus noise (so that no residual is
// zero, where rounding would decide its digits), sequences of 2 to 60 steps.
HiddenStates varied(std::mt19937& gen) {
    const Eigen::MatrixXd a = linearMap({{0.97, 0.2}, {0.8, 0.5}, {0.9, 0}}, gen);
    const Eigen::MatrixXd embed = orthonormalRows(5, 24, gen) + 0.01 * gaussian(5, 24, gen);
    HiddenStates s = simulate(a, embed, 60, randomLengths(90, 2, 60, gen), gen);
    std::normal_distribution<float> noise(0.0f, 0.05f);
    for (int b = 0; b < s.batch; ++b)
        for (int t = 0; t < s.lengths[b]; ++t)
            for (int i = 0; i < s.dim; ++i) s.row(b, t)[i] += noise(gen);
    return s;
}

// The analyses of `size` processes (threads) sharing the batch: process r visits every size-th
// block from r on, on both passes.
std::vector<KoopmanResult> sharedAnalyses(const HiddenStates& s, int size, const AnalysisOptions& o,
                                          const StepInputs* inputs = nullptr) {
    const auto blocks = shuffledBlocks(s.batch, 7, 3);
    ThreadShare threads(size);
    std::vector<KoopmanResult> results(size);
    std::vector<std::thread> processes;
    for (int rank = 0; rank < size; ++rank)
        processes.emplace_back([&, rank] {
            const StatePass pass = [&](int, const std::function<void(const StateBlock&)>& visit) {
                for (std::size_t i = rank; i < blocks.size(); i += size) {
                    const HiddenStates block = statesOf(s, blocks[i]);
                    const StepInputs blockInputs = inputs ? inputsOf(*inputs, s, blocks[i], block.time) : StepInputs{};
                    visit({block, blocks[i], inputs ? &blockInputs : nullptr});
                }
            };
            results[rank] = analyzeStreamed(s.batch, pass, o, {}, threads.of(rank));
        });
    for (std::thread& t : processes) t.join();
    return results;
}

AnalysisOptions inMemory(AnalysisOptions o) {
    o.keepReduced = false;
    return o;
}

}  // namespace

TEST_CASE("a streamed analysis equals the analysis of the whole batch", "[streamed]") {
    std::mt19937 gen(5);
    const HiddenStates states = varied(gen);
    for (Reduction how : {Reduction::Svd, Reduction::Pca}) {
        for (int k : {-1, 4}) {
            AnalysisOptions o;
            o.reduction = how;
            o.k = k;
            INFO(reductionName(how) << ", k = " << k);
            const KoopmanResult streamed = analyzeStreamed(states.batch, passOver(states, 7), o);
            requireSameResult(streamed, analyze(states, inMemory(o)), 1e-9);
            REQUIRE(streamed.streamed);
            CHECK(streamed.streamed->blocks > 10);
            CHECK(streamed.reduced.size() == 0);
            CHECK(streamed.time == *std::max_element(states.lengths.begin(), states.lengths.end()));
        }
    }
}

TEST_CASE("processes sharing a batch each end with the analysis of the whole batch", "[streamed]") {
    std::mt19937 gen(6);
    const HiddenStates states = varied(gen);
    for (Reduction how : {Reduction::Svd, Reduction::Pca}) {
        AnalysisOptions o;
        o.reduction = how;
        INFO(reductionName(how));
        const KoopmanResult whole = analyze(states, inMemory(o));
        const std::vector<KoopmanResult> shared = sharedAnalyses(states, 3, o);
        for (const KoopmanResult& r : shared) {
            requireSameResult(r, whole, 1e-9);
            CHECK(r.time == *std::max_element(states.lengths.begin(), states.lengths.end()));
            CHECK(r.streamed->blocks == static_cast<int>(shuffledBlocks(states.batch, 7, 3).size()));
        }
        // Every process fits the very same C, so their mode sums add up on one basis.
        CHECK(shared[1].C == shared[0].C);
        CHECK(shared[2].dominance == shared[0].dominance);
    }
}

TEST_CASE("a streamed fit with inputs equals the fit of the whole batch", "[streamed]") {
    std::mt19937 gen(8);
    const HiddenStates states = varied(gen);
    StepInputs inputs;
    inputs.time = states.time;
    inputs.table = gaussian(states.batch * states.time, 6, gen).cast<float>();
    AnalysisOptions o;
    o.fit = Fit::Inputs;
    o.k = 5;
    for (Reduction how : {Reduction::Svd, Reduction::Pca}) {
        o.reduction = how;
        const KoopmanResult streamed = analyzeStreamed(states.batch, passOver(states, 5, &inputs), o);
        const KoopmanResult whole = analyze(states, inMemory(o), {}, &inputs);
        requireSameResult(streamed, whole, 1e-9);
        REQUIRE(streamed.inputs);
        CHECK((streamed.inputs->B - whole.inputs->B).norm() <= 1e-9 * std::max(1.0, whole.inputs->B.norm()));
        CHECK(streamed.inputs->residualAutonomous == Approx(whole.inputs->residualAutonomous).margin(1e-9));
        // Shared by three processes, whose input blocks add up like their moments.
        for (const KoopmanResult& r : sharedAnalyses(states, 3, o, &inputs)) {
            requireSameResult(r, whole, 1e-9);
            REQUIRE(r.inputs);
            CHECK((r.inputs->B - whole.inputs->B).norm() <= 1e-9 * std::max(1.0, whole.inputs->B.norm()));
        }
    }
}

TEST_CASE("a streamed analysis refuses what needs the whole batch and says why", "[streamed]") {
    std::mt19937 gen(9);
    const HiddenStates states = varied(gen);
    AnalysisOptions padded;
    padded.includePadding = true;
    CHECK_THROWS_AS(analyzeStreamed(states.batch, passOver(states, 4), padded), InputError);
    AnalysisOptions randomized;
    randomized.reduction = Reduction::RandomizedSvd;
    CHECK_THROWS_WITH(analyzeStreamed(states.batch, passOver(states, 4), randomized), Catch::Contains("rsvd"));
    AnalysisOptions driven;
    driven.fit = Fit::Inputs;
    CHECK_THROWS_WITH(analyzeStreamed(states.batch, passOver(states, 4), driven), Catch::Contains("input"));
    // A pass that leaves a sequence out is the caller's bug, not a smaller batch.
    CHECK_THROWS_AS(analyzeStreamed(states.batch + 1, passOver(states, 4), {}), std::logic_error);

    HiddenStates still = HiddenStates::zeros(5, 8, 3);
    for (float& v : still.values) v = 0.5f;
    CHECK_THROWS_WITH(analyzeStreamed(still.batch, passOver(still, 2), {}), Catch::Contains("the same vector"));
}
