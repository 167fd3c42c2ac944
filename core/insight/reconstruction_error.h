#pragma once
// How well an autoencoder reproduces each sequence of the batch: the beats it gets worst are
// where a student should look first (ectopic beats, noise, a baseline jump).
#include "core/pipeline/exploration.h"

#include <vector>

namespace kann {

struct SequenceError {
    int sequence = 0;   // index in the batch
    int row = 0;        // index in the dataset
    int label = -1;
    double rmse = 0;    // root mean square of (decoded - input) over the valid steps
};

// Root mean square of (decoded(b, t) - input) over the valid steps of sequence b of a one-feature
// series batch, `decoded` being batch x time (any decoding: the model's own, or after an edit).
double reconstructionRmse(const InputBatch& in, const RowMatrixXf& decoded, int b);

// Every sequence's reconstruction error by the full decoding, worst first.
// Throws InputError when the model has no decoder or the batch is not a one-feature series.
std::vector<SequenceError> reconstructionErrors(const Exploration& e);

}  // namespace kann
