#include "core/pipeline/memory_budget.h"

#include "core/analysis/row_blocks.h"
#include "core/common/error.h"
#include "core/pipeline/exploration.h"
#include "test_support.h"

#include <filesystem>
#include <fstream>

using namespace kann;
using Catch::Matchers::Contains;

namespace {

std::string limitOf(std::uint64_t bytes) { return std::to_string(bytes); }

}  // namespace

TEST_CASE("the unroll needs the states twice (Torch's packed copy and ours) and the inputs", "[memory]") {
    NetworkInfo info;
    info.stateDim = 256;
    info.inputSize = 128;
    const MemoryNeed need = unrollMemory(info, 64, 100);
    CHECK(need.batch == 64);
    CHECK(need.fixed == 0);
    CHECK(need.perSequence == 2 * 100 * 256 * 4 + 100 * (8 + 128 * 4));
    CHECK(need.total() == 64u * need.perSequence);
}

TEST_CASE("the analysis needs Zp in double, the Gram matrix and the row blocks", "[memory]") {
    const HiddenStates states = HiddenStates::zeros(4, 12, 6);
    const MemoryNeed exact = analysisMemory(states, {});  // default k < dim: dim bounds it
    CHECK(exact.perSequence == 12 * 6 * 8);
    CHECK(exact.fixed == 6 * (6 + kBlockRows) * 8 + 6 * 6 * 32);
    AnalysisOptions rsvd;
    rsvd.k = 3;
    rsvd.reduction = Reduction::RandomizedSvd;
    CHECK(analysisMemory(states, rsvd).perSequence == 12 * 3 * 8 + 12 * 13 * 8);
}

TEST_CASE("requireMemory says what is needed, what is there and what batch would fit", "[memory]") {
    const MemoryNeed need{1 << 20, 1 << 20, 64};  // 65 MiB in all
    {
        const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", limitOf(17 << 20));
        CHECK_THROWS_WITH(requireMemory(need, "unrolling the batch", "m.pt"),
                          Catch::Equals("m.pt: unrolling the batch needs about 65.0 MiB of memory, but only 17.0 MiB is "
                                        "available; a batch of at most 16 sequences (now 64) would fit"));
    }
    {
        const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", limitOf(1 << 19));
        CHECK_THROWS_WITH(requireMemory(need, "the analysis", "s.npy"), Contains("not even one sequence fits"));
    }
    const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", limitOf(65 << 20));
    CHECK_NOTHROW(requireMemory(need, "the analysis", "s.npy"));
}

TEST_CASE("runExploration refuses states or an analysis beyond the memory, at the exact boundary", "[memory]") {
    SourceSpec spec;
    spec.statesPath = test::fixture("torch/sentiment_gru_states.npy");
    spec.lengthsPath = test::fixture("torch/sentiment_gru_lengths.npy");
    const std::uint64_t fileBytes = std::filesystem::file_size(spec.statesPath);
    {
        const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", limitOf(2 * fileBytes - 1));
        CHECK_THROWS_WITH(prepareStates(spec), Contains(spec.statesPath + ": loading the states needs about"));
    }
    const HiddenStates states = prepareStates(spec).states;
    const MemoryNeed need = analysisMemory(states, spec.analysis);
    REQUIRE(need.total() > 2 * fileBytes);
    {
        const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", limitOf(need.total() - 1));
        CHECK_THROWS_WITH(runExploration(spec), Contains("the analysis needs about") &&
                                                    Contains("a batch of at most " + std::to_string(states.batch - 1)));
    }
    const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", limitOf(need.total()));
    CHECK(runExploration(spec).result.k > 0);
}

TEST_CASE("prepareStates refuses to unroll a batch beyond the memory, before unrolling", "[memory]") {
    // 40 series of 400 steps, for the ECG autoencoder's GRU.
    const std::string data = (std::filesystem::temp_directory_path() / "kann_memory_budget_series.csv").string();
    {
        std::ofstream out(data);
        for (int s = 0; s < 40; ++s) {
            out << s % 2;
            for (int t = 0; t < 400; ++t) out << "," << (t % 17) * 0.1;
            out << "\n";
        }
    }
    SourceSpec spec;
    spec.modelPath = test::fixture("torch/ecg_gru.pt");
    spec.dataPath = data;
    const Exploration e = prepareStates(spec);
    const MemoryNeed need = unrollMemory(e.network->info(), e.input.batch, e.input.time);
    REQUIRE(need.batch == 40);
    const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", limitOf(need.fixed + 25 * need.perSequence));
    CHECK_THROWS_WITH(prepareStates(spec), Catch::StartsWith(spec.modelPath + ": unrolling the batch needs about") &&
                                               Contains("a batch of at most 25 sequences (now 40) would fit"));
    std::filesystem::remove(data);
}
