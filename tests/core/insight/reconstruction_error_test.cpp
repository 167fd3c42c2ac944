// Reconstruction errors of the ECG autoencoder fixture against PyTorch's own decoding of the same
// beats (tests/fixtures/torch/ecg_gru_*.npy, written by scripts/make_torch_fixtures.py).
#include "core/insight/reconstruction_error.h"

#include "core/common/error.h"
#include "core/io/npy.h"
#include "core/pipeline/varied_batches.h"
#include "test_support.h"

#include <cmath>

using namespace kann;

namespace {

Exploration ecgExploration() {
    Exploration e;
    e.network = loadNetwork(test::fixture("torch/ecg_gru.pt"));
    const NpyArray x = readNpy(test::fixture("torch/ecg_gru_x.npy"));
    const std::vector<std::int64_t> lengths = readNpy(test::fixture("torch/ecg_gru_lengths.npy")).toInt64();
    InputBatch& in = e.input;
    in.kind = InputBatch::Kind::Series;
    in.batch = static_cast<int>(x.shape[0]);
    in.time = static_cast<int>(x.shape[1]);
    in.values = x.toFloat();
    in.lengths.assign(lengths.begin(), lengths.end());
    in.labels = {1, 2, 1};
    in.rows = {10, 11, 12};
    e.states = e.network->unroll(in);
    return e;
}

}  // namespace

TEST_CASE("each beat's error is the RMSE of PyTorch's decoding over its valid steps, worst first",
          "[reconstruction_error]") {
    const Exploration e = ecgExploration();
    const NpyArray decodedArray = readNpy(test::fixture("torch/ecg_gru_decoded.npy"));
    const std::vector<float> decoded = decodedArray.toFloat();
    const int time = e.input.time;
    std::vector<double> expected(e.input.batch);
    for (int b = 0; b < e.input.batch; ++b) {
        double sum = 0;
        for (int t = 0; t < e.input.lengths[b]; ++t) {
            const double d = decoded[b * time + t] - e.input.values[b * time + t];
            sum += d * d;
        }
        expected[b] = std::sqrt(sum / e.input.lengths[b]);
    }
    const std::vector<SequenceError> errors = reconstructionErrors(e);
    REQUIRE(errors.size() == 3);
    for (std::size_t i = 0; i < errors.size(); ++i) {
        const SequenceError& s = errors[i];
        CHECK(s.rmse == Approx(expected[s.sequence]).epsilon(1e-5));
        CHECK(s.row == 10 + s.sequence);
        CHECK(s.label == e.input.labels[s.sequence]);
        if (i > 0) CHECK(errors[i - 1].rmse >= s.rmse);
    }
}

TEST_CASE("reconstruction errors need a decoder and one-feature series", "[reconstruction_error]") {
    Exploration e = ecgExploration();
    e.input.features = 2;
    CHECK_THROWS_AS(reconstructionErrors(e), InputError);
    Exploration text;
    text.input.kind = InputBatch::Kind::Tokens;
    CHECK_THROWS_WITH(reconstructionErrors(text), Catch::Contains("series"));
}

TEST_CASE("a streamed run lists the worst reconstructions as the run that holds the states", "[reconstruction_error][streamed]") {
    SourceSpec spec = test::variedBeats();
    const std::vector<SequenceError> held = reconstructionErrors(runExploration(spec));
    spec.stream = StreamMode::On;
    const Exploration e = runAnalysis(spec);
    REQUIRE(e.result.streamed);
    REQUIRE(e.states.batch == 0);
    const std::vector<SequenceError> streamed = reconstructionErrors(e);
    REQUIRE(streamed.size() == held.size());
    for (std::size_t i = 0; i < held.size(); ++i) {
        CHECK(streamed[i].sequence == held[i].sequence);
        CHECK(streamed[i].label == held[i].label);
        CHECK(streamed[i].rmse == Approx(held[i].rmse).epsilon(1e-6));  // a series' float unroll varies with its batch
    }
}
