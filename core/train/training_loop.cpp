#include "core/train/training_loop.h"

#include "core/common/error.h"

#include <chrono>
#include <cmath>
#include <cstdio>

namespace kann {

namespace {

std::string duration(double seconds) {
    const long s = std::lround(std::max(0.0, seconds));
    char text[32];
    if (s >= 3600) std::snprintf(text, sizeof text, "%ldh%02ldm", s / 3600, (s / 60) % 60);
    else std::snprintf(text, sizeof text, "%ldm%02lds", s / 60, s % 60);
    return text;
}

// Writes the snapshots runTraining was asked for, as their steps come.
class SnapshotKeeper {
public:
    SnapshotKeeper(TrainingTask& task, const TrainOptions& options)
        : task_(task), options_(options),
          steps_(options.snapshots > 0
                     ? snapshotSteps(std::int64_t(options.epochs) * task.batchesPerEpoch(), options.snapshots)
                     : std::vector<std::int64_t>{}) {
        if (options.snapshots < 0) throw InputError("--snapshots", "must not be negative");
        if (!steps_.empty() && options.snapshotDir.empty()) throw InputError("--snapshots", "needs a folder to write to");
    }

    // Called with the loss of every step taken, and once with step 0 before training.
    void after(std::int64_t step, double loss) {
        if (step > 0) {
            lossSum_ += loss;
            ++lossCount_;
        }
        if (next_ >= steps_.size() || steps_[next_] != step) return;
        ++next_;
        SnapshotReport r;
        r.step = step;
        r.epoch = double(step) / std::max(1, task_.batchesPerEpoch());
        r.trainLoss = lossCount_ > 0 ? lossSum_ / lossCount_ : std::nan("");
        r.heldOut = task_.evaluate();
        r.file = options_.snapshotDir + "/" + snapshotFileName(step);
        writeStateDict(r.file, task_.tensors());
        lossSum_ = 0;
        lossCount_ = 0;
        if (options_.onSnapshot) options_.onSnapshot(r);
    }

private:
    TrainingTask& task_;
    const TrainOptions& options_;
    std::vector<std::int64_t> steps_;
    std::size_t next_ = 0;
    double lossSum_ = 0;
    std::int64_t lossCount_ = 0;
};

}  // namespace

std::vector<std::int64_t> snapshotSteps(std::int64_t totalSteps, int count) {
    std::vector<std::int64_t> steps{0};
    for (int i = 1; i <= count; ++i) {
        const std::int64_t step = std::llround(double(i) * double(totalSteps) / count);
        if (step > steps.back()) steps.push_back(step);
    }
    return steps;
}

std::string snapshotFileName(std::int64_t step) {
    char name[32];
    std::snprintf(name, sizeof name, "step_%06lld.pt", static_cast<long long>(step));
    return name;
}

std::vector<EpochReport> runTraining(TrainingTask& task, const TrainOptions& options) {
    if (options.epochs < 1) throw InputError("--epochs", "must be at least 1, got " + std::to_string(options.epochs));
    const auto start = std::chrono::steady_clock::now();
    const int batches = task.batchesPerEpoch();
    std::vector<EpochReport> reports;
    SnapshotKeeper snapshots(task, options);
    snapshots.after(0, 0);
    for (int epoch = 0; epoch < options.epochs; ++epoch) {
        double lossSum = 0;
        for (int b = 0; b < batches; ++b) {
            const std::int64_t step = std::int64_t(epoch) * batches + b;
            options.progress.step(step, std::int64_t(options.epochs) * batches,
                                  task.name() + " epoch " + std::to_string(epoch + 1));
            const double loss = task.trainBatch(epoch, b);
            lossSum += loss;
            snapshots.after(step + 1, loss);
        }
        EpochReport r;
        r.epoch = epoch + 1;
        r.epochs = options.epochs;
        r.trainLoss = lossSum / std::max(1, batches);
        r.heldOut = task.evaluate();
        if (!options.checkpoint.empty()) writeStateDict(options.checkpoint, task.tensors());
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        r.secondsLeft = r.seconds / r.epoch * (options.epochs - r.epoch);
        reports.push_back(r);
        if (options.onEpoch) options.onEpoch(r);
    }
    if (options.progress.report)
        options.progress.report(std::int64_t(options.epochs) * batches, std::int64_t(options.epochs) * batches, "done");
    return reports;
}

std::string formatEpochReport(const EpochReport& r, const std::string& metricName) {
    char text[256];
    std::snprintf(text, sizeof text, "epoch %d/%d  loss %.4f  held-out loss %.4f  %s %.4f  %s elapsed  %s left",
                  r.epoch, r.epochs, r.trainLoss, r.heldOut.loss, metricName.c_str(), r.heldOut.metric,
                  duration(r.seconds).c_str(), duration(r.secondsLeft).c_str());
    return text;
}

}  // namespace kann
