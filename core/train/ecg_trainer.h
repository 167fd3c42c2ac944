#pragma once
// The paper's ECG autoencoder: an LSTM encoder (1 -> E) whose last hidden state, repeated over the
// beat's length, feeds an LSTM decoder (E -> 2E) and a linear output per step. Checkpoint keys:
// encoder.rnn.{weight,bias}_{ih,hh}_l0, decoder.rnn.{weight,bias}_{ih,hh}_l0,
// decoder.output_layer.{weight,bias}.
#include "core/train/training_loop.h"

#include <memory>
#include <vector>

namespace kann {

struct EcgTrainConfig {
    int embedding = 64;  // encoder hidden size; the decoder's is twice this
    int batchSize = 16;
    double learningRate = 3e-3;
    unsigned seed = 1;
};

// Trained on the mean squared reconstruction error (the reference's L1 loss stalls on the flat
// "average beat" for many epochs); metric: mean absolute error per sample on `heldOut`. Throws InputError for empty sets, beats of different lengths or non-finite values.
std::unique_ptr<TrainingTask> makeEcgTrainer(const EcgTrainConfig& config, std::vector<std::vector<float>> train,
                                             std::vector<std::vector<float>> heldOut);

}  // namespace kann
