#include "core/models/layouts.h"

#include "core/common/error.h"
#include "model_fixtures.h"

using namespace kann;
using namespace kann::test;

namespace {

StateDict dictOf(const std::string& name) {
    const std::string path = torchFixture(name + ".pt");
    return StateDict(readStateDict(path), path);
}

NetworkInfo infoOf(const std::string& name, const LoadOptions& options = {}) {
    return buildNetwork(dictOf(name), options)->info();
}

}  // namespace

TEST_CASE("layouts are recognised from key names", "[layouts]") {
    CHECK(detectLayout(dictOf("sentiment_gru")) == "sentiment");
    CHECK(detectLayout(dictOf("ecg_lstm")) == "ecg-autoencoder");
    CHECK(detectLayout(dictOf("stack_gru")) == "stack");
    CHECK(detectLayout(dictOf("stack_lstm_embed_readout")) == "stack");
    CHECK_THROWS_WITH(detectLayout(dictOf("dtypes")), Catch::Contains("no torch.nn RNN/GRU/LSTM keys") &&
                                                            Catch::Contains("f64, f16"));
}

TEST_CASE("the cell type comes from the gate multiple", "[layouts]") {
    const NetworkInfo gru = infoOf("sentiment_gru");
    CHECK(gru.summary() == gru.description);  // the layout in words
    CHECK(gru.readoutActivation == "sigmoid");
    CHECK(gru.description == "the paper's sentiment model: embedding `embedding.weight` 40×8 → GRUCell `rnn` 8→12 → "
                             "readout `linear` 12→1, sigmoid");
    CHECK(gru.assumptions.empty());
    CHECK(infoOf("sentiment_rnn").assumptions.size() == 1);  // tanh assumed for the RNNCell, and said
    CHECK(infoOf("sentiment_lstm").cell == "LSTM");
    CHECK(infoOf("sentiment_rnn").cell == "RNN");
    CHECK(infoOf("ecg_gru").cell == "GRU");
    LoadOptions hc;
    hc.lstmHiddenAndCell = true;
    const NetworkInfo ecg = infoOf("ecg_lstm", hc);
    CHECK(ecg.stateDim == 12);
    CHECK(ecg.decoderOutputs == 1);
    CHECK(ecg.lstmHiddenAndCell);
    CHECK(ecg.description == "the paper's ECG autoencoder: encoder LSTM `encoder.rnn` 1→6 → decoder `decoder.rnn` 6→12 "
                             "fed the encoder's last state → output `decoder.output_layer` 12→1; states h and c analysed");
}

TEST_CASE("stacks report their layers, embedding and readout", "[layouts]") {
    const NetworkInfo lstm = infoOf("stack_lstm_embed_readout");
    CHECK(lstm.layers == 2);
    CHECK(lstm.analysedLayer == 1);
    CHECK(lstm.vocabSize == 30);
    CHECK(lstm.inputSize == 6);
    CHECK(lstm.readoutOutputs == 2);
    CHECK(lstm.description == "embedding `embedding.weight` 30×6 → LSTM stack `lstm` 2 layers 6→8→8 (--layer 1 analysed) "
                              "→ head fc 8→2");
    LoadOptions first;
    first.layer = 0;
    CHECK(infoOf("stack_lstm_embed_readout", first).readoutOutputs == 0);  // the readout reads layer 1
    const NetworkInfo plain = infoOf("stack_gru");
    CHECK(plain.vocabSize == 0);
    CHECK(plain.readoutOutputs == 0);
    CHECK(plain.inputSize == 3);
    const NetworkInfo nested = infoOf("stack_lstm_nobias");  // keys "model.lstm.weight_ih_l0", no biases
    CHECK(nested.description == "3 features per step (or token ids as one-hot rows) → LSTM stack `model.lstm` 2 layers "
                                "3→5→5 (--layer 1 analysed)");
    const NetworkInfo bidirectional = infoOf("bad_bidirectional");  // read: the forward direction by default
    CHECK(bidirectional.layers == 2);
    CHECK(bidirectional.hiddenSize == 4);
}

TEST_CASE("keys and shapes that do not fit are reported by name", "[layouts]") {
    CHECK_THROWS_WITH(infoOf("bad_keys"), Catch::Contains("`rnn` has only one of 'rnn.bias_ih' and 'rnn.bias_hh'") &&
                                              Catch::Contains("missing keys"));
    CHECK_THROWS_WITH(infoOf("bad_shape"), Catch::Contains("'rnn.weight_hh' has shape [36, 11]"));
    LoadOptions forced;
    forced.arch = "sentiment";
    CHECK_THROWS_WITH(infoOf("ecg_gru", forced), Catch::Contains("missing keys: rnn.weight_ih") &&
                                                     Catch::Contains("unexpected keys: encoder.rnn.weight_ih_l0"));
    forced.arch = "ecg-autoencoder";
    CHECK_THROWS_WITH(infoOf("stack_gru", forced), Catch::Contains("missing keys: encoder.rnn.weight_ih_l0"));
    forced.arch = "lstm-ish";
    CHECK_THROWS_WITH(infoOf("stack_gru", forced), Catch::Contains("unknown architecture 'lstm-ish'"));
}

TEST_CASE("options that do not apply to the network are refused", "[layouts]") {
    LoadOptions layer;
    layer.layer = 2;
    CHECK_THROWS_WITH(infoOf("stack_gru", layer), Catch::Contains("layer 2 was requested, but the network has 2 layers"));
    layer.layer = 1;
    CHECK_THROWS_WITH(infoOf("sentiment_gru", layer), Catch::Contains("has 1 layer"));
    LoadOptions hc;
    hc.lstmHiddenAndCell = true;
    CHECK_THROWS_WITH(infoOf("stack_gru", hc), Catch::Contains("the network is a GRU"));
}
