// The final states a streamed run gathers block by block, against the held batch's: the same rows,
// so the same decodings, medians and bands to the bit; parts merged (in one process or across a
// share) equal one run.
#include "core/insight/final_states.h"

#include "core/insight/series_band.h"
#include "core/pipeline/varied_batches.h"
#include "test_support.h"

#include <algorithm>
#include <numeric>

using namespace kann;

namespace {

// The held batch of varied lengths, a small ECG autoencoder's.
const Exploration& beats() {
    static const Exploration e = [] {
        SourceSpec spec = test::variedBeats();
        spec.stream = StreamMode::Off;
        return runExploration(spec);
    }();
    return e;
}

// Sequences `members` of the held states, padded to the longest of them only, as a streamed
// block is.
HiddenStates blockOf(const HiddenStates& s, const std::vector<int>& members) {
    int time = 0;
    for (int b : members) time = std::max(time, s.lengths[b]);
    HiddenStates out = HiddenStates::zeros(static_cast<int>(members.size()), time, s.dim);
    for (std::size_t i = 0; i < members.size(); ++i) {
        out.lengths[i] = s.lengths[members[i]];
        for (int t = 0; t < out.lengths[i]; ++t) std::copy_n(s.row(members[i], t), s.dim, out.row(static_cast<int>(i), t));
    }
    return out;
}

// The batch cut into `parts` blocks by length, longest first, unlike the batch's own order.
std::vector<std::vector<int>> lengthOrderedBlocks(const HiddenStates& s, int parts) {
    std::vector<int> order(s.batch);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return s.lengths[a] > s.lengths[b]; });
    std::vector<std::vector<int>> blocks(parts);
    for (std::size_t i = 0; i < order.size(); ++i) blocks[i * parts / order.size()].push_back(order[i]);
    return blocks;
}

void addBlocks(FinalStates& finals, const Exploration& e, const std::vector<std::vector<int>>& blocks) {
    for (const std::vector<int>& members : blocks) {
        const HiddenStates states = blockOf(e.states, members);
        finals.add({states, e.input, members});
    }
}

}  // namespace

TEST_CASE("final states gathered by length blocks give the held batch's bands to the bit", "[final_states]") {
    const Exploration& e = beats();
    REQUIRE(*std::min_element(e.states.lengths.begin(), e.states.lengths.end()) <
            *std::max_element(e.states.lengths.begin(), e.states.lengths.end()));
    FinalStates finals(e.states.batch, e.states.dim);
    addBlocks(finals, e, lengthOrderedBlocks(e.states, 3));
    CHECK(finals.states() == e.states.lastValidStates());
    for (ReconstructionForm form : {ReconstructionForm::PaperAbsolute, ReconstructionForm::ExactRealPart})
        for (BandReference reference : {BandReference::FullDecoding, BandReference::EmptyState}) {
            const auto held = pairBands(e, 3, form, reference);
            const auto streamed = pairBands(e, finals.states(), e.states.lengths, 3, form, reference);
            REQUIRE(held.size() == 3);
            REQUIRE(streamed.size() == held.size());
            for (std::size_t i = 0; i < held.size(); ++i) {
                CHECK(streamed[i].mode == held[i].mode);
                CHECK(std::pair(streamed[i].start, streamed[i].end) == std::pair(held[i].start, held[i].end));
                // NaN past the longest sequence compares unequal: compare the finite steps.
                for (std::size_t t = 0; t < held[i].difference.size(); ++t)
                    if (std::isfinite(held[i].difference[t])) CHECK(streamed[i].difference[t] == held[i].difference[t]);
                CHECK(streamed[i].pairMedian.median == held[i].pairMedian.median);
                CHECK(streamed[i].pairMedian.mad == held[i].pairMedian.mad);
            }
        }
}

TEST_CASE("two halves of the final states merged equal one run, in one process or across two", "[final_states]") {
    const Exploration& e = beats();
    const auto blocks = lengthOrderedBlocks(e.states, 4);
    FinalStates whole(e.states.batch, e.states.dim), first(e.states.batch, e.states.dim), second(e.states.batch, e.states.dim);
    addBlocks(whole, e, blocks);
    addBlocks(first, e, {blocks[0], blocks[2]});
    addBlocks(second, e, {blocks[1], blocks[3]});
    CHECK_THROWS_WITH(first.states(), Catch::Contains("given by 0 blocks"));

    FinalStates merged = first;
    merged.merge(second);
    CHECK(merged.states() == whole.states());

    // Process 1 sends its buffer; process 0 adds it, as MPI_Allreduce would.
    std::vector<double> sent;
    second.sumAcross({1, 2, [&](std::vector<double>& v) { sent = v; }});
    first.sumAcross({0, 2, [&](std::vector<double>& v) {
        REQUIRE(v.size() == sent.size());
        for (std::size_t i = 0; i < v.size(); ++i) v[i] += sent[i];
    }});
    CHECK(first.states() == whole.states());

    merged.merge(second);
    CHECK_THROWS_WITH(merged.states(), Catch::Contains("given by 2 blocks"));
    CHECK_THROWS_AS(merged.merge(FinalStates(e.states.batch, e.states.dim + 1)), std::invalid_argument);
}
