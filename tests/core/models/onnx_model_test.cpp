#include "core/models/onnx_model.h"

#include "core/common/error.h"
#include "model_fixtures.h"

#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <unistd.h>

using namespace kann;
using namespace kann::test;

namespace {

// ONNX's own conformance cases for its recurrent operators (Debian's libonnx-testdata).
const std::filesystem::path kNodeData = "/usr/share/libonnx-testdata/data/node";

// The runtime inputs of a case (X, sequence_lens, initial states) apart from the weights, which
// join the graph's constants as an exporter would have stored them.
struct Case {
    OnnxGraph graph;
    std::map<std::string, PlainTensor> runtime;
    std::map<std::string, PlainTensor> expected;  // by output name
};

Case loadCase(const std::filesystem::path& dir) {
    Case c{readOnnxModel((dir / "model.onnx").string()), {}, {}};
    for (const auto& entry : std::filesystem::directory_iterator(dir / "test_data_set_0")) {
        std::string name;
        PlainTensor tensor = readOnnxTensor(entry.path().string(), &name);
        const bool input = entry.path().filename().string().rfind("input_", 0) == 0;
        const bool weight = name == "W" || name == "R" || name == "B" || name == "P";
        if (!input) c.expected[name] = std::move(tensor);
        else if (weight) c.graph.constants[name] = std::move(tensor);
        else c.runtime[name] = std::move(tensor);
    }
    return c;
}

// Element [i][j][k] of a 3-D tensor, or [i][j][k][l] of a 4-D one.
float at(const PlainTensor& t, std::vector<std::int64_t> index) {
    std::int64_t flat = 0;
    for (std::size_t d = 0; d < index.size(); ++d) flat = flat * t.shape[d] + index[d];
    return t.data.at(static_cast<std::size_t>(flat));
}

// Runs every direction of the case's node and returns the largest deviation from ONNX's Y and Y_h.
float conformanceDeviation(const Case& c, const std::function<void(OnnxRecurrentLayer&)>& alter = {}) {
    const OnnxNode& node = c.graph.nodes.at(0);
    OnnxRecurrentLayer layer = onnxRecurrentLayer(c.graph, node);
    if (alter) alter(layer);
    const bool batchFirst = node.attribute("layout") && node.attribute("layout")->i == 1;
    const PlainTensor& x = c.runtime.at("X");
    const std::int64_t T = x.shape[batchFirst ? 1 : 0], B = x.shape[batchFirst ? 0 : 1], I = x.shape[2], H = layer.hidden;
    RowMatrixXf inputs(B * T, I);
    for (std::int64_t b = 0; b < B; ++b)
        for (std::int64_t t = 0; t < T; ++t)
            for (std::int64_t i = 0; i < I; ++i) inputs(b * T + t, i) = at(x, batchFirst ? std::vector<std::int64_t>{b, t, i} : std::vector<std::int64_t>{t, b, i});
    std::vector<int> lengths(B, static_cast<int>(T));
    if (c.runtime.count("sequence_lens")) {
        for (std::int64_t b = 0; b < B; ++b) lengths[b] = static_cast<int>(c.runtime.at("sequence_lens").data[b]);
    }
    const auto state = [&](const char* name, std::int64_t d) {
        RowMatrixXf m;
        if (!c.runtime.count(name)) return m;
        m.resize(B, H);
        for (std::int64_t b = 0; b < B; ++b)
            for (std::int64_t h = 0; h < H; ++h) m(b, h) = at(c.runtime.at(name), batchFirst ? std::vector<std::int64_t>{b, d, h} : std::vector<std::int64_t>{d, b, h});
        return m;
    };
    float worst = 0;
    for (int d = 0; d < static_cast<int>(layer.directions.size()); ++d) {
        const OnnxRun run = runOnnxDirection(layer, d, inputs, static_cast<int>(T), lengths, false,
                                             {state("initial_h", d), state("initial_c", d)});
        for (std::int64_t b = 0; b < B; ++b) {
            for (std::int64_t h = 0; h < H; ++h) {
                if (c.expected.count("Y_h")) {
                    const float want = at(c.expected.at("Y_h"), batchFirst ? std::vector<std::int64_t>{b, d, h} : std::vector<std::int64_t>{d, b, h});
                    worst = std::max(worst, std::abs(run.lastH(b, h) - want));
                }
                for (std::int64_t t = 0; c.expected.count("Y") && t < T; ++t) {
                    const float want = at(c.expected.at("Y"), batchFirst ? std::vector<std::int64_t>{b, t, d, h} : std::vector<std::int64_t>{t, d, b, h});
                    worst = std::max(worst, std::abs(run.y(b * T + t, h) - want));
                }
            }
        }
    }
    return worst;
}

}  // namespace

