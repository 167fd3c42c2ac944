#include "core/models/torchscript_model.h"

#include "core/common/error.h"
#include "model_fixtures.h"

using namespace kann;
using namespace kann::test;

TEST_CASE("a TorchScript module's hidden states and readout match PyTorch", "[torchscript]") {
    const auto network = loadNetwork(torchFixture("scripted.pt"));
    const NetworkInfo& info = network->info();
    CHECK(info.layout == "torchscript");
    CHECK(info.stateDim == 7);
    CHECK(info.readoutOutputs == 2);
    CHECK(info.decoderOutputs == 0);
    CHECK(info.summary() == "TorchScript module: hidden_states(x) → 7, readout(h) → 2");
    const HiddenStates states = network->unroll(fixtureBatch("scripted"));
    requireSameStates(states, expectedStates("scripted"));
    const NpyArray want = readNpy(torchFixture("scripted_readout.npy"));
    const RowMatrixXf got = network->readout(states.matrix());
    REQUIRE(got.cols() == 2);
    CHECK(maxAbsDiff(got.data(), want.toFloat().data(), got.size()) <= 1e-5f);
    CHECK_THROWS_WITH(network->decode(got, 3), "this torchscript model has no decoder");
}

TEST_CASE("TorchScript errors name the file", "[torchscript]") {
    const std::string path = torchFixture("scripted.pt");
    LoadOptions forced;
    forced.arch = "stack";
    CHECK_THROWS_WITH(loadNetwork(path, forced), Catch::Contains("this is a TorchScript file"));
    forced.arch = "torchscript";
    CHECK_THROWS_WITH(loadNetwork(torchFixture("stack_gru.pt"), forced), Catch::Contains("this is a state dict"));
    // Series into a token model: the module's own error, with the file.
    CHECK_THROWS_WITH(loadNetwork(path)->unroll(fixtureBatch("stack_gru")),
                      Catch::StartsWith(path + ": hidden_states failed: RuntimeError: Expected tensor for argument #1 'indices'"));
}

TEST_CASE("a TorchScript series model decodes its final states as PyTorch does", "[torchscript]") {
    const auto network = loadNetwork(torchFixture("scripted_series.pt"));
    CHECK(network->info().summary() == "TorchScript module: hidden_states(x) → 4, decode(h) → 1");
    CHECK(network->info().stateDim == 4);
    CHECK(network->info().decoderOutputs == 1);
    const HiddenStates states = network->unroll(fixtureBatch("scripted_series"));
    requireSameStates(states, expectedStates("scripted_series"));
    RowMatrixXf last(states.batch, states.dim);
    for (int b = 0; b < states.batch; ++b) last.row(b) = Eigen::Map<const Eigen::RowVectorXf>(states.row(b, 4), states.dim);
    const NpyArray want = readNpy(torchFixture("scripted_series_decoded.npy"));
    const RowMatrixXf got = network->decode(last, 5);
    REQUIRE(got.cols() == 5);
    CHECK(maxAbsDiff(got.data(), want.toFloat().data(), got.size()) <= 1e-5f);
    CHECK_THROWS_WITH(network->decode(last, 7), Catch::Contains("decode returned shape [2, 5, 1], expected [2, 7, ...]"));
    CHECK_THROWS_WITH(network->readout(last), "this torchscript model has no readout");
}

TEST_CASE("a TorchScript model whose states depend on the padding is refused", "[torchscript]") {
    // A bidirectional GRU run over the padded batch: its backward states read the padding.
    const std::string path = torchFixture("role_scripted_bigru.pt");
    CHECK_THROWS_WITH(loadNetwork(path)->unroll(fixtureBatch("role_scripted_bigru")),
                      Catch::StartsWith(path + ": hidden_states depends on the padding: sequence 2 (2 steps)") &&
                          Catch::Contains("when padded to 7 steps") && Catch::Contains("forward direction only"));
    // A forward GRU ignores what follows each sequence: shorter lengths in the same batch are fine.
    const auto forward = loadNetwork(torchFixture("scripted.pt"));
    InputBatch batch = fixtureBatch("scripted");
    batch.lengths = {6, 3};
    const HiddenStates states = forward->unroll(batch);
    const HiddenStates full = expectedStates("scripted");
    CHECK(maxAbsDiff(states.row(1, 0), full.row(1, 0), std::size_t(3) * states.dim) <= 1e-5f);
}

TEST_CASE("state-dict layout options are refused for a TorchScript file", "[torchscript]") {
    const std::string path = torchFixture("scripted.pt");
    LoadOptions options;
    options.direction = "backward";
    CHECK_THROWS_WITH(loadNetwork(path, options), Catch::StartsWith(path + ": --direction reads a state dict's layout"));
}
