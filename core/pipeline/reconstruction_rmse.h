#pragma once
// How far an autoencoder's full decoding of each sequence is from the sequence itself: one number a
// sequence, kept by every route of an analysis (a streamed one block by block), so that the ranking
// of the worst reconstructed sequences needs no states.
#include "core/analysis/hidden_states.h"
#include "core/data/input_batch.h"
#include "core/models/network.h"

#include <vector>

namespace kann {

// Whether reconstructionRmse gives errors for `input` through `network`: a decoder, and a batch of
// one-feature series to compare its decoding with.
bool hasReconstruction(const Network& network, const InputBatch& input);

// The root mean square of (decoded(b, t) - input) over the valid steps of sequence b of a batch of
// one-feature series, `decoded` being batch x time: the network's own decoding, or one after an edit.
double decodingRmse(const InputBatch& input, const RowMatrixXf& decoded, int b);

// Per sequence, the root mean square of (decoded - input) over its valid steps, the decoder fed the
// last valid state of `states` (the network's unroll of `input`) for `time` steps (at least the
// longest of `input`: a block of a batch decodes for the batch's padded length, as the whole batch
// does); empty unless hasReconstruction. Throws InputError when the decoder fails (e.g. a TorchScript
// decoder of another fixed length).
std::vector<double> reconstructionRmse(const Network& network, const HiddenStates& states, const InputBatch& input,
                                       int time);

}  // namespace kann
