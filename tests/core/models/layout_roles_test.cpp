// Checkpoints laid out as tutorials and papers write them (scripts/make_layout_fixtures.py): every
// accepted reading matches PyTorch's own states, readouts and decodings; every refusal names the
// file, the problem and the option that settles it.
#include "core/models/layouts.h"

#include "core/common/error.h"
#include "core/models/checkpoint_reader.h"
#include "core/models/recurrent_network.h"
#include "model_fixtures.h"

#include <iostream>
#include <tuple>

using namespace kann;
using namespace kann::test;

namespace {

std::string fileOf(const std::string& name) {
    const std::string safetensors = torchFixture(name + ".safetensors");
    return std::filesystem::exists(safetensors) ? safetensors : torchFixture(name + ".pt");
}

// One accepted case: a fixture, the options that read it, and which of PyTorch's outputs to match.
struct Case {
    std::string name;
    LoadOptions options;
    std::string states = "_states";
    bool readout = false;
    bool decoded = false;
};

LoadOptions with(const std::function<void(LoadOptions&)>& set) {
    LoadOptions o;
    set(o);
    return o;
}

std::vector<Case> acceptedCases() {
    return {
        {"role_emb_gru_mlp", {}, "_states", true},
        {"role_training_checkpoint", with([](auto& o) { o.headActivation = "tanh"; }), "_states", true},
        {"role_dataparallel_rnn_relu", with([](auto& o) { o.nonlinearity = "relu"; }), "_states", true},
        {"role_model_entry", {}, "_states", true},
        {"role_bigru", {}, "_states"},
        {"role_bigru", with([](auto& o) { o.direction = "backward"; }), "_states_backward"},
        {"role_bigru", with([](auto& o) { o.layer = 0; }), "_states_layer0"},
        {"role_bigru", with([](auto& o) { o.layer = 0; o.direction = "backward"; }), "_states_layer0_backward"},
        {"role_bilstm", {}, "_states"},
        {"role_bilstm", with([](auto& o) { o.direction = "backward"; }), "_states_backward"},
        {"role_bilstm", with([](auto& o) { o.direction = "backward"; o.lstmHiddenAndCell = true; }),
         "_states_backward_hc"},
        {"role_two_stack", with([](auto& o) { o.stack = "rnn1"; }), "_states", false, true},
        {"role_two_stack", with([](auto& o) { o.stack = "rnn1,rnn2"; }), "_states_stacked", true},
        {"role_lstm_autoencoder", {}, "_states", false, true},
        {"role_lstm_autoencoder", with([](auto& o) { o.layer = 0; }), "_states_layer0"},
        {"role_safetensors", {}, "_states", true},
        {"role_char_onehot", {}, "_states", true},
        {"role_rnn_series", with([](auto& o) { o.nonlinearity = "relu"; }), "_states"},
    };
}

float readoutDeviation(const Network& network, const HiddenStates& states, const std::string& name) {
    const NpyArray want = readNpy(torchFixture(name + "_readout.npy"));
    const RowMatrixXf got = network.readout(states.matrix());
    REQUIRE(got.rows() == want.shape[0]);
    REQUIRE(got.cols() == want.shape[1]);
    return maxAbsDiff(got.data(), want.toFloat().data(), got.size());
}

float decodedDeviation(const Network& network, const HiddenStates& states, const std::string& name) {
    const NpyArray want = readNpy(torchFixture(name + "_decoded.npy"));
    const RowMatrixXf got = network.decode(states.lastValidStates(), states.time);
    REQUIRE(got.rows() == want.shape[0]);
    REQUIRE(got.cols() == want.shape[1]);
    return maxAbsDiff(got.data(), want.toFloat().data(), got.size());
}

struct Deviation {
    float states = 0, outputs = 0;  // outputs: the readout or the decoding
    float worst() const { return std::max(states, outputs); }
};

// The largest deviations from PyTorch of the case's states and of its readout or decoding.
Deviation deviations(const Case& c) {
    const auto network = loadNetwork(fileOf(c.name), c.options);
    const HiddenStates got = network->unroll(fixtureBatch(c.name));
    const HiddenStates want = expectedStates(c.name, c.states);
    REQUIRE(got.dim == want.dim);
    REQUIRE(got.time == want.time);
    Deviation d;
    d.states = maxAbsDiff(got.values.data(), want.values.data(), got.values.size());
    if (c.readout) d.outputs = readoutDeviation(*network, got, c.name);
    if (c.decoded) d.outputs = decodedDeviation(*network, got, c.name);
    return d;
}

float deviation(const Case& c) { return deviations(c).worst(); }

NetworkInfo infoOf(const std::string& name, const LoadOptions& options = {}) {
    return loadNetwork(fileOf(name), options)->info();
}

std::string refusal(const std::string& name, const LoadOptions& options = {}) {
    try {
        loadNetwork(fileOf(name), options);
    } catch (const InputError& e) {
        CHECK(e.source() == fileOf(name));
        return e.what();
    }
    FAIL("no refusal for " << name);
    return "";
}

}  // namespace

