#pragma once
// The analysis of a batch too large to hold as hidden states: the caller produces the states a
// block of sequences at a time and drops each block, twice. The first pass gathers the moments
// that give the basis and C (core/analysis/state_moments.h), the second the dominance and each
// eigenpair's residual (ModeAccumulator). Memory is O(m² + one block) whatever the number of
// sequences, and padding costs nothing: only the valid steps enter either pass.
#include "core/analysis/analysis.h"
#include "core/common/process_share.h"

#include <functional>
#include <optional>
#include <vector>

namespace kann {

struct StateBlock {
    const HiddenStates& states;          // some sequences of the batch, each with its valid length
    const std::vector<int>& sequences;   // index of each in the whole batch
    const StepInputs* inputs = nullptr;  // Fit::Inputs: the network's input at each step of `states`
};

// Calls `visit` once per block, so that every sequence of the batch is in exactly one block.
// `pass` is 0 (moments) or 1 (modes): the two passes need not cut the batch the same way.
using StatePass = std::function<void(int pass, const std::function<void(const StateBlock&)>& visit)>;

// analyze() of a batch of `sequences` sequences given through `pass`: the same result to rounding
// (its sums run in another order), padding masked, KoopmanResult::reduced empty. Stages reported
// through progress as analyze()'s, "reduce" covering the first pass and "project" the second; the
// time of the first pass is also KoopmanResult::timingsMs["moments"].
// Throws InputError for options that need the whole batch at once (--include-padding, --reduction
// rsvd) and, like analyze(), AnalysisError for states that leave nothing to fit. With a `share` of
// several processes, the moments, lengths and mode sums of every process are added up (float64,
// exact but for the order of the sums), so that each process ends with the whole batch's result.
KoopmanResult analyzeStreamed(int sequences, const StatePass& pass, const AnalysisOptions& options,
                              const Progress& progress = {}, const ProcessShare& share = {});

}  // namespace kann