TEST_CASE("ONNX's conformance cases for RNN, GRU and LSTM are reproduced", "[onnx]") {
    if (!std::filesystem::exists(kNodeData)) {
        WARN("SKIPPED: ONNX's conformance data " << kNodeData.string() << " is absent (Debian package libonnx-testdata)");
        return;
    }
    int cases = 0;
    for (const auto& entry : std::filesystem::directory_iterator(kNodeData)) {
        const std::string name = entry.path().filename().string();
        const bool recurrent = name.rfind("test_gru_", 0) == 0 || name.rfind("test_lstm_", 0) == 0 ||
                               name.rfind("test_simple_rnn_", 0) == 0 || name == "test_rnn_seq_length";
        if (!recurrent) continue;
        DYNAMIC_SECTION(name) {
            const float deviation = conformanceDeviation(loadCase(entry.path()));
            std::ostringstream text;
            text << name << " max |deviation| " << std::scientific << deviation;
            INFO(text.str());
            CHECK(deviation <= 1e-5f);
            if (std::getenv("KANN_PRINT_DEVIATIONS")) std::cout << text.str() << "\n";
        }
        ++cases;
    }
    CHECK(cases >= 12);
}

TEST_CASE("the conformance comparison tells the two GRU forms apart and sees the peepholes", "[onnx]") {
    const auto dir = kNodeData / "test_gru_seq_length";  // two steps: the reset acts on a nonzero state
    const auto lstm = kNodeData / "test_lstm_with_peepholes";  // a nonzero initial cell state
    if (!std::filesystem::exists(dir) || !std::filesystem::exists(lstm)) {
        WARN("SKIPPED: ONNX's conformance data is absent (Debian package libonnx-testdata)");
        return;
    }
    CHECK(conformanceDeviation(loadCase(dir)) <= 1e-5f);
    CHECK(conformanceDeviation(loadCase(dir), [](OnnxRecurrentLayer& l) { l.linearBeforeReset = true; }) > 1e-3f);
    // ONNX's LSTM cases use equal weights for every gate, so they cannot tell gate orders apart (the
    // torch.onnx.export fixtures do); they do tell whether the peepholes are applied.
    CHECK(conformanceDeviation(loadCase(lstm), [](OnnxRecurrentLayer& l) { l.directions[0].p.resize(0); }) > 1e-3f);
}

namespace {

std::string onnxFixture(const std::string& name) { return fixture("onnx/" + name); }

HiddenStates unrollOnnx(const std::string& name, const LoadOptions& options = {}) {
    return loadNetwork(onnxFixture(name + ".onnx"), options)->unroll(fixtureBatch(name, "onnx"));
}

HiddenStates expectedOnnx(const std::string& name, const std::string& suffix = "_states") {
    return expectedStates(name, suffix, "onnx");
}

LoadOptions options(int layer, const std::string& direction = "", bool hc = false) {
    LoadOptions o;
    o.layer = layer;
    o.direction = direction;
    o.lstmHiddenAndCell = hc;
    return o;
}

}  // namespace

TEST_CASE("a torch.onnx.export sentiment model matches PyTorch: embedding, GRU, readout", "[onnx]") {
    const auto network = loadNetwork(onnxFixture("sentiment_gru.onnx"));
    const NetworkInfo& info = network->info();
    CHECK(info.layout == "onnx");
    CHECK(info.summary() == "ONNX GRU (linear_before_reset=1) 6→8, embedding Gather 40×6, readout Gemm node '/fc/Gemm' "
                            "8→1 with sigmoid");
    CHECK(info.vocabSize == 40);
    CHECK(info.readoutActivation == "sigmoid");
    CHECK(info.assumptions.empty());
    const HiddenStates states = network->unroll(fixtureBatch("sentiment_gru", "onnx"));
    requireSameStates(states, expectedOnnx("sentiment_gru"));
    const RowMatrixXf logits = network->readout(RowMatrixXf(states.matrix()));
    const NpyArray want = readNpy(onnxFixture("sentiment_gru_readout.npy"));
    REQUIRE(static_cast<std::size_t>(logits.size()) == want.toFloat().size());
    CHECK(maxAbsDiff(logits.data(), want.toFloat().data(), want.toFloat().size()) <= 1e-5f);
}

