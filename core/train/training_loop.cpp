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

}  // namespace

std::vector<EpochReport> runTraining(TrainingTask& task, const TrainOptions& options) {
    if (options.epochs < 1) throw InputError("--epochs", "must be at least 1, got " + std::to_string(options.epochs));
    const auto start = std::chrono::steady_clock::now();
    const int batches = task.batchesPerEpoch();
    std::vector<EpochReport> reports;
    for (int epoch = 0; epoch < options.epochs; ++epoch) {
        double lossSum = 0;
        for (int b = 0; b < batches; ++b) {
            options.progress.step(std::int64_t(epoch) * batches + b, std::int64_t(options.epochs) * batches,
                                  task.name() + " epoch " + std::to_string(epoch + 1));
            lossSum += task.trainBatch(epoch, b);
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
