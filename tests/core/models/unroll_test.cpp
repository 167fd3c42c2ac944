#include "core/models/unroll.h"

#include "core/common/error.h"
#include "core/models/network.h"
#include "model_fixtures.h"

#include <chrono>
#include <ctime>
#include <iostream>
#include <random>

using namespace kann;
using namespace kann::test;

namespace {

HiddenStates unrollFixture(const std::string& name, const LoadOptions& options = {}) {
    return loadNetwork(torchFixture(name + ".pt"), options)->unroll(fixtureBatch(name));
}

}  // namespace

TEST_CASE("the paper's sentiment cells match PyTorch", "[unroll]") {
    for (const char* name : {"sentiment_gru", "sentiment_lstm", "sentiment_rnn"}) {
        CAPTURE(name);
        requireSameStates(unrollFixture(name), expectedStates(name));
    }
    LoadOptions hc;
    hc.lstmHiddenAndCell = true;
    requireSameStates(unrollFixture("sentiment_lstm", hc), expectedStates("sentiment_lstm", "_states_hc"));
}

TEST_CASE("the paper's ECG autoencoder encoder states match PyTorch", "[unroll]") {
    requireSameStates(unrollFixture("ecg_gru"), expectedStates("ecg_gru"));
    requireSameStates(unrollFixture("ecg_lstm"), expectedStates("ecg_lstm"));
    LoadOptions hc;
    hc.lstmHiddenAndCell = true;
    requireSameStates(unrollFixture("ecg_lstm", hc), expectedStates("ecg_lstm", "_states_hc"));
}

TEST_CASE("generic stacks match PyTorch for every layer", "[unroll]") {
    for (const char* name :
         {"stack_gru", "stack_lstm_embed_readout", "stack_rnn_readout", "stack_gru_embed", "stack_lstm_nobias"}) {
        CAPTURE(name);
        requireSameStates(unrollFixture(name), expectedStates(name));
        LoadOptions first;
        first.layer = 0;
        requireSameStates(unrollFixture(name, first), expectedStates(name, "_states_layer0"));
    }
    LoadOptions hc;
    hc.lstmHiddenAndCell = true;
    requireSameStates(unrollFixture("stack_lstm_embed_readout", hc),
                      expectedStates("stack_lstm_embed_readout", "_states_hc"));
}

TEST_CASE("padding never changes valid states and its own states are zero", "[unroll]") {
    const auto network = loadNetwork(torchFixture("sentiment_gru.pt"));
    InputBatch batch = fixtureBatch("sentiment_gru");
    const HiddenStates clean = network->unroll(batch);
    std::mt19937 random(3);
    for (int b = 0; b < batch.batch; ++b) {
        for (int t = batch.lengths[b]; t < batch.time; ++t) batch.tokens[b * batch.time + t] = 1 + random() % 39;
    }
    const HiddenStates noisy = network->unroll(batch);
    CHECK(noisy.values == clean.values);
    CHECK(clean.row(3, 1)[0] == 0.0f);  // sequence 3 has length 1
    // One sequence alone gives the same states as inside the batch.
    InputBatch one = batch;
    one.batch = 1;
    one.tokens.assign(batch.tokens.begin() + 2 * batch.time, batch.tokens.begin() + 3 * batch.time);
    one.lengths = {batch.lengths[2]};
    const HiddenStates alone = network->unroll(one);
    CHECK(maxAbsDiff(alone.row(0, 0), clean.row(2, 0), std::size_t(batch.time) * clean.dim) <= 1e-6f);
}

TEST_CASE("readout logits and decoder outputs match PyTorch", "[unroll]") {
    for (const char* name : {"sentiment_gru", "sentiment_lstm", "sentiment_rnn", "stack_lstm_embed_readout",
                             "stack_rnn_readout"}) {
        CAPTURE(name);
        const auto network = loadNetwork(torchFixture(name + std::string(".pt")));
        const HiddenStates states = network->unroll(fixtureBatch(name));
        const NpyArray want = readNpy(torchFixture(name + std::string("_readout.npy")));
        const RowMatrixXf got = network->readout(states.matrix());
        REQUIRE(got.rows() == want.shape[0]);
        REQUIRE(got.cols() == want.shape[1]);
        CHECK(maxAbsDiff(got.data(), want.toFloat().data(), got.size()) <= 1e-5f);
    }
    for (const char* name : {"ecg_gru", "ecg_lstm"}) {
        CAPTURE(name);
        for (bool hc : {false, true}) {
            if (hc && std::string(name) == "ecg_gru") continue;
            LoadOptions options;
            options.lstmHiddenAndCell = hc;
            const auto network = loadNetwork(torchFixture(name + std::string(".pt")), options);
            const HiddenStates states = network->unroll(fixtureBatch(name));
            RowMatrixXf last(states.batch, states.dim);
            for (int b = 0; b < states.batch; ++b)
                last.row(b) = Eigen::Map<const Eigen::RowVectorXf>(states.row(b, states.lengths[b] - 1), states.dim);
            const NpyArray want = readNpy(torchFixture(name + std::string("_decoded.npy")));
            const RowMatrixXf got = network->decode(last, states.time);
            REQUIRE(got.rows() == want.shape[0]);
            REQUIRE(got.cols() == want.shape[1]);
            CHECK(maxAbsDiff(got.data(), want.toFloat().data(), got.size()) <= 1e-5f);
        }
    }
}

