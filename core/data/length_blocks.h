#pragma once
// A large batch run a block of sequences at a time: sequences of similar length go together, so
// each block is padded little, and a block never holds more padded steps than asked.
#include "core/data/batch.h"
#include "core/data/input_batch.h"

#include <cstdint>
#include <vector>

namespace kann {

// The batch's sequences (indices into `lengths`) sorted by decreasing length and cut into blocks of
// at most `maxSteps` padded steps (sequences x the block's longest), at least one sequence each.
std::vector<std::vector<int>> lengthBlocks(const std::vector<int>& lengths, std::int64_t maxSteps);

// The sequences `members` of `batch` as a batch of their own, padded to the longest of them.
InputBatch subBatch(const InputBatch& batch, const std::vector<int>& members);
// The same from unpadded token ids.
InputBatch subBatch(const TextIds& texts, const std::vector<int>& members);

}  // namespace kann
