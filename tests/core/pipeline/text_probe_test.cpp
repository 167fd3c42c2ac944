// A typed sentence is projected onto the batch's modes without refitting: typing the text of a
// review of the batch must give exactly that review's colouring and readout.
#include "core/pipeline/text_probe.h"

#include "core/common/error.h"
#include "test_support.h"

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace kann;

namespace {

// The sentiment fixture reads 40 token ids: "<unk>" and 39 words.
const char* kWords[] = {"good", "bad", "great", "awful", "movie", "film", "the", "a", "is", "was", "plot",
                        "acting", "boring", "fun", "love", "hate", "best", "worst", "story", "and", "not",
                        "very", "really", "it", "this", "i", "fine", "terrible", "nice", "poor", "excellent",
                        "dull", "actor", "scene", "end", "music", "funny", "sad", "wonderful"};

Exploration sentimentBatch(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    std::ofstream vocab(dir / "vocab.txt");
    vocab << "<unk>\n";
    for (const char* w : kWords) vocab << w << "\n";
    vocab.close();
    std::ofstream reviews(dir / "reviews.tsv");
    reviews << "1\tThe film was really good, and the music wonderful\n"
            << "0\ta boring plot and poor acting\n"
            << "1\tI love this movie\n"
            << "0\tawful awful story, not fun\n";
    reviews.close();
    SourceSpec spec;
    spec.modelPath = test::fixture("torch/sentiment_gru.pt");
    spec.dataPath = (dir / "reviews.tsv").string();
    spec.vocabPath = (dir / "vocab.txt").string();
    spec.analysis.k = 6;
    return runExploration(spec);
}

}  // namespace

TEST_CASE("typing a review of the batch reproduces its colouring and its readout", "[text_probe]") {
    const auto dir = std::filesystem::temp_directory_path() / "kann_text_probe_test";
    const Exploration base = sentimentBatch(dir);
    const TextProbe probe = probeText(base, "The film was really good, and the music wonderful");
    REQUIRE(probe.logits.size() == 1);
    CHECK(probe.logits(0, 0) == Approx(base.readoutLogits(0, 0)).margin(1e-5));
    for (int mode : {0, 1, 3}) {
        for (Colouring c : {Colouring::Magnitude, Colouring::Signed, Colouring::Kick}) {
            const std::vector<float> typed = probeWordValues(base, probe, mode, c);
            const std::vector<float> batch = wordValues(base, 0, mode, c);
            REQUIRE(typed.size() == batch.size());
            for (std::size_t w = 0; w < typed.size(); ++w) CHECK(typed[w] == Approx(batch[w]).margin(1e-4));
        }
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("a sentence needs a text model and words", "[text_probe]") {
    const auto dir = std::filesystem::temp_directory_path() / "kann_text_probe_test_errors";
    const Exploration base = sentimentBatch(dir);
    CHECK_THROWS_WITH(probeText(base, "   "), Catch::Contains("no words"));
    Exploration series;
    CHECK_THROWS_WITH(probeText(series, "good film"), Catch::Contains("text model"));
    std::filesystem::remove_all(dir);
}
