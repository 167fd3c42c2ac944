#pragma once
// The final valid state of every sequence of a streamed run, gathered block by block: all that the
// decoding of an autoencoder reads (series_band.h, mode_colouring.h decodeStates), so a streamed run
// gets the whole batch's medians of each pair's decoding exactly, holding batch x state dim floats
// (1/T of the states) instead of the states. Parts gathered apart (threads, files, MPI processes)
// merge exactly: each holds only its own sequences' rows, zero elsewhere.
#include "core/pipeline/exploration.h"

#include <vector>

namespace kann {

class FinalStates {
public:
    FinalStates(int batch, int dim);
    // Keeps the final valid state of each of the block's sequences.
    void add(const SequenceBlock& block);
    // Adds the sequences `other` kept. Throws std::invalid_argument for another batch or dimension.
    void merge(const FinalStates& other);
    // merge across the processes of `share` (one ProcessShare::sum of batch x (dim + 1) doubles):
    // each process ends with every sequence.
    void sumAcross(const ProcessShare& share);
    // batch x dim. Throws std::logic_error naming a sequence that no block (or two) gave.
    const RowMatrixXf& states() const;

private:
    RowMatrixXf states_;
    std::vector<double> kept_;  // per sequence: how many blocks gave it (1 when whole)
};

}  // namespace kann