TEST_CASE("a tf2onnx-style graph matches ONNX's reference GRU: linear_before_reset=0, MatMul readout", "[onnx]") {
    const std::string path = onnxFixture("keras_like_gru.onnx");
    const auto network = loadNetwork(path);
    CHECK(network->info().summary() == "ONNX GRU (linear_before_reset=0) 4→3, embedding Gather 20×4, readout MatMul "
                                       "node 'dense' 3→2 with sigmoid");
    // initial_h is the graph input h0: the states start from zero, and that is said.
    CHECK(network->info().assumptions ==
          std::vector<std::string>{"GRU node 'gru': initial_h comes from 'h0', a graph input; the states start from zero"});
    const HiddenStates states = network->unroll(fixtureBatch("keras_like_gru", "onnx"));
    requireSameStates(states, expectedOnnx("keras_like_gru"));
    const RowMatrixXf logits = network->readout(RowMatrixXf(states.matrix()));
    const auto want = readNpy(onnxFixture("keras_like_gru_readout.npy")).toFloat();
    REQUIRE(static_cast<std::size_t>(logits.size()) == want.size());
    CHECK(maxAbsDiff(logits.data(), want.data(), want.size()) <= 1e-5f);
}

TEST_CASE("a constant initial_h starts every sequence; one that differs by batch position is refused", "[onnx]") {
    const auto network = loadNetwork(onnxFixture("initial_state_gru.onnx"));
    CHECK(network->info().assumptions.empty());
    requireSameStates(network->unroll(fixtureBatch("initial_state_gru", "onnx")), expectedOnnx("initial_state_gru"));
    const std::string bad = onnxFixture("bad_initial_state.onnx");
    CHECK_THROWS_WITH(loadNetwork(bad), bad + ": GRU node 'gru' has a constant initial_h that differs between batch "
                                              "positions; the analysis needs one initial state for every sequence");
}

TEST_CASE("torch.onnx.export LSTM, two-layer relu RNN and bidirectional models match PyTorch", "[onnx]") {
    requireSameStates(unrollOnnx("lstm"), expectedOnnx("lstm"));
    requireSameStates(unrollOnnx("lstm", options(-1, "forward", true)), expectedOnnx("lstm", "_states_hc"));
    requireSameStates(unrollOnnx("rnn_2layer_relu"), expectedOnnx("rnn_2layer_relu"));
    requireSameStates(unrollOnnx("rnn_2layer_relu", options(0)), expectedOnnx("rnn_2layer_relu", "_states_layer0"));
    requireSameStates(unrollOnnx("bigru"), expectedOnnx("bigru"));
    requireSameStates(unrollOnnx("bigru", options(-1, "backward")), expectedOnnx("bigru", "_states_backward"));
    // The second layer reads both directions of the first, concatenated.
    requireSameStates(unrollOnnx("bilstm_2layer"), expectedOnnx("bilstm_2layer"));
    requireSameStates(unrollOnnx("bilstm_2layer", options(1, "backward")), expectedOnnx("bilstm_2layer", "_states_backward"));
    requireSameStates(unrollOnnx("bilstm_2layer", options(0)), expectedOnnx("bilstm_2layer", "_states_layer0"));
    requireSameStates(unrollOnnx("bilstm_2layer", options(1, "forward", true)), expectedOnnx("bilstm_2layer", "_states_hc"));
}

TEST_CASE("an ONNX model is known by its first bytes, whatever its name", "[onnx]") {
    const auto renamed = std::filesystem::temp_directory_path() / ("kann_onnx_" + std::to_string(::getpid()) + ".model");
    std::filesystem::copy_file(onnxFixture("lstm.onnx"), renamed, std::filesystem::copy_options::overwrite_existing);
    CHECK(looksLikeOnnx(renamed.string()));
    CHECK(loadNetwork(renamed.string())->info().layout == "onnx");
    std::filesystem::remove(renamed);
    CHECK_FALSE(looksLikeOnnx(torchFixture("stack_gru.pt")));
    CHECK_FALSE(looksLikeOnnx(fixture("text/labelled.tsv")));
}

TEST_CASE("a character model with a OneHot node takes token ids", "[onnx]") {
    const auto network = loadNetwork(onnxFixture("onehot_gru.onnx"));
    CHECK(network->info().summary() == "ONNX GRU (linear_before_reset=1) 12→5, one-hot OneHot 12");
    CHECK(network->info().vocabSize == 12);
    requireSameStates(network->unroll(fixtureBatch("onehot_gru", "onnx")), expectedOnnx("onehot_gru"));
}

TEST_CASE("ONNX models say what they are and which direction is analysed", "[onnx]") {
    const auto rnn = loadNetwork(onnxFixture("rnn_2layer_relu.onnx"));
    CHECK(rnn->info().summary() == "ONNX 2-layer RNN (activations Relu) 4→6, layer 1 analysed");
    CHECK(rnn->info().layers == 2);
    CHECK_FALSE(rnn->info().timeReversed);
    const auto bigru = loadNetwork(onnxFixture("bigru.onnx"));
    CHECK(bigru->info().summary() == "ONNX GRU (linear_before_reset=1, bidirectional) 3→5");
    CHECK(bigru->info().assumptions == std::vector<std::string>{"GRU node '/rnn/GRU' is bidirectional: its forward "
                                                                "direction is analysed (--direction backward for the other)"});
    CHECK_FALSE(bigru->info().timeReversed);
    const auto backward = loadNetwork(onnxFixture("bigru.onnx"), options(-1, "backward"));
    CHECK(backward->info().assumptions.empty());
    CHECK(backward->info().timeReversed);
}

