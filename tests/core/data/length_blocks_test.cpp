// Blocks of sequences of similar length: each sequence once, a block's padded steps within the
// bound, and a sub-batch that holds exactly its sequences' steps.
#include "core/data/length_blocks.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace kann;

TEST_CASE("length blocks hold every sequence once, longest first, within the step bound", "[length_blocks]") {
    const std::vector<int> lengths = {5, 40, 7, 40, 12, 3, 39, 8, 1, 20};
    const auto blocks = lengthBlocks(lengths, 80);
    std::vector<int> seen;
    int previousLongest = 1 << 30;
    for (const auto& block : blocks) {
        REQUIRE(!block.empty());
        const int longest = lengths[block.front()];
        CHECK(longest <= previousLongest);
        previousLongest = longest;
        for (int i : block) CHECK(lengths[i] <= longest);
        CHECK(static_cast<std::int64_t>(block.size()) * longest <= 80);
        seen.insert(seen.end(), block.begin(), block.end());
    }
    std::sort(seen.begin(), seen.end());
    CHECK(seen == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    // Two sequences of 40 fill a block; the next holds 39 and 20 (78 steps), and so on.
    CHECK(blocks.front() == std::vector<int>{1, 3});
    CHECK(blocks[1] == std::vector<int>{6, 9});
    // A sequence longer than the bound still gets a block of its own.
    CHECK(lengthBlocks({100, 2}, 10) == std::vector<std::vector<int>>{{0}, {1}});
}

TEST_CASE("a sub-batch holds its sequences' steps, labels and rows, padded to their longest", "[length_blocks]") {
    InputBatch tokens;
    tokens.kind = InputBatch::Kind::Tokens;
    tokens.batch = 3, tokens.time = 4;
    tokens.tokens = {1, 2, 0, 0, 3, 4, 5, 6, 7, 0, 0, 0};
    tokens.lengths = {2, 4, 1};
    tokens.labels = {0, 1, 1};
    tokens.rows = {10, 11, 12};
    const InputBatch sub = subBatch(tokens, {2, 0});
    CHECK(sub.batch == 2);
    CHECK(sub.time == 2);
    CHECK(sub.tokens == std::vector<std::int64_t>{7, 0, 1, 2});
    CHECK(sub.lengths == std::vector<int>{1, 2});
    CHECK(sub.labels == std::vector<int>{1, 0});
    CHECK(sub.rows == std::vector<int>{12, 10});

    InputBatch series;
    series.kind = InputBatch::Kind::Series;
    series.batch = 2, series.time = 3, series.features = 2;
    series.values = {1, 2, 3, 4, 0, 0, 5, 6, 7, 8, 9, 10};
    series.lengths = {2, 3};
    const InputBatch one = subBatch(series, {0});
    CHECK(one.time == 2);
    CHECK(one.features == 2);
    CHECK(one.values == std::vector<float>{1, 2, 3, 4});
    CHECK(one.labels.empty());
}
