#pragma once
// The loop every demo trainer shares: epochs of batches, an evaluation after each epoch, an
// atomic checkpoint of the last finished epoch, progress with time left, and cancellation.
// Torch stays in the trainers' .cpp files: a task is seen here only through this interface.
#include "core/common/progress.h"
#include "core/train/checkpoint_writer.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace kann {

// What an evaluation measured on held-out data.
struct Evaluation {
    double loss = 0;
    double metric = 0;  // accuracy (0..1) or reconstruction error, as metricName() says
};

// One network, its data and its optimiser; implemented per demo (copy, sentiment, ecg).
class TrainingTask {
public:
    virtual ~TrainingTask() = default;
    virtual std::string name() const = 0;        // "copy", "sentiment", "ecg"
    virtual std::string metricName() const = 0;  // "accuracy", "recall accuracy", "L1 error"
    virtual int batchesPerEpoch() const = 0;
    // One optimiser step on batch `batch` of epoch `epoch` (0-based); returns the batch's loss.
    virtual double trainBatch(int epoch, int batch) = 0;
    virtual Evaluation evaluate() = 0;
    // The parameters, named as the checkpoint keys, in declaration order.
    virtual CheckpointTensors tensors() const = 0;
};

struct EpochReport {
    int epoch = 0;  // 1-based, finished
    int epochs = 0;
    double trainLoss = 0;  // mean over the epoch's batches
    Evaluation heldOut;
    double seconds = 0;      // since training started
    double secondsLeft = 0;  // estimate from the mean epoch time
};

// A checkpoint kept on the way: what a class watches the spectrum change through.
struct SnapshotReport {
    std::int64_t step = 0;  // optimiser steps taken (0 = untrained)
    double epoch = 0;       // step / batches per epoch
    double trainLoss = 0;   // mean batch loss since the previous snapshot (NaN for the untrained one)
    Evaluation heldOut;
    std::string file;       // where the checkpoint was written
};

struct TrainOptions {
    int epochs = 10;
    std::string checkpoint;  // rewritten after every epoch when not empty
    Progress progress;       // stepped per batch: reports and cancels
    std::function<void(const EpochReport&)> onEpoch;
    // With snapshots > 0: the untrained network and `snapshots` more checkpoints evenly spaced over
    // all steps, written to snapshotDir/step_XXXXXX.pt, each reported to onSnapshot.
    int snapshots = 0;
    std::string snapshotDir;
    std::function<void(const SnapshotReport&)> onSnapshot;
};

// The steps at which runTraining keeps snapshots: 0, then `count` steps evenly spaced up to
// `totalSteps` (fewer when there are fewer steps than snapshots).
std::vector<std::int64_t> snapshotSteps(std::int64_t totalSteps, int count);

// "step_000250.pt"
std::string snapshotFileName(std::int64_t step);

// Runs options.epochs epochs of `task`. Throws Cancelled when progress.cancel is raised; the
// checkpoint on disk then holds the last finished epoch. Returns one report per epoch.
std::vector<EpochReport> runTraining(TrainingTask& task, const TrainOptions& options);

// "epoch 3/20  loss 0.4120  held-out loss 0.3990  accuracy 0.812  2m05s left"
std::string formatEpochReport(const EpochReport& report, const std::string& metricName);

}  // namespace kann
