#include "core/pipeline/memory_budget.h"

#include "core/analysis/row_blocks.h"
#include "core/common/error.h"
#include "core/io/memory_limit.h"

#include <algorithm>

namespace kann {

namespace {

using Bytes = std::uint64_t;

Bytes product(std::initializer_list<Bytes> factors) {
    Bytes p = 1;
    for (Bytes f : factors) p *= f;
    return p;
}

}  // namespace

MemoryNeed unrollMemory(const NetworkInfo& info, int batch, int time) {
    const Bytes steps = static_cast<Bytes>(std::max(time, 0));
    const Bytes states = product({steps, static_cast<Bytes>(std::max(info.stateDim, 0)), sizeof(float)});
    // Token ids (int64) or series values, and the embedded or fed inputs (float).
    const Bytes inputs = product({steps, sizeof(std::int64_t) + static_cast<Bytes>(std::max(info.inputSize, 0)) * sizeof(float)});
    MemoryNeed need;
    need.perSequence = 2 * states + inputs;
    need.batch = batch;
    return need;
}

MemoryNeed analysisMemory(const HiddenStates& states, const AnalysisOptions& options) {
    const Bytes dim = static_cast<Bytes>(std::max(states.dim, 0));
    const Bytes k = options.k > 0 ? static_cast<Bytes>(options.k) : dim;  // the default k is below dim
    const Bytes steps = static_cast<Bytes>(std::max(states.time, 0));
    MemoryNeed need;
    need.batch = states.batch;
    need.perSequence = product({steps, k, sizeof(double)});
    if (options.reduction == Reduction::RandomizedSvd) need.perSequence += product({steps, k + 10, sizeof(double)});
    // The Gram matrix and one block of rows (row_blocks.h), in double.
    need.fixed = product({dim, dim + static_cast<Bytes>(kBlockRows), sizeof(double)}) + product({k, k, 4 * sizeof(double)});
    return need;
}

MemoryNeed statesFileMemory(std::uint64_t fileBytes) {
    // float64 states: 8 bytes read + 4 kept per value; float32: 4 + 4. Twice the file covers both.
    MemoryNeed need;
    need.fixed = 2 * fileBytes;
    return need;
}

void requireMemory(const MemoryNeed& need, const std::string& stage, const std::string& source) {
    const Bytes available = availableMemoryBytes();
    const Bytes total = need.total();
    if (total <= available) return;
    std::string problem = stage + " needs about " + bytesText(total) + " of memory, but only " + bytesText(available) +
                          " is available";
    if (need.batch > 0 && need.perSequence > 0) {
        const Bytes fits = available > need.fixed ? (available - need.fixed) / need.perSequence : 0;
        problem += fits > 0 ? "; a batch of at most " + std::to_string(fits) + " sequences (now " +
                                  std::to_string(need.batch) + ") would fit"
                            : "; not even one sequence fits: shorten the sequences (--max-len)";
    }
    throw InputError(source, problem);
}

}  // namespace kann
