#pragma once
// The input a network receives at each step, for fits that account for it: rows of a table picked
// per step, so an embedding model's inputs are its embedding table and the token ids (never a
// [batch * time x embedding] copy) and a series' inputs are its own features.
#include "core/analysis/hidden_states.h"

#include <cstdint>
#include <vector>

namespace kann {

struct StepInputs {
    RowMatrixXf table;                 // one input per row
    std::vector<std::int64_t> index;   // the table row of step [b][t] at b * time + t; empty: that row itself
    int time = 0;

    int dim() const { return static_cast<int>(table.cols()); }
    const float* row(int b, int t) const {
        const std::int64_t at = static_cast<std::int64_t>(b) * time + t;
        return table.data() + (index.empty() ? at : index[at]) * table.cols();
    }
};

}  // namespace kann
