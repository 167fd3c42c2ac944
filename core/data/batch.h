#pragma once
// Choosing the sequences a network runs on: how many, from where, which label, how long.
#include "core/data/dataset.h"
#include "core/data/input_batch.h"
#include "core/data/tokenizer.h"

#include <vector>

namespace kann {

struct BatchSelection {
    int count = 64;      // sequences wanted (fewer when the dataset runs out); 0 = every matching one
    int offset = 0;      // matching sequences skipped first
    int label = -1;      // only sequences with this label; -1 = any
    int maxLength = 0;   // steps kept per sequence; 0 = no limit
};

// Dataset indices of the selected sequences, in dataset order. Throws InputError(dataset.source, ...)
// saying why when nothing is selected (no such label, offset past the end, empty dataset).
std::vector<int> selectRows(const Dataset& dataset, const BatchSelection& selection);

// A padded Series batch of the selected series (features = channels).
InputBatch selectSeriesBatch(const Dataset& dataset, const BatchSelection& selection);

struct TextBatch {
    InputBatch input;                        // Tokens, padding id 0
    std::vector<TokenizedText> tokenized;    // per sequence, truncated like the ids
};

// Dataset text `row` tokenized and cut at selection.maxLength, as a batch of the selection holds it:
// what a run that kept only the ids reads again for the words. Throws InputError for a blank text.
TokenizedText selectedText(const Dataset& dataset, int row, const BatchSelection& selection, const Tokenizer& tokenizer);

// A padded Tokens batch of the selected texts. A text without any token is an error.
TextBatch selectTextBatch(const Dataset& dataset, const BatchSelection& selection, const Tokenizer& tokenizer);

// The selected texts' token ids, unpadded, and their batch without the ids (input.tokens empty):
// all that a run in blocks needs, 8 bytes a step, where TextBatch pads the ids and keeps every piece.
struct TextIds {
    InputBatch input;
    std::vector<std::vector<std::int64_t>> ids;  // per sequence, input.lengths[i] of them
};
TextIds selectTextIds(const Dataset& dataset, const BatchSelection& selection, const Tokenizer& tokenizer);

}  // namespace kann
