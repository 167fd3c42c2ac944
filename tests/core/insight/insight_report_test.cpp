// The whole report on the committed Torch fixtures: a sentiment GRU on generated reviews (readout,
// labels, words) and the ECG autoencoder (decoder); the parts that do not apply say why.
#include "core/insight/insight_report.h"

#include "test_support.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <random>

using namespace kann;
using kann::test::fixture;

namespace {

// The fixture's vocabulary has 40 ids: "<unk>" and 39 words. Reviews of 8..20 of them.
SourceSpec sentimentSpec() {
    const auto dir = std::filesystem::temp_directory_path() / "kann_insight_report_test";
    std::filesystem::create_directories(dir);
    const std::vector<std::string> words = {
        "good", "bad", "great", "awful", "movie", "film", "the", "a", "is", "was", "plot", "acting", "boring",
        "fun", "love", "hate", "best", "worst", "story", "and", "not", "very", "really", "it", "this", "i", "fine",
        "terrible", "nice", "poor", "excellent", "dull", "actor", "scene", "end", "music", "funny", "sad", "wonderful"};
    std::ofstream vocab(dir / "vocab.txt");
    vocab << "<unk>\n";
    for (const auto& w : words) vocab << w << "\n";
    std::mt19937 gen(1);
    std::uniform_int_distribution<int> pick(0, static_cast<int>(words.size()) - 1), length(8, 20);
    std::ofstream data(dir / "reviews.tsv");
    for (int i = 0; i < 48; ++i) {
        data << i % 2 << "\t";
        for (int n = length(gen); n > 0; --n) data << words[pick(gen)] << (n > 1 ? " " : "\n");
    }
    SourceSpec spec;
    spec.modelPath = fixture("torch/sentiment_gru.pt");
    spec.dataPath = (dir / "reviews.tsv").string();
    spec.vocabPath = (dir / "vocab.txt").string();
    return spec;
}

}  // namespace

TEST_CASE("the report of a sentiment model covers trust and meaning", "[insight_report]") {
    const Exploration e = runExploration(sentimentSpec());
    InsightOptions o;
    o.horizon = 5;
    o.lexicon = Lexicon{{"test"}, {"good", "great", "bad", "awful", "love", "hate", "best", "worst"}};
    o.trackKs = {2, 4};
    const InsightReport rep = runInsight(e, o);
    CHECK(rep.prediction.relativeError.size() == 5);
    CHECK(rep.prediction.relativeError[0] == Approx(e.result.residual).epsilon(1e-6));
    REQUIRE(rep.readout);
    CHECK(rep.readout->labelled == 48);
    REQUIRE(rep.ranking);
    CHECK(rep.ranking->positives == 24);
    REQUIRE(rep.lexicon);
    CHECK(rep.lexicon->lexiconWords == 8);
    CHECK(rep.lexicon->words.size() == 39);  // each word appears about 17 times
    CHECK(rep.ends);
    CHECK(rep.bands.empty());
    REQUIRE(rep.skipped.size() == 1);
    CHECK_THAT(rep.skipped[0], Catch::Contains("no decoder"));
    CHECK(rep.tracks.spectra.back().k == e.result.k);  // the analysis's k is always tracked

    const auto j = nlohmann::json::parse(insightJson(e, rep));
    CHECK(j["modes"].size() == static_cast<std::size_t>(e.result.k));
    CHECK(j["modes"][0].contains("label_auc"));
    CHECK(j["lexicon"]["signed_ends"]["top"].size() == 10);
    CHECK(j["readout"]["labelled"] == 48);
    CHECK(j["prediction"]["relative_error"].size() == 5);
}

TEST_CASE("the report of the ECG autoencoder has bands and says what it skipped", "[insight_report]") {
    SourceSpec spec;
    spec.modelPath = fixture("torch/ecg_gru.pt");
    spec.dataPath = fixture("series/label_last.arff");
    const Exploration e = runExploration(spec);
    InsightOptions o;
    o.horizon = 3;
    o.bandPairs = 2;
    const InsightReport rep = runInsight(e, o);
    CHECK(!rep.readout);
    CHECK(!rep.lexicon);
    CHECK(rep.bands.size() == 2);
    CHECK(rep.skipped.size() >= 2);  // no readout; not text (and the ranking, unless labelled twice)
    const auto j = nlohmann::json::parse(insightJson(e, rep));
    CHECK(j["bands"].size() == 2);
    CHECK(!j.contains("readout"));
}