TEST_CASE("unrolling reports progress and stops when cancelled", "[unroll]") {
    const auto network = loadNetwork(torchFixture("stack_gru.pt"));
    std::int64_t lastDone = -1, lastTotal = 0;
    Progress progress;
    progress.report = [&](std::int64_t done, std::int64_t total, const std::string&) {
        CHECK(done >= lastDone);
        lastDone = done;
        lastTotal = total;
    };
    network->unroll(fixtureBatch("stack_gru"), progress);
    CHECK(lastDone == lastTotal);
    CHECK(lastTotal > 0);
    std::atomic<bool> cancel{true};
    progress.cancel = &cancel;
    CHECK_THROWS_AS(network->unroll(fixtureBatch("stack_gru"), progress), Cancelled);
}

TEST_CASE("inputs the network cannot take are clear errors", "[unroll]") {
    const auto tokens = loadNetwork(torchFixture("sentiment_gru.pt"));
    const auto series = loadNetwork(torchFixture("stack_gru.pt"));
    CHECK_THROWS_WITH(tokens->unroll(fixtureBatch("stack_gru")), Catch::Contains("expects tokens"));
    // Without an embedding, token ids are one-hot rows of the input's width.
    CHECK_THROWS_WITH(series->unroll(fixtureBatch("sentiment_gru")),
                      Catch::Contains("outside the one-hot input width (the vocabulary) of 3"));
    InputBatch bad = fixtureBatch("sentiment_gru");
    bad.tokens[0] = 40;
    CHECK_THROWS_WITH(tokens->unroll(bad), Catch::Contains("token id 40") && Catch::Contains("vocabulary of 40"));
    InputBatch wide = fixtureBatch("stack_rnn_readout");
    wide.features = 3;
    CHECK_THROWS_WITH(series->unroll(wide), Catch::Contains("3 features"));
    InputBatch longer = fixtureBatch("stack_gru");
    longer.lengths[0] = longer.time + 1;
    CHECK_THROWS_WITH(series->unroll(longer), Catch::Contains("outside 1.."));
}

TEST_CASE("unroll speed at the paper's size", "[.bench]") {
    // embedding 128, hidden 256, vocab 32379, GRUCell, batch 64, 952 steps, all full length.
    const int vocab = 32379, embed = 128, hidden = 256, batch = 64, time = 952;
    std::mt19937 random(1);
    std::uniform_real_distribution<float> weight(-0.0625f, 0.0625f);
    const auto fill = [&](Eigen::Index rows, Eigen::Index cols) {
        return RowMatrixXf(RowMatrixXf::NullaryExpr(rows, cols, [&] { return weight(random); }));
    };
    CellWeights cell{CellType::GRU, fill(3 * hidden, embed), fill(3 * hidden, hidden),
                     fill(3 * hidden, 1).col(0), fill(3 * hidden, 1).col(0)};
    const CellStack stack({cell});
    const RowMatrixXf table = fill(vocab, embed);
    std::vector<std::int64_t> tokens(std::size_t(batch) * time);
    for (auto& id : tokens) id = random() % vocab;
    std::vector<int> lengths(batch, time);
    stack.run(table, std::vector<std::int64_t>(tokens.begin(), tokens.begin() + batch * 8), 8,
              std::vector<int>(batch, 8), {});  // warm up
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpuStart = std::clock();  // CPU time: steadier than wall time on a shared machine
    const HiddenStates states = stack.run(table, tokens, time, lengths, {});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    std::cout << "unroll GRUCell 128->256, batch 64 x 952 steps: " << seconds << " s wall, " << cpu << " s CPU\n";
    CHECK(states.values.size() == std::size_t(batch) * time * hidden);
    // Reviews of varied lengths: padding steps cost nothing.
    for (int& n : lengths) n = 50 + random() % (time - 50);
    const auto variedStart = std::chrono::steady_clock::now();
    stack.run(table, tokens, time, lengths, {});
    std::cout << "  with lengths uniform in 50..951: "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - variedStart).count() << " s wall\n";
}

