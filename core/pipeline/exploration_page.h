#pragma once
// Pages of an exploration whose states were streamed (runAnalysis never held them): a few
// consecutive sequences of its batch re-unrolled through its network and projected on its basis
// and eigenvectors, as an Exploration of their own. The per-click queries of analysis.h and
// mode_colouring.h then work on a page as on a small batch, and memory holds the pages looked at,
// never the whole batch's states.
#include "core/pipeline/exploration.h"

#include <cstdint>
#include <vector>

namespace kann {

// A page holds at most this many sequences, and at most kPageSteps steps padded (one sequence
// longer than that has a page of its own): the size of the paper's batch (64 x 952), whose clicks
// the studio answers within a frame, at half its padded length.
constexpr int kPageSequences = 64;
constexpr std::int64_t kPageSteps = 64 * 512;

// The first sequence of each page of a batch of these lengths, in order, from 0: consecutive
// sequences, each page as long as both limits allow.
std::vector<int> pageStarts(const std::vector<int>& lengths, int maxSequences = kPageSequences,
                            std::int64_t maxPaddedSteps = kPageSteps);

// The input of sequences [first, first + count) of `whole`'s batch, padded to their longest, read
// from whole's dataset as the whole batch was (for texts, their tokenized texts in `tokenized` when
// given). Needs whole's dataset (and tokenizer); the caller checks the range.
InputBatch pageInput(const Exploration& whole, int first, int count, std::vector<TokenizedText>* tokenized = nullptr);

// Sequences [first, first + count) of `whole`'s batch (count cut at its end): their input (padded to
// the page's longest) and texts, states, readout logits (whole's rows) and a result equal to whole's
// but for batch, time, lengths, reduced = the page's Zp and, with whole.spec.analysis.tabulateModes,
// modeTable. Exploration::pageStart is `first`. φ of a sequence equals the in-memory route's to
// float32 unroll precision (about 1e-7 of the largest |φ|), not to 1e-9: the page is unrolled as
// another batch, whose float32 matrix products round differently. Throws InputError when whole has no network and dataset (saved
// states are held whole) or `first` is outside the batch; Cancelled when progress is cancelled.
Exploration explorationPage(const Exploration& whole, int first, int count, const Progress& progress = {});

}  // namespace kann