TEST_CASE("layouts by role match PyTorch's states, readouts and decodings", "[layouts][roles]") {
    for (const Case& c : acceptedCases()) {
        CAPTURE(c.name, c.states);
        CHECK(deviation(c) <= 1e-5f);
    }
}

TEST_CASE("the largest deviation from PyTorch per case", "[.report]") {
    for (const Case& c : acceptedCases()) {
        const Deviation d = deviations(c);
        std::cout << c.name << c.states << (c.options.stack.empty() ? "" : " --stack " + c.options.stack)
                  << ": states " << d.states << ", outputs " << d.outputs << "\n";
    }
}

TEST_CASE("the detected layout is said in words, with every assumption", "[layouts][roles]") {
    const NetworkInfo mlp = infoOf("role_emb_gru_mlp");
    CHECK(mlp.description ==
          "embedding `emb.weight` 50×6 → GRU stack `rnn` 2 layers 6→8→8 (--layer 1 analysed) → head fc1→relu→fc2 "
          "8→5→3 (relu assumed: --head-activation)");
    REQUIRE(mlp.assumptions.size() == 1);
    CHECK_THAT(mlp.assumptions[0], Catch::Contains("--head-activation"));
    CHECK(mlp.readoutOutputs == 3);

    const NetworkInfo trained = infoOf("role_training_checkpoint", with([](auto& o) { o.headActivation = "tanh"; }));
    CHECK_THAT(trained.description, Catch::StartsWith("training checkpoint, state dict from 'model_state_dict'; "
                                                      "embedding `embed.weight` 40×5 → LSTM stack `lstm` 5→7 → head "
                                                      "classifier.0→tanh→classifier.3 7→6→2"));
    CHECK(trained.assumptions.empty());

    const NetworkInfo parallel = infoOf("role_dataparallel_rnn_relu");
    CHECK_THAT(parallel.description, Catch::StartsWith("training checkpoint, state dict from 'state_dict'; DataParallel "
                                                       "prefix 'module.' removed; embedding `word_embeddings.weight`"));
    CHECK_THAT(parallel.description, Catch::Contains("RNN (tanh assumed: --nonlinearity)"));
    REQUIRE(parallel.assumptions.size() == 1);
    CHECK_THAT(parallel.assumptions[0], Catch::Contains("tanh assumed") && Catch::Contains("--nonlinearity relu"));
    CHECK_THAT(infoOf("role_model_entry").description,
               Catch::StartsWith("training checkpoint, state dict from 'model'; embedding `encoder.embedding.weight`"));

    const NetworkInfo bigru = infoOf("role_bigru");
    CHECK_THAT(bigru.description, Catch::Contains("bidirectional GRU stack `gru` 2 layers 3→4→4 (--layer 1 analysed), "
                                                  "forward direction analysed (--direction)") &&
                                      Catch::Contains("(not applied: it reads both directions)"));
    CHECK_FALSE(bigru.timeReversed);
    CHECK_THAT(bigru.assumptions.at(0), Catch::Contains("--direction backward"));
    const NetworkInfo backward = infoOf("role_bigru", with([](auto& o) { o.direction = "backward"; }));
    CHECK(backward.timeReversed);
    CHECK(backward.assumptions.empty());

    const NetworkInfo autoencoder = infoOf("role_lstm_autoencoder");
    CHECK(autoencoder.layout == "autoencoder");
    CHECK(autoencoder.decoderOutputs == 1);
    CHECK_THAT(autoencoder.description,
               Catch::Contains("encoder LSTM stack `encoder.rnn1`+`encoder.rnn2` 2 layers 1→8→4") &&
                   Catch::Contains("decoder LSTM stack `decoder.rnn1`+`decoder.rnn2` 2 layers 4→4→8 fed the encoder's "
                                   "last state → output decoder.output_layer 8→1"));

    const NetworkInfo chars = infoOf("role_char_onehot");
    CHECK(chars.oneHotInput);
    CHECK(chars.inputSize == 12);
    CHECK(chars.vocabSize == 0);
    CHECK_THAT(chars.description, Catch::StartsWith("12 features per step (or token ids as one-hot rows)"));
    CHECK_THAT(infoOf("role_safetensors").description, Catch::StartsWith("safetensors; 3 features per step"));
}