TEST_CASE("one-hot input speed: gathered columns against a dense one-hot product", "[.bench]") {
    // A character model: 256 symbols, GRU 256 -> 512, batch 32 x 400 steps.
    const int vocab = 256, hidden = 512, batch = 32, time = 400;
    std::mt19937 random(2);
    std::uniform_real_distribution<float> weight(-0.05f, 0.05f);
    const auto fill = [&](Eigen::Index rows, Eigen::Index cols) {
        return RowMatrixXf(RowMatrixXf::NullaryExpr(rows, cols, [&] { return weight(random); }));
    };
    const CellStack stack({CellWeights{CellType::GRU, fill(3 * hidden, vocab), fill(3 * hidden, hidden),
                                       fill(3 * hidden, 1).col(0), fill(3 * hidden, 1).col(0)}});
    std::vector<std::int64_t> tokens(std::size_t(batch) * time);
    for (auto& id : tokens) id = random() % vocab;
    RowMatrixXf dense = RowMatrixXf::Zero(Eigen::Index(batch) * time, vocab);
    for (std::size_t i = 0; i < tokens.size(); ++i) dense(Eigen::Index(i), tokens[i]) = 1.0f;
    const std::vector<int> lengths(batch, time);
    const auto seconds = [](auto f) {
        const auto start = std::chrono::steady_clock::now();
        f();
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    HiddenStates a, b;
    const double gathered = seconds([&] { a = stack.runOneHot(tokens, time, lengths, {}); });
    const double product = seconds([&] { b = stack.run(dense, time, lengths, {}); });
    std::cout << "one-hot GRU 256->512, batch 32 x 400: gathered " << gathered << " s, dense product " << product << " s\n";
    CHECK(maxAbsDiff(a.values.data(), b.values.data(), a.values.size()) <= 1e-5f);
}

namespace {

// The batch with every sequence full length, and the batch of its step t alone (length 1).
InputBatch fullLength(InputBatch batch) {
    batch.lengths.assign(batch.batch, batch.time);
    return batch;
}

InputBatch stepAlone(const InputBatch& batch, int t) {
    InputBatch one = batch;
    one.time = 1;
    one.lengths.assign(batch.batch, 1);
    one.tokens.clear();
    for (int b = 0; b < batch.batch; ++b) one.tokens.push_back(batch.tokens[static_cast<std::size_t>(b) * batch.time + t]);
    return one;
}

}  // namespace

TEST_CASE("an edit after every step is what the next step reads", "[unroll][edit]") {
    for (const bool hc : {false, true}) {
        LoadOptions options;
        options.lstmHiddenAndCell = hc;
        for (const char* name : {"sentiment_gru", "sentiment_lstm"}) {
            if (hc && std::string(name) == "sentiment_gru") continue;  // only an LSTM has a cell state
            CAPTURE(name, hc);
            const auto network = loadNetwork(torchFixture(std::string(name) + ".pt"), options);
            const InputBatch batch = fullLength(fixtureBatch(name));
            requireSameStates(network->unrollEdited(batch, [](Eigen::Ref<RowMatrixXf>) {}), network->unroll(batch), 0.0f);
            // Zeroing the state after every step makes each step start from zero: step t then equals
            // the network run on step t's token alone (LSTM h only: c carries on, so only GRU and hc).
            if (std::string(name) == "sentiment_lstm" && !hc) continue;
            std::vector<RowMatrixXf> seen;
            const HiddenStates edited = network->unrollEdited(batch, [&](Eigen::Ref<RowMatrixXf> s) {
                seen.emplace_back(s);
                s.setZero();
            });
            CHECK(edited.matrix().cwiseAbs().maxCoeff() == 0.0f);
            REQUIRE(static_cast<int>(seen.size()) == batch.time);
            for (int t = 0; t < batch.time; ++t) {
                const HiddenStates alone = network->unroll(stepAlone(batch, t));
                CHECK((seen[t] - alone.matrix()).cwiseAbs().maxCoeff() < 1e-6f);
            }
        }
    }
}

TEST_CASE("a network's step inputs are its embedding rows of the tokens, or the series itself", "[unroll][edit]") {
    const auto text = loadNetwork(torchFixture("sentiment_gru.pt"));
    const InputBatch tokens = fixtureBatch("sentiment_gru");
    const StepInputs in = text->stepInputs(tokens);
    CHECK(in.table.rows() == text->info().vocabSize);
    CHECK(in.dim() == text->info().inputSize);
    CHECK(in.index == tokens.tokens);
    const auto series = loadNetwork(torchFixture("ecg_gru.pt"));
    const InputBatch beats = fixtureBatch("ecg_gru");
    const StepInputs values = series->stepInputs(beats);
    CHECK(values.index.empty());
    CHECK(values.row(1, 2)[0] == beats.values[(1 * beats.time + 2) * beats.features]);
    const auto scripted = loadNetwork(torchFixture("scripted.pt"));
    CHECK_THROWS_AS(scripted->stepInputs(fixtureBatch("scripted")), InputError);
    CHECK_THROWS_AS(scripted->unrollEdited(fixtureBatch("scripted"), [](Eigen::Ref<RowMatrixXf>) {}), InputError);
}
