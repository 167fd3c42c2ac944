#include "core/data/length_blocks.h"

#include <algorithm>
#include <numeric>

namespace kann {

std::vector<std::vector<int>> lengthBlocks(const std::vector<int>& lengths, std::int64_t maxSteps) {
    std::vector<int> order(lengths.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return lengths[a] > lengths[b]; });
    std::vector<std::vector<int>> blocks;
    for (int i : order) {
        // Sorted longest first, so a block's first sequence sets its padded length.
        if (blocks.empty() ||
            static_cast<std::int64_t>(blocks.back().size() + 1) * lengths[blocks.back().front()] > maxSteps)
            blocks.emplace_back();
        blocks.back().push_back(i);
    }
    return blocks;
}

namespace {

// Rows `members` of a [batch][time][width] array, each `lengths[i]` steps long, padded with zero to `time`.
template <class T>
std::vector<T> gather(const std::vector<T>& from, std::size_t fromTime, std::size_t width, const std::vector<int>& members,
                      const std::vector<int>& lengths, std::size_t time) {
    std::vector<T> out(members.size() * time * width, T(0));
    for (std::size_t b = 0; b < members.size(); ++b) {
        const std::size_t i = static_cast<std::size_t>(members[b]);
        std::copy_n(from.begin() + i * fromTime * width, lengths[i] * width, out.begin() + b * time * width);
    }
    return out;
}

// The sequences `members` of `batch` with their labels and rows, and no ids or values yet.
InputBatch membersOf(const InputBatch& batch, const std::vector<int>& members) {
    InputBatch out;
    out.kind = batch.kind;
    out.batch = static_cast<int>(members.size());
    out.features = batch.features;
    for (int i : members) {
        out.time = std::max(out.time, batch.lengths[i]);
        out.lengths.push_back(batch.lengths[i]);
        if (!batch.labels.empty()) out.labels.push_back(batch.labels[i]);
        if (!batch.rows.empty()) out.rows.push_back(batch.rows[i]);
    }
    return out;
}

}  // namespace

InputBatch subBatch(const InputBatch& batch, const std::vector<int>& members) {
    InputBatch out = membersOf(batch, members);
    const auto time = static_cast<std::size_t>(out.time), from = static_cast<std::size_t>(batch.time);
    if (batch.kind == InputBatch::Kind::Tokens) out.tokens = gather(batch.tokens, from, 1, members, batch.lengths, time);
    else out.values = gather(batch.values, from, batch.features, members, batch.lengths, time);
    return out;
}

InputBatch subBatch(const TextIds& texts, const std::vector<int>& members) {
    InputBatch out = membersOf(texts.input, members);
    out.tokens.assign(members.size() * static_cast<std::size_t>(out.time), 0);
    for (std::size_t b = 0; b < members.size(); ++b) {
        const auto& ids = texts.ids[static_cast<std::size_t>(members[b])];
        std::copy(ids.begin(), ids.end(), out.tokens.begin() + static_cast<std::ptrdiff_t>(b * out.time));
    }
    return out;
}

}  // namespace kann
