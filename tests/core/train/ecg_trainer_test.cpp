#include "core/train/ecg_trainer.h"

#include "core/common/error.h"
#include "core/models/network.h"
#include "train_test_support.h"

#include <cmath>
#include <filesystem>
#include <limits>

using namespace kann;

namespace {

// Smooth beats: a bump whose width and height vary a little, 40 samples long.
std::vector<std::vector<float>> beats(int n, int offset) {
    std::vector<std::vector<float>> out;
    for (int i = 0; i < n; ++i) {
        const double width = 3 + (i + offset) % 5, height = 1 + 0.1 * ((i + offset) % 3);
        std::vector<float> b;
        for (int t = 0; t < 40; ++t) b.push_back(static_cast<float>(height * std::exp(-std::pow((t - 15) / width, 2)) - 0.3));
        out.push_back(b);
    }
    return out;
}

EcgTrainConfig smallConfig() {
    EcgTrainConfig c;
    c.embedding = 8;
    c.batchSize = 8;
    c.learningRate = 1e-2;
    c.seed = 2;
    return c;
}

}  // namespace

TEST_CASE("ECG trainer: the checkpoint has the paper's autoencoder keys and shapes", "[train][ecg]") {
    const auto task = makeEcgTrainer(smallConfig(), beats(16, 0), beats(4, 1));
    const CheckpointTensors t = task->tensors();
    CHECK(kann::test::keysOf(t) == std::vector<std::string>{"encoder.rnn.weight_ih_l0", "encoder.rnn.weight_hh_l0",
                                           "encoder.rnn.bias_ih_l0", "encoder.rnn.bias_hh_l0",
                                           "decoder.rnn.weight_ih_l0", "decoder.rnn.weight_hh_l0",
                                           "decoder.rnn.bias_ih_l0", "decoder.rnn.bias_hh_l0",
                                           "decoder.output_layer.weight", "decoder.output_layer.bias"});
    CHECK(t[0].shape == std::vector<std::int64_t>{32, 1});   // 4 gates x 8
    CHECK(t[4].shape == std::vector<std::int64_t>{64, 8});   // decoder: 4 gates x 16, input 8
    CHECK(t[8].shape == std::vector<std::int64_t>{1, 16});

    const std::string path = (std::filesystem::temp_directory_path() / "kann_ecg_layout.pt").string();
    writeStateDict(path, t);
    const NetworkInfo info = loadNetwork(path)->info();
    CHECK(info.layout == "ecg-autoencoder");
    CHECK(info.cell == "LSTM");
    CHECK(info.hiddenSize == 8);
    CHECK(info.decoderOutputs == 1);
}

TEST_CASE("ECG trainer: training lowers the reconstruction error", "[train][ecg]") {
    const auto task = makeEcgTrainer(smallConfig(), beats(64, 0), beats(8, 1));
    const Evaluation before = task->evaluate();
    TrainOptions options;
    options.epochs = 10;
    const auto reports = runTraining(*task, options);
    CHECK(reports.back().heldOut.metric < 0.7 * before.metric);
}

TEST_CASE("ECG trainer: ragged, empty and non-finite beats are refused", "[train][ecg]") {
    auto ragged = beats(4, 0);
    ragged[2].pop_back();
    CHECK_THROWS_WITH(makeEcgTrainer(smallConfig(), ragged, beats(2, 0)),
                      Catch::Contains("beat 2 has 39 samples, expected 40"));
    auto nan = beats(4, 0);
    nan[1][7] = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_AS(makeEcgTrainer(smallConfig(), beats(4, 0), nan), InputError);
    CHECK_THROWS_AS(makeEcgTrainer(smallConfig(), beats(4, 0), {}), InputError);
}

TEST_CASE("ECG trainer: PyTorch loads the checkpoint into the paper's RecurrentAutoencoder", "[train][ecg][python]") {
    KANN_REQUIRE_PYTHON_TORCH();
    const std::string path = (std::filesystem::temp_directory_path() / "kann_ecg_python.pt").string();
    const auto task = makeEcgTrainer(smallConfig(), beats(8, 0), beats(2, 1));
    writeStateDict(path, task->tensors());
    kann::test::checkTorchLoadsStrictly(path, R"(m.encoder = torch.nn.Module(); m.encoder.rnn = torch.nn.LSTM(1, 8, batch_first=True)
m.decoder = torch.nn.Module(); m.decoder.rnn = torch.nn.LSTM(8, 16, batch_first=True)
m.decoder.output_layer = torch.nn.Linear(16, 1))");
}
