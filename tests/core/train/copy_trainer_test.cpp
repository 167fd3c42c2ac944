#include "core/train/copy_trainer.h"

#include "core/common/error.h"
#include "core/models/network.h"
#include "core/models/torch_pickle.h"
#include "train_test_support.h"

#include <atomic>
#include <filesystem>

using namespace kann;
namespace fs = std::filesystem;

namespace {

CopyTrainConfig smallConfig(unsigned seed = 3) {
    CopyTrainConfig c;
    c.task.alphabet = 4;
    c.task.symbols = 3;
    c.task.delay = 4;
    c.task.batch = 32;
    c.hidden = 24;
    c.batchesPerEpoch = 30;
    c.heldOutBatch = 128;
    c.learningRate = 1e-2;
    c.seed = seed;
    return c;
}

std::string tempFile(const std::string& name) { return (fs::temp_directory_path() / ("kann_copy_" + name)).string(); }

}  // namespace

TEST_CASE("copy trainer: the checkpoint has torch.nn.GRU and Linear keys and shapes", "[train][copy]") {
    const auto task = makeCopyTrainer(smallConfig());
    const CheckpointTensors t = task->tensors();
    CHECK(kann::test::keysOf(t) == std::vector<std::string>{"rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0",
                                               "rnn.bias_hh_l0", "linear.weight", "linear.bias"});
    CHECK(t[0].shape == std::vector<std::int64_t>{72, 6});  // 3 gates x 24, features = 4 symbols + blank + go
    CHECK(t[1].shape == std::vector<std::int64_t>{72, 24});
    CHECK(t[4].shape == std::vector<std::int64_t>{5, 24});   // classes = 4 symbols + blank

    // The project's loader recognises it as a plain GRU stack with a 5-class readout.
    const std::string path = tempFile("layout.pt");
    writeStateDict(path, t);
    const NetworkInfo info = loadNetwork(path)->info();
    CHECK(info.layout == "stack");
    CHECK(info.cell == "GRU");
    CHECK(info.inputSize == 6);
    CHECK(info.hiddenSize == 24);
    CHECK(info.readoutOutputs == 5);
}

TEST_CASE("copy trainer: an epoch of training lowers the held-out loss", "[train][copy]") {
    const auto task = makeCopyTrainer(smallConfig());
    const Evaluation before = task->evaluate();
    TrainOptions options;
    options.epochs = 1;
    const auto reports = runTraining(*task, options);
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].heldOut.loss < 0.8 * before.loss);
    CHECK(reports[0].heldOut.metric >= 0.0);
    CHECK(reports[0].heldOut.metric <= 1.0);
}

TEST_CASE("copy trainer: the same seed gives the same weights, another seed others", "[train][copy]") {
    auto train = [](unsigned seed) {
        const auto task = makeCopyTrainer(smallConfig(seed));
        for (int b = 0; b < 3; ++b) task->trainBatch(0, b);
        return task->tensors();
    };
    const CheckpointTensors a = train(5), b = train(5), c = train(6);
    for (std::size_t i = 0; i < a.size(); ++i) {
        INFO(a[i].name);
        CHECK(a[i].values == b[i].values);
        CHECK(a[i].values != c[i].values);
    }
}

TEST_CASE("training loop: a cancelled run leaves the last finished epoch on disk", "[train][loop]") {
    const std::string path = tempFile("cancel.pt");
    fs::remove(path);
    const auto task = makeCopyTrainer(smallConfig());
    std::atomic<bool> cancel{false};
    CheckpointTensors afterFirst;
    TrainOptions options;
    options.epochs = 3;
    options.checkpoint = path;
    options.progress.cancel = &cancel;
    int reported = 0;
    options.onEpoch = [&](const EpochReport& r) {
        ++reported;
        CHECK(r.epoch == 1);
        CHECK(r.epochs == 3);
        CHECK(r.secondsLeft >= 0);
        afterFirst = task->tensors();
        cancel = true;
    };
    CHECK_THROWS_AS(runTraining(*task, options), Cancelled);
    CHECK(reported == 1);

    const std::vector<NamedTensor> onDisk = readStateDict(path);
    REQUIRE(onDisk.size() == afterFirst.size());
    for (std::size_t i = 0; i < onDisk.size(); ++i) {
        INFO(afterFirst[i].name);
        CHECK(onDisk[i].key == afterFirst[i].name);
        CHECK(onDisk[i].tensor.data == afterFirst[i].values);
    }
}

TEST_CASE("training loop: progress is stepped per batch and epochs below 1 are refused", "[train][loop]") {
    const auto task = makeCopyTrainer(smallConfig());
    std::int64_t last = -1, total = 0;
    TrainOptions options;
    options.epochs = 1;
    options.progress.report = [&](std::int64_t done, std::int64_t all, const std::string&) {
        CHECK(done > last);
        last = done;
        total = all;
    };
    runTraining(*task, options);
    CHECK(total == 30);
    CHECK(last == 30);
    options.epochs = 0;
    CHECK_THROWS_AS(runTraining(*task, options), InputError);
}

TEST_CASE("copy trainer: PyTorch loads the checkpoint strictly into nn.GRU + nn.Linear", "[train][copy][python]") {
    KANN_REQUIRE_PYTHON_TORCH();
    const std::string path = tempFile("python.pt");
    const auto task = makeCopyTrainer(smallConfig());
    task->trainBatch(0, 0);
    writeStateDict(path, task->tensors());
    kann::test::checkTorchLoadsStrictly(path, R"(m.rnn = torch.nn.GRU(6, 24, batch_first=True)
m.linear = torch.nn.Linear(24, 5))");
}

TEST_CASE("copy trainer: invalid sizes are refused", "[train][copy]") {
    CopyTrainConfig c = smallConfig();
    c.hidden = 0;
    CHECK_THROWS_AS(makeCopyTrainer(c), InputError);
    c = smallConfig();
    c.task.symbols = 0;
    CHECK_THROWS_AS(makeCopyTrainer(c), InputError);
}