TEST_CASE("broken ONNX files and unusable options are refused naming the file and the problem", "[onnx]") {
    const std::string truncated = onnxFixture("bad_truncated.onnx");
    CHECK_THROWS_WITH(loadNetwork(truncated),
                      truncated + ": not a valid ONNX model: the protobuf cannot be parsed (a corrupt or truncated file?)");
    const std::string text = onnxFixture("bad_not_onnx.onnx");
    CHECK_THROWS_WITH(loadNetwork(text), Catch::StartsWith(text + ": not "));
    const std::string mlp = onnxFixture("bad_no_recurrent.onnx");
    CHECK_THROWS_WITH(loadNetwork(mlp), Catch::StartsWith(mlp + ": no RNN, GRU or LSTM node among the graph's") &&
                                            Catch::Contains("(ops: ") && Catch::Contains("MatMul"));
    const std::string runtime = onnxFixture("bad_weight_input.onnx");
    CHECK_THROWS_WITH(loadNetwork(runtime), runtime + ": GRU node 'gru' reads its W (input weights) from 'W', which is a "
                                                      "graph input, not a constant: the weights must be initializers "
                                                      "or Constant nodes");
    const std::string cycle = onnxFixture("bad_cycle.onnx");
    CHECK_THROWS_WITH(loadNetwork(cycle), Catch::StartsWith(cycle + ": the graph has a cycle through Transpose node"));
    const std::string external = onnxFixture("bad_external.onnx");
    CHECK_THROWS_WITH(loadNetwork(external), Catch::StartsWith(external + ": tensor 'W' keeps its data in an external file"));
    const std::string missing = onnxFixture("no_such_model.onnx");
    CHECK_THROWS_WITH(loadNetwork(missing), missing + ": cannot open the file");
    const std::string lstm = onnxFixture("lstm.onnx");
    CHECK_THROWS_WITH(loadNetwork(lstm, options(-1, "backward")),
                      lstm + ": --direction backward, but LSTM node '/rnn/LSTM' runs forward only");
    CHECK_THROWS_WITH(loadNetwork(lstm, options(3)), lstm + ": layer 3 was requested, but the ONNX graph has 1 recurrent layer");
    const std::string gru = onnxFixture("bigru.onnx");
    CHECK_THROWS_WITH(loadNetwork(gru, options(-1, "forward", true)),
                      gru + ": states h and c were requested, but GRU node '/rnn/GRU' is a GRU (only an LSTM has a cell state)");
    LoadOptions stack;
    stack.arch = "stack";
    CHECK_THROWS_WITH(loadNetwork(lstm, stack), lstm + ": --arch stack, but this is an ONNX model");
    // A series model given tokens, and the embedding's vocabulary, are checked before any run.
    InputBatch tokens = fixtureBatch("sentiment_gru", "onnx");
    CHECK_THROWS_WITH(loadNetwork(lstm)->unroll(tokens), Catch::StartsWith(lstm + ": the network expects a series"));
    tokens.tokens[0] = 40;
    const std::string sentiment = onnxFixture("sentiment_gru.onnx");
    CHECK_THROWS_WITH(loadNetwork(sentiment)->unroll(tokens), Catch::Contains("outside the embedding's vocabulary of 40"));
}

TEST_CASE("ONNX files with corrupted bytes are read or refused, never a crash", "[onnx]") {
    std::ifstream in(onnxFixture("sentiment_gru.onnx"), std::ios::binary);
    const std::string image{std::istreambuf_iterator<char>(in), {}};
    const auto path = std::filesystem::temp_directory_path() / ("kann_onnx_mutant_" + std::to_string(::getpid()) + ".onnx");
    const InputBatch batch = fixtureBatch("sentiment_gru", "onnx");
    std::mt19937 rng(7);
    int read = 0, refused = 0;
    for (int i = 0; i < 300; ++i) {
        std::string mutant = image;
        for (int flips = 1 + static_cast<int>(rng() % 3); flips > 0; --flips)
            mutant[rng() % mutant.size()] = static_cast<char>(rng() % 256);
        std::ofstream(path, std::ios::binary) << mutant;
        try {
            loadNetwork(path.string())->unroll(batch);
            ++read;
        } catch (const InputError& e) {
            CHECK_THAT(e.what(), Catch::StartsWith(path.string() + ": "));
            ++refused;
        }
    }
    std::filesystem::remove(path);
    CHECK(read + refused == 300);
    CHECK(refused > 0);
}