TEST_CASE("what a state dict cannot say is refused or assumed, never guessed silently", "[layouts][roles]") {
    // nn.RNN(nonlinearity='relu') read as tanh is far from PyTorch: the assumption above matters.
    CHECK(deviation({"role_dataparallel_rnn_relu", {}, "_states"}) > 0.01f);
    CHECK(deviation({"role_training_checkpoint", {}, "_states", true}) > 1e-3f);  // relu assumed, tanh is right

    CHECK_THAT(refusal("role_two_stack"),
               Catch::Contains("can be read in 2 ways, pick one with --stack") &&
                   Catch::Contains("one stack `rnn1`+`rnn2` (--stack rnn1,rnn2)") &&
                   Catch::Contains("encoder `rnn1`, decoder `rnn2` fed the encoder's last state (--stack rnn1)"));
    CHECK_THAT(refusal("role_two_embeddings"), Catch::Contains("--embedding src_emb.weight, --embedding tgt_emb.weight"));
    const NetworkInfo picked = infoOf("role_two_embeddings", with([](auto& o) { o.embedding = "tgt_emb.weight"; }));
    CHECK(picked.vocabSize == 30);
    CHECK_THAT(picked.description, Catch::Contains("ignored (not chosen): src_emb.weight"));
    CHECK_THAT(refusal("role_two_heads"), Catch::Contains("unexplained keys: fc_a.weight, fc_a.bias, fc_b.weight, fc_b.bias") &&
                                              Catch::Contains("--head fc_a, --head fc_b"));
    CHECK(infoOf("role_two_heads", with([](auto& o) { o.head = "fc_b"; })).readoutOutputs == 3);
    const std::string unexplained = refusal("role_unexplained");
    CHECK_THAT(unexplained, Catch::Contains("unexplained keys: norm.weight, norm.bias"));
    CHECK_THAT(unexplained, !Catch::Contains("fc.weight") && !Catch::Contains("embed.weight") &&
                                !Catch::Contains("unexpected"));
}

TEST_CASE("what --stack, --embedding and --head can name is listed for a list to pick from", "[layouts][roles]") {
    using V = std::vector<std::string>;
    const LayoutChoices twoStack = layoutChoices(openStateDict(fileOf("role_two_stack")));
    CHECK(twoStack.stacks == V{"rnn1", "rnn2", "rnn1,rnn2"});
    CHECK(twoStack.heads == V{"out"});
    const LayoutChoices classifier = layoutChoices(openStateDict(fileOf("role_training_checkpoint")));
    CHECK(classifier.stacks == V{"lstm"});
    CHECK(classifier.embeddings == V{"embed.weight"});
    CHECK(classifier.heads == V{"classifier", "classifier.0", "classifier.3"});
    const LayoutChoices twoEmbeddings = layoutChoices(openStateDict(fileOf("role_two_embeddings")));
    CHECK(twoEmbeddings.embeddings == V{"src_emb.weight", "tgt_emb.weight"});
    CHECK(twoEmbeddings.heads.empty());
    // Each listed value is one the loader accepts.
    for (const std::string& head : layoutChoices(openStateDict(fileOf("role_two_heads"))).heads)
        CHECK(infoOf("role_two_heads", with([&](auto& o) { o.head = head; })).readoutOutputs > 0);
}

TEST_CASE("options that do not fit the checkpoint are refused by name", "[layouts][roles]") {
    const std::vector<std::tuple<std::string, LoadOptions, std::string>> refused = {
        {"role_emb_gru_mlp", with([](auto& o) { o.direction = "backward"; }), "not bidirectional"},
        {"role_emb_gru_mlp", with([](auto& o) { o.nonlinearity = "relu"; }), "--nonlinearity applies to nn.RNN"},
        {"role_model_entry", with([](auto& o) { o.headActivation = "gelu"; }),
         "--head-activation applies to heads of two or more"},
        {"role_emb_gru_mlp", with([](auto& o) { o.stack = "lstm"; }), "--stack lstm matches no recurrent module"},
        {"role_emb_gru_mlp", with([](auto& o) { o.embedding = "fc1.weight"; }), "--embedding fc1.weight: it has shape [5, 8]"},
    };
    for (const auto& [name, options, why] : refused) CHECK_THAT(refusal(name, options), Catch::Contains(why));
    CHECK_THROWS_WITH(infoOf("role_emb_gru_mlp", with([](auto& o) { o.headActivation = "sigmoid"; })),
                      Catch::StartsWith("--head-activation: expects relu, tanh, gelu or none"));
    CHECK_THROWS_WITH(infoOf("role_emb_gru_mlp", with([](auto& o) { o.direction = "up"; })),
                      Catch::StartsWith("--direction: expects forward or backward"));
}

TEST_CASE("the gelu and none head activations are applied as torch.nn defines them", "[layouts][roles]") {
    // fc2(act(fc1(h))) against the tanh truth: only tanh matches it.
    for (const char* act : {"relu", "gelu", "none"}) {
        CAPTURE(act);
        CHECK(deviation({"role_training_checkpoint", with([&](auto& o) { o.headActivation = act; }), "_states", true}) >
              1e-4f);
    }
    LinearChain chain{{LinearLayer{RowMatrixXf::Identity(2, 2), Eigen::VectorXf::Zero(2)},
                       LinearLayer{RowMatrixXf::Identity(2, 2), Eigen::VectorXf::Zero(2)}},
                      Activation::Gelu};
    RowMatrixXf x(1, 2);
    x << 1.0f, -2.0f;
    const RowMatrixXf y = chain.apply(x);
    CHECK(y(0, 0) == Approx(0.8413447f).epsilon(1e-6));   // torch.nn.functional.gelu(1.0)
    CHECK(y(0, 1) == Approx(-0.0455003f).epsilon(1e-5));  // gelu(-2.0)
}
