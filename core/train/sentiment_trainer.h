#pragma once
// The paper's sentiment network: embedding, GRUCell, linear readout with a sigmoid (trained with
// binary cross-entropy on the readout of the last valid state). Checkpoint keys: embedding.weight,
// rnn.weight_ih, rnn.weight_hh, rnn.bias_ih, rnn.bias_hh, linear.weight, linear.bias.
#include "core/train/training_loop.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace kann {

struct SentimentExample {
    std::vector<std::int64_t> tokens;  // ids below the vocabulary size, at least one
    int label = 0;                     // 0 negative, 1 positive
};

struct SentimentTrainConfig {
    int vocabSize = 0;
    int embedding = 64;
    int hidden = 128;
    int batchSize = 64;
    int maxTokens = 200;  // longer examples are cut to their first maxTokens tokens while training
    double learningRate = 2e-3;
    unsigned seed = 1;
};

// Metric: accuracy on `heldOut` (sigmoid > 0.5 predicts positive). Throws InputError for an
// empty set, an empty example, a token outside the vocabulary or a label other than 0/1.
std::unique_ptr<TrainingTask> makeSentimentTrainer(const SentimentTrainConfig& config,
                                                   std::vector<SentimentExample> train,
                                                   std::vector<SentimentExample> heldOut);

}  // namespace kann
