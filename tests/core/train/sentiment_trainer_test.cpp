#include "core/train/sentiment_trainer.h"

#include "core/common/error.h"
#include "core/models/network.h"
#include "train_test_support.h"

#include <filesystem>
#include <random>

using namespace kann;

namespace {

// Label 1 when the "good" token (id 2) outnumbers the "bad" one (id 3) among neutral filler.
std::vector<SentimentExample> synthetic(int n, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<SentimentExample> out;
    for (int i = 0; i < n; ++i) {
        SentimentExample e;
        e.label = i % 2;
        const int length = 4 + static_cast<int>(rng() % 12);
        for (int t = 0; t < length; ++t) e.tokens.push_back(4 + rng() % 16);
        e.tokens[rng() % length] = e.label ? 2 : 3;
        out.push_back(std::move(e));
    }
    return out;
}

SentimentTrainConfig smallConfig() {
    SentimentTrainConfig c;
    c.vocabSize = 20;
    c.embedding = 8;
    c.hidden = 16;
    c.batchSize = 16;
    c.learningRate = 1e-2;
    c.seed = 4;
    return c;
}

}  // namespace

TEST_CASE("sentiment trainer: the checkpoint has the paper's keys and shapes", "[train][sentiment]") {
    const auto task = makeSentimentTrainer(smallConfig(), synthetic(32, 1), synthetic(16, 2));
    const CheckpointTensors t = task->tensors();
    CHECK(kann::test::keysOf(t) == std::vector<std::string>{"embedding.weight", "rnn.weight_ih", "rnn.weight_hh", "rnn.bias_ih",
                                           "rnn.bias_hh", "linear.weight", "linear.bias"});
    CHECK(t[0].shape == std::vector<std::int64_t>{20, 8});
    CHECK(t[1].shape == std::vector<std::int64_t>{48, 8});
    CHECK(t[5].shape == std::vector<std::int64_t>{1, 16});

    const std::string path = (std::filesystem::temp_directory_path() / "kann_sentiment_layout.pt").string();
    writeStateDict(path, t);
    const NetworkInfo info = loadNetwork(path)->info();
    CHECK(info.layout == "sentiment");
    CHECK(info.vocabSize == 20);
    CHECK(info.hiddenSize == 16);
    CHECK(info.readoutOutputs == 1);
}

TEST_CASE("sentiment trainer: a few epochs learn a keyword rule", "[train][sentiment]") {
    const auto task = makeSentimentTrainer(smallConfig(), synthetic(256, 1), synthetic(128, 2));
    const Evaluation before = task->evaluate();
    TrainOptions options;
    options.epochs = 4;
    const auto reports = runTraining(*task, options);
    CHECK(reports.back().heldOut.loss < 0.7 * before.loss);
    CHECK(reports.back().heldOut.metric > 0.9);
}

TEST_CASE("sentiment trainer: bad examples are refused by index", "[train][sentiment]") {
    auto bad = synthetic(8, 1);
    bad[3].tokens.push_back(20);
    CHECK_THROWS_WITH(makeSentimentTrainer(smallConfig(), bad, synthetic(4, 2)),
                      Catch::Contains("example 3 holds token id 20 outside the vocabulary of 20"));
    bad = synthetic(8, 1);
    bad[5].label = 2;
    CHECK_THROWS_AS(makeSentimentTrainer(smallConfig(), bad, synthetic(4, 2)), InputError);
    bad = synthetic(8, 1);
    bad[0].tokens.clear();
    CHECK_THROWS_AS(makeSentimentTrainer(smallConfig(), synthetic(8, 1), bad), InputError);
    CHECK_THROWS_AS(makeSentimentTrainer(smallConfig(), {}, synthetic(4, 2)), InputError);
}

TEST_CASE("sentiment trainer: PyTorch runs the saved model like the paper's Model", "[train][sentiment][python]") {
    KANN_REQUIRE_PYTHON_TORCH();
    const std::string path = (std::filesystem::temp_directory_path() / "kann_sentiment_python.pt").string();
    const auto task = makeSentimentTrainer(smallConfig(), synthetic(32, 1), synthetic(16, 2));
    task->trainBatch(0, 0);
    writeStateDict(path, task->tensors());
    kann::test::checkTorchLoadsStrictly(path, R"(m.embedding = torch.nn.Embedding(20, 8)
m.rnn = torch.nn.GRUCell(8, 16)
m.linear = torch.nn.Linear(16, 1))");
}
