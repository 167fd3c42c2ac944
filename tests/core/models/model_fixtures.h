#pragma once
// Reading the fixtures scripts/make_torch_fixtures.py wrote: inputs and PyTorch's own outputs.
#include "core/analysis/hidden_states.h"
#include "core/data/input_batch.h"
#include "core/io/npy.h"
#include "test_support.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

namespace kann::test {

inline std::string torchFixture(const std::string& name) { return fixture("torch/" + name); }

// The input batch saved as <name>_tokens.npy or <name>_x.npy with <name>_lengths.npy in fixtures/<folder>.
inline InputBatch fixtureBatch(const std::string& name, const std::string& folder = "torch") {
    const auto file = [&](const std::string& tail) { return fixture(folder + "/" + name + tail); };
    InputBatch batch;
    for (auto length : readNpy(file("_lengths.npy")).toInt64()) batch.lengths.push_back(int(length));
    const std::string tokens = file("_tokens.npy");
    if (std::filesystem::exists(tokens)) {
        const NpyArray a = readNpy(tokens);
        batch.kind = InputBatch::Kind::Tokens;
        batch.tokens = a.toInt64();
        batch.batch = int(a.shape[0]);
        batch.time = int(a.shape[1]);
    } else {
        const NpyArray a = readNpy(file("_x.npy"));
        batch.kind = InputBatch::Kind::Series;
        batch.values = a.toFloat();
        batch.batch = int(a.shape[0]);
        batch.time = int(a.shape[1]);
        batch.features = int(a.shape[2]);
    }
    return batch;
}

// PyTorch's states <name><suffix>.npy with the batch's lengths, in fixtures/<folder>.
inline HiddenStates expectedStates(const std::string& name, const std::string& suffix = "_states",
                                   const std::string& folder = "torch") {
    return readStatesNpy(fixture(folder + "/" + name + suffix + ".npy"), fixture(folder + "/" + name + "_lengths.npy"));
}

inline float maxAbsDiff(const float* a, const float* b, std::size_t n) {
    float worst = 0;
    for (std::size_t i = 0; i < n; ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

// Same shape, lengths and values to within `tolerance`, padding included.
inline void requireSameStates(const HiddenStates& got, const HiddenStates& want, float tolerance = 1e-5f) {
    REQUIRE(got.batch == want.batch);
    REQUIRE(got.time == want.time);
    REQUIRE(got.dim == want.dim);
    REQUIRE(got.lengths == want.lengths);
    CHECK(maxAbsDiff(got.values.data(), want.values.data(), got.values.size()) <= tolerance);
}

}  // namespace kann::test
