// The whole report on the committed Torch fixtures: a sentiment GRU on generated reviews (readout,
// labels, words) and the ECG autoencoder (decoder); the parts that do not apply say why.
#include "core/insight/insight_report.h"

#include "core/pipeline/mode_colouring.h"
#include "core/pipeline/text_probe.h"
#include "core/pipeline/varied_batches.h"
#include "test_support.h"
#include "thread_share.h"

#include <Eigen/QR>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <thread>

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
    REQUIRE(rep.skipped.size() == 2);
    CHECK_THAT(rep.skipped[0], Catch::Contains("--fit inputs"));  // the vocabulary valence
    CHECK_THAT(rep.skipped[1], Catch::Contains("no decoder"));
    CHECK(rep.tracks.spectra.back().k == e.result.k);  // the analysis's k is always tracked

    const auto j = nlohmann::json::parse(insightJson(e, rep));
    CHECK(j["modes"].size() == static_cast<std::size_t>(e.result.k));
    CHECK(j["modes"][0].contains("label_auc"));
    CHECK(j["lexicon"]["signed_ends"]["top"].size() == 10);
    CHECK(j["readout"]["labelled"] == 48);
    CHECK(j["prediction"]["relative_error"].size() == 5);
}

TEST_CASE("the fit with inputs equals a dense least squares over the network's own inputs", "[insight_report]") {
    SourceSpec spec = sentimentSpec();
    spec.analysis.fit = Fit::Inputs;
    const Exploration e = runExploration(spec);
    const KoopmanResult& r = e.result;
    REQUIRE(r.inputs);
    const StepInputs in = e.network->stepInputs(e.input);
    REQUIRE(r.inputs->k == in.dim());  // the fixture's embedding is narrower than k
    // [z_t | u_(t+1) | 1] -> z_(t+1) stacked over every valid pair, solved by QR.
    const int k = r.k, d = in.dim();
    Eigen::MatrixXd x(e.states.validPairs(), k + d + 1), y(e.states.validPairs(), k);
    Eigen::Index row = 0;
    for (int b = 0; b < r.batch; ++b)
        for (int t = 0; t + 1 < r.lengths[b]; ++t, ++row) {
            x.row(row) << r.reduced.row(b * r.time + t),
                Eigen::Map<const Eigen::RowVectorXf>(in.row(b, t + 1), d).cast<double>(), 1.0;
            y.row(row) = r.reduced.row(b * r.time + t + 1);
        }
    const Eigen::MatrixXd coef = x.colPivHouseholderQr().solve(y);
    CHECK((coef.topRows(k) - r.C).norm() < 1e-6 * r.C.norm());
    CHECK((coef.middleRows(k, d) - r.inputs->B).norm() < 1e-6 * r.inputs->B.norm());
    CHECK((coef.bottomRows(1) - r.inputs->offset).norm() < 1e-6 * (1 + r.inputs->offset.norm()));
    CHECK(r.residual == Approx((x * coef - y).norm() / y.norm()).epsilon(1e-5));
    CHECK(r.residual < r.inputs->residualAutonomous);

    // A lexicon that calls a word positive exactly when mode 0 pushes it up has polarity AUC 1.
    const Eigen::VectorXd valence = pieceValence(r, in.table, 0, modeOrientation(e, 0));
    Lexicon lexicon;
    for (int id = 1; id < static_cast<int>(valence.size()); ++id) {
        const std::string& word = e.tokenizer->vocab().token(id);
        lexicon.words.insert(word);
        lexicon.polarity[word] = valence(id) > 0 ? 1 : -1;
    }
    const VocabularyValence v = vocabularyValence(e, lexicon, 0, 3);
    CHECK(v.words == 39);
    CHECK(v.vocabularyWords == 39);  // "<unk>" is not a word
    CHECK(v.auc == 1.0);
    CHECK(v.positiveEnd.size() == 3);
    CHECK(v.positiveEnd.front().value == Approx(valence.tail(39).maxCoeff()));
    CHECK(v.negativeEnd.front().value == Approx(valence.tail(39).minCoeff()));
    const std::vector<ValencedWord> every = valencedVocabulary(e, 0);  // the studio's list: all 39, in vocabulary order
    REQUIRE(every.size() == 39);
    CHECK(every.front().word == lexiconForm(e.tokenizer->vocab().token(1)));
    CHECK(every.front().value == Approx(valence(1)));
    CHECK_THROWS_WITH(valencedVocabulary(runExploration(sentimentSpec()), 0), Catch::Contains("--fit inputs"));

    // The text view's input kick of a one-piece word is that word's valence, in the batch and typed.
    const std::vector<float> kicks = wordValues(e, 0, 0, Colouring::InputKick);
    const TokenizedText& review = e.tokenized[0];
    REQUIRE(kicks.size() == review.words.size());
    for (std::size_t w = 0; w < review.words.size(); ++w)
        CHECK(kicks[w] == Approx(valence(review.pieces[review.words[w].firstPiece].id)).margin(1e-5));
    const TextProbe probe = probeText(e, "great acting but a dull plot");
    const std::vector<float> typed = probeWordValues(e, probe, 0, Colouring::InputKick);
    CHECK(typed[1] == Approx(valence(e.tokenizer->vocab().find("acting"))).margin(1e-5));
    const Exploration autonomous = runExploration(sentimentSpec());
    CHECK(std::isnan(wordValues(autonomous, 0, 0, Colouring::InputKick)[0]));  // uncoloured without inputs

    InsightOptions o;
    o.horizon = 2;
    o.lexicon = lexicon;
    const auto j = nlohmann::json::parse(insightJson(e, runInsight(e, o)));
    CHECK(j["fit"] == "inputs");
    REQUIRE(j["vocabulary_valence"].size() == j["lexicon"]["modes"].size());
    CHECK(j["vocabulary_valence"][0]["auc"] == 1.0);
    CHECK(j["residual_autonomous"] == r.inputs->residualAutonomous);
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

namespace {

// Every number `streamed` shares with `held` (objects: their common keys but "skipped"; arrays:
// element by element) agrees to `tolerance` relative to its size; returns how many were compared.
int requireSameNumbers(const nlohmann::json& held, const nlohmann::json& streamed, double tolerance,
                       const std::string& at = "") {
    INFO(at);
    if (held.is_object()) {
        REQUIRE(streamed.is_object());
        int compared = 0;
        for (const auto& [key, value] : held.items())
            if (key != "skipped" && streamed.contains(key)) compared += requireSameNumbers(value, streamed[key], tolerance, at + "/" + key);
        return compared;
    }
    if (held.is_array()) {
        REQUIRE(streamed.is_array());
        REQUIRE(streamed.size() == held.size());
        int compared = 0;
        for (std::size_t i = 0; i < held.size(); ++i)
            compared += requireSameNumbers(held[i], streamed[i], tolerance, at + "/" + std::to_string(i));
        return compared;
    }
    if (held.is_number()) {
        REQUIRE(streamed.is_number());
        CHECK(streamed.get<double>() == Approx(held.get<double>()).epsilon(tolerance).margin(tolerance));
        return 1;
    }
    CHECK(streamed == held);
    return 0;
}

// The insight JSON of `spec`'s batch held and streamed, and the parts the streamed run skipped.
struct BothRoutes {
    nlohmann::json held, streamed;
    std::vector<std::string> skipped;
};

BothRoutes bothRoutes(SourceSpec spec, const InsightOptions& o) {
    spec.stream = StreamMode::Off;
    const Insight held = insightOfSource(spec, o);
    REQUIRE_FALSE(held.exploration.result.streamed);
    spec.stream = StreamMode::On;
    const Insight streamed = insightOfSource(spec, o);
    REQUIRE(streamed.exploration.result.streamed);
    return {nlohmann::json::parse(insightJson(held.exploration, held.report)),
            nlohmann::json::parse(insightJson(streamed.exploration, streamed.report)), streamed.report.skipped};
}

// How many of `skipped` name `part` and the option that computes it.
long skippedFor(const std::vector<std::string>& skipped, const std::string& part) {
    return std::count_if(skipped.begin(), skipped.end(), [&](const std::string& s) {
        return s.find(part) != std::string::npos && s.find("--stream off") != std::string::npos;
    });
}

}  // namespace

TEST_CASE("a streamed insight reports what the held one does and says what it leaves out", "[insight_report][streamed]") {
    InsightOptions o;
    o.horizon = 6;
    o.lexicon = Lexicon{{"test"}, {"w1", "w2", "w3", "w4", "w5"}};
    for (Fit fit : {Fit::Autonomous, Fit::Inputs}) {
        INFO(fitName(fit));
        SourceSpec spec = test::variedReviews();
        spec.analysis.fit = fit;
        const BothRoutes runs = bothRoutes(spec, o);
        CHECK(runs.held.contains("lexicon"));
        CHECK_FALSE(runs.streamed.contains("lexicon"));
        for (const char* part : {"prediction", "tracks", "readout", "ranking", "modes"}) CHECK(runs.streamed.contains(part));
        CHECK(requireSameNumbers(runs.held, runs.streamed, 1e-9) > 300);
        CHECK(skippedFor(runs.skipped, "lexicon check") == 1);
    }
}

TEST_CASE("a streamed insight of an autoencoder ranks its reconstructions and finds the held bands", "[insight_report][streamed]") {
    InsightOptions o;
    o.horizon = 4;
    const BothRoutes runs = bothRoutes(test::variedBeats(), o);
    REQUIRE(runs.held.contains("bands"));
    REQUIRE(runs.streamed.contains("bands"));
    CHECK(runs.streamed["bands"].size() == 3);
    CHECK(runs.streamed.contains("reconstruction_errors"));
    // A series' float unroll varies at rounding with the batch it runs in, and so its final states;
    // the bands of the same final states agree to the bit (final_states_test.cpp).
    CHECK(requireSameNumbers(runs.held, runs.streamed, 1e-5) > 100 + 3 * 40);
    CHECK(runs.streamed["bands"] == runs.held["bands"]);
    CHECK(skippedFor(runs.skipped, "series bands") == 0);
}

TEST_CASE("processes sharing a batch report what one streamed process does", "[insight_report][streamed]") {
    // Blocks of at most 400 steps (hidden 12), so that the processes unroll the single run's blocks.
    struct SmallBlocks {
        SmallBlocks() { setenv("KANN_STREAM_BLOCK_BYTES", "19200", 1); }
        ~SmallBlocks() { unsetenv("KANN_STREAM_BLOCK_BYTES"); }
    } smallBlocks;
    InsightOptions o;
    o.horizon = 6;
    for (SourceSpec spec : {test::variedReviews(), test::variedBeats()}) {
        INFO(spec.dataPath);
        spec.stream = StreamMode::On;
        const Insight one = insightOfSource(spec, o);
        REQUIRE(one.exploration.result.streamed->blocks >= 2);
        test::ThreadShare threads(2);
        std::vector<std::optional<Insight>> shared(2);
        std::vector<std::thread> processes;
        for (int rank = 0; rank < 2; ++rank)
            processes.emplace_back([&, rank] { shared[rank] = insightOfSource(spec, o, {}, threads.of(rank)); });
        for (std::thread& t : processes) t.join();
        const auto json = [](const Insight& i) { return nlohmann::json::parse(insightJson(i.exploration, i.report)); };
        for (const auto& process : shared) {
            REQUIRE(process);
            CHECK(json(*process)["skipped"] == json(one)["skipped"]);
            CHECK(requireSameNumbers(json(one), json(*process), 1e-9) > 100);
        }
        CHECK(json(*shared[0]).dump() == json(*shared[1]).dump());  // every process ends with the whole report
    }
}
