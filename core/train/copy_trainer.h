#pragma once
// The copy demo's network: a one-layer GRU over one-hot copy-task steps with a linear readout per
// step. Checkpoint keys: rnn.{weight,bias}_{ih,hh}_l0 (torch.nn.GRU, batch_first) and
// linear.{weight,bias} (torch.nn.Linear, hidden -> alphabet + 1 classes).
#include "core/data/copy_task.h"
#include "core/train/training_loop.h"

#include <memory>

namespace kann {

struct CopyTrainConfig {
    CopyTaskSpec task;              // batch and seed of task are per training batch, set by the trainer
    int hidden = 64;
    int batchesPerEpoch = 100;
    int heldOutBatch = 512;
    double learningRate = 2e-3;
    // Recall steps weigh this much more than blanks in the loss: unweighted, predicting blanks
    // everywhere is a deep local minimum.
    double recallWeight = 10;
    unsigned seed = 1;
};

// A fresh (untrained) GRU on freshly generated batches; its metric is the per-symbol accuracy
// during recall on a fixed held-out batch. Throws InputError for an invalid configuration.
std::unique_ptr<TrainingTask> makeCopyTrainer(const CopyTrainConfig& config);

}  // namespace kann
