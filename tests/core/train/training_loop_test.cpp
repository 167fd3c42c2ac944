#include "core/train/training_loop.h"

#include "core/common/error.h"
#include "core/models/state_dict.h"
#include "core/models/torch_pickle.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <unistd.h>

using namespace kann;
namespace fs = std::filesystem;

namespace {

// A task whose loss at step s is s and whose one parameter holds the steps taken, so every
// snapshot can be checked against the step it claims.
class CountingTask : public TrainingTask {
public:
    explicit CountingTask(int batches) : batches_(batches) {}
    std::string name() const override { return "counting"; }
    std::string metricName() const override { return "steps"; }
    int batchesPerEpoch() const override { return batches_; }
    double trainBatch(int, int) override { return double(++steps_); }
    Evaluation evaluate() override {
        ++evaluations;
        return {0.0, double(steps_)};
    }
    CheckpointTensors tensors() const override { return {{"steps", {1}, {float(steps_)}}}; }
    int evaluations = 0;

private:
    int batches_;
    int steps_ = 0;
};

fs::path tempFolder() {
    const fs::path dir = fs::temp_directory_path() / ("kann_training_loop_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

}  // namespace

TEST_CASE("training loop: snapshot steps are evenly spaced and start untrained", "[train][snapshots]") {
    CHECK(snapshotSteps(15, 4) == std::vector<std::int64_t>{0, 4, 8, 11, 15});
    CHECK(snapshotSteps(100, 5) == std::vector<std::int64_t>{0, 20, 40, 60, 80, 100});
    // More snapshots than steps: each step once.
    CHECK(snapshotSteps(3, 5) == std::vector<std::int64_t>{0, 1, 2, 3});
    CHECK(snapshotFileName(250) == "step_000250.pt");
}

TEST_CASE("training loop: each snapshot holds the network at its step with the losses since the last", "[train][snapshots]") {
    const fs::path dir = tempFolder();
    CountingTask task(5);
    TrainOptions o;
    o.epochs = 3;
    o.snapshots = 4;
    o.snapshotDir = dir.string();
    std::vector<SnapshotReport> reports;
    o.onSnapshot = [&](const SnapshotReport& r) { reports.push_back(r); };
    runTraining(task, o);

    REQUIRE(reports.size() == 5);
    const std::vector<std::int64_t> steps{0, 4, 8, 11, 15};
    for (std::size_t i = 0; i < reports.size(); ++i) {
        const SnapshotReport& r = reports[i];
        CHECK(r.step == steps[i]);
        CHECK(r.epoch == Approx(steps[i] / 5.0));
        CHECK(r.heldOut.metric == double(steps[i]));  // evaluated at that step, not the epoch's end
        CHECK(r.file == (dir / snapshotFileName(steps[i])).string());
        // The checkpoint on disk holds the network as it was at that step.
        const StateDict dict(readStateDict(r.file), r.file);
        CHECK(dict.vector("steps", 1)(0) == float(steps[i]));
        if (i == 0) {
            CHECK(std::isnan(r.trainLoss));
        } else {  // losses are the step numbers: the mean of steps (previous, this]
            CHECK(r.trainLoss == Approx((steps[i - 1] + 1 + steps[i]) / 2.0));
        }
    }
    CHECK(task.evaluations == 5 + 3);  // the snapshots' and the epochs' own
}

TEST_CASE("training loop: snapshots need a folder, and a negative count is refused", "[train][snapshots]") {
    CountingTask task(2);
    TrainOptions o;
    o.epochs = 1;
    o.snapshots = 2;
    CHECK_THROWS_AS(runTraining(task, o), InputError);
    o.snapshots = -1;
    o.snapshotDir = tempFolder().string();
    CHECK_THROWS_WITH(runTraining(task, o), Catch::Contains("--snapshots"));
}
