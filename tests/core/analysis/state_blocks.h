#pragma once
// A batch of states cut into blocks of sequences, as a streamed analysis reads them, and the check
// that two analyses of the same states agree.
#include "core/analysis/streamed_analysis.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

namespace kann::test {

// The sequences `members` of `s` as a batch of their own, padded with zeros to their longest.
inline HiddenStates statesOf(const HiddenStates& s, const std::vector<int>& members) {
    int time = 0;
    for (int b : members) time = std::max(time, s.lengths[b]);
    HiddenStates out = HiddenStates::zeros(static_cast<int>(members.size()), time, s.dim);
    for (int i = 0; i < out.batch; ++i) {
        out.lengths[i] = s.lengths[members[i]];
        std::copy_n(s.row(members[i], 0), static_cast<std::size_t>(out.lengths[i]) * s.dim, out.row(i, 0));
    }
    return out;
}

// The inputs of those sequences, for a batch padded to `time`.
inline StepInputs inputsOf(const StepInputs& in, const HiddenStates& s, const std::vector<int>& members, int time) {
    StepInputs out;
    out.time = time;
    out.table = RowMatrixXf::Zero(static_cast<Eigen::Index>(members.size()) * time, in.dim());
    for (std::size_t i = 0; i < members.size(); ++i)
        for (int t = 0; t < s.lengths[members[i]]; ++t)
            out.table.row(static_cast<Eigen::Index>(i) * time + t) =
                Eigen::Map<const Eigen::RowVectorXf>(in.row(members[i], t), in.dim());
    return out;
}

// The batch's sequences in a shuffled order, cut into blocks of 1 to `most` sequences.
inline std::vector<std::vector<int>> shuffledBlocks(int batch, int most, unsigned seed) {
    std::vector<int> order(batch);
    std::iota(order.begin(), order.end(), 0);
    std::mt19937 gen(seed);
    std::shuffle(order.begin(), order.end(), gen);
    std::uniform_int_distribution<int> size(1, most);
    std::vector<std::vector<int>> blocks;
    for (std::size_t i = 0; i < order.size();) {
        const std::size_t n = std::min<std::size_t>(size(gen), order.size() - i);
        blocks.emplace_back(order.begin() + i, order.begin() + i + n);
        i += n;
    }
    return blocks;
}

// A pass over `s` cut into other blocks on each pass (seeded), with the inputs when given.
inline StatePass passOver(const HiddenStates& s, int most, const StepInputs* inputs = nullptr) {
    return [&s, most, inputs](int pass, const std::function<void(const StateBlock&)>& visit) {
        for (const auto& members : shuffledBlocks(s.batch, most, 11u + static_cast<unsigned>(pass))) {
            const HiddenStates block = statesOf(s, members);
            const StepInputs blockInputs = inputs ? inputsOf(*inputs, s, members, block.time) : StepInputs{};
            visit({block, members, inputs ? &blockInputs : nullptr});
        }
    };
}

// Every figure of two analyses of the same states agrees to `tolerance` (relative to each figure's size).
inline void requireSameResult(const KoopmanResult& a, const KoopmanResult& b, double tolerance) {
    REQUIRE(a.k == b.k);
    REQUIRE(a.lengths == b.lengths);
    const auto close = [tolerance](const auto& x, const auto& y) {
        REQUIRE(x.size() == y.size());
        return (x - y).norm() <= tolerance * std::max(1.0, static_cast<double>(y.norm()));
    };
    // The kept components' singular values: those below kRankTolerance·σ_1 are rounding noise.
    CHECK(close(a.singularValues.head(a.k), b.singularValues.head(b.k)));
    CHECK(close(a.basis, b.basis));
    CHECK(close(a.mean, b.mean));
    CHECK(close(a.C, b.C));
    CHECK(close(a.eigenvalues, b.eigenvalues));
    CHECK(close(a.dominance, b.dominance));
    CHECK(close(a.eigenResidual, b.eigenResidual));
    CHECK(close(a.sequenceMagnitude, b.sequenceMagnitude));
    CHECK(a.residual == Approx(b.residual).margin(tolerance));
    CHECK(a.partner == b.partner);
}

}  // namespace kann::test
