#pragma once
// Streaming over the valid rows of hidden states in double, a block at a time: every pass of the
// analysis (Gram matrix, projection, pair statistics, mode statistics) reads the float states
// this way, so no pass needs a second full copy of them.
#include "core/analysis/hidden_states.h"

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace kann {

// Rows per block: large enough for BLAS to run at full speed, small enough to stay in cache.
constexpr Eigen::Index kBlockRows = 1024;

// A run of consecutive steps of one sequence inside a block.
struct Segment {
    int sequence;
    int firstStep;      // > 0: the run continues the same sequence's run in the previous block
    Eigen::Index row;   // first row of the run in the block
    Eigen::Index steps;
};

struct RowBlock {
    Eigen::Ref<const RowMatrixXd> values;  // (row - mean) in double
    Eigen::Index offset;                   // index of the first row among all the valid rows
    const std::vector<Segment>& segments;  // in [b][t] order, covering the block's rows

    // Row index of a segment's first step in the (batch * time) matrix.
    static Eigen::Index batchRow(const Segment& s, int time) {
        return static_cast<Eigen::Index>(s.sequence) * time + s.firstStep;
    }
};

// Calls fn(RowBlock) on the rows t < lengths[b] in [b][t] order, a block at a time.
template <class Fn>
void forEachBlock(const HiddenStates& s, const std::vector<int>& lengths, const Eigen::RowVectorXd& mean,
                  Fn&& fn) {
    using Eigen::Index;
    RowMatrixXd block(kBlockRows, s.dim);
    std::vector<Segment> segments;
    Index filled = 0, offset = 0;
    auto flush = [&] {
        if (filled == 0) return;
        fn(RowBlock{block.topRows(filled), offset, segments});
        offset += filled;
        filled = 0;
        segments.clear();
    };
    for (int b = 0; b < s.batch; ++b) {
        for (int t = 0; t < lengths[b];) {
            const Index steps = std::min<Index>(lengths[b] - t, kBlockRows - filled);
            const Eigen::Map<const RowMatrixXf> rows(s.row(b, t), steps, s.dim);
            block.middleRows(filled, steps) = rows.cast<double>().rowwise() - mean;
            segments.push_back({b, t, filled, steps});
            filled += steps;
            t += static_cast<int>(steps);
            if (filled == kBlockRows) flush();
        }
    }
    flush();
}

}  // namespace kann
