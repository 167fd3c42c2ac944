#pragma once
// Memory an exploration will need, checked against what the machine has before the big
// allocations (the unroll's states, the analysis' working set), so a batch too large for the
// machine is refused with what would fit instead of being killed halfway.
#include "core/analysis/analysis.h"
#include "core/models/network.h"

#include <cstdint>
#include <string>

namespace kann {

// Bytes a stage needs: a part per sequence of the batch and a part that does not grow with it.
struct MemoryNeed {
    std::uint64_t perSequence = 0;
    std::uint64_t fixed = 0;
    int batch = 0;

    std::uint64_t total() const { return fixed + perSequence * static_cast<std::uint64_t>(batch); }
};

// Unrolling `batch` sequences of `time` steps: the states [b, T, stateDim] as float, as much again
// for the packed outputs of the layer below (a stack unrolled to an upper layer), and the inputs.
MemoryNeed unrollMemory(const NetworkInfo& info, int batch, int time);

// The analysis of `states` beyond the states themselves: the reduced states Zp (double), the Gram
// matrix and row blocks of the reduction, and the randomized SVD's range when it is used.
MemoryNeed analysisMemory(const HiddenStates& states, const AnalysisOptions& options);

// Reading a states .npy file of `fileBytes`: its bytes and the float states made from them.
MemoryNeed statesFileMemory(std::uint64_t fileBytes);

// Throws InputError(source, ...) when `need` exceeds availableMemoryBytes(): says what `stage`
// needs, what is available and the largest batch that would fit.
void requireMemory(const MemoryNeed& need, const std::string& stage, const std::string& source);

}  // namespace kann
