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

// Every sequence's reconstruction error by the full decoding, worst first: those the run kept
// (Exploration::reconstructionError, with or without states), else from the states held.
// Throws InputError when the model has no decoder or the batch is not a one-feature series.
std::vector<SequenceError> reconstructionErrors(const Exploration& e);

}  // namespace kann
