// The lexicon check on a planted batch: a 1-D mode (λ = 0.5) where each word adds a known kick,
// so the kick colouring recovers it exactly; random lexicons score chance.
#include "core/insight/lexicon_check.h"

#include "core/insight/explorations.h"
#include "test_support.h"

#include <cmath>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>

using namespace kann;
using namespace kann::test;

namespace {

constexpr int kWords = 60, kPlanted = 20;

std::string wordName(int w) { return "w" + std::to_string(w); }

// Words w0..w19 kick the state by 2..3 (w even up, odd down); the rest by 0.2..0.7 either way.
// Every third word is two pieces; "rare!" appears twice only. Word forms vary in case and
// punctuation ("W4," is w4).
Exploration plantedBatch() {
    std::mt19937 gen(11);
    std::uniform_int_distribution<int> pickWord(0, kWords - 1);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const int batch = 50, wordsPerText = 30;
    std::vector<std::vector<double>> z(batch);
    std::vector<TokenizedText> texts(batch);
    for (int b = 0; b < batch; ++b) {
        double state = 0;
        for (int i = 0; i < wordsPerText; ++i) {
            const int w = pickWord(gen);
            const bool planted = w < kPlanted;
            const double size = planted ? 2 + u(gen) : 0.2 + 0.5 * u(gen);
            const double sign = planted ? (w % 2 ? -1 : 1) : (u(gen) < 0.5 ? -1 : 1);
            std::string form = i % 5 == 0 ? "W" + std::to_string(w) + "," : wordName(w);
            if (b < 2 && i == 0) form = "rare!";
            TokenizedText& text = texts[b];
            const int pieces = w % 3 == 0 ? 2 : 1;
            text.words.push_back(Word{text.text.size(), text.text.size() + form.size(),
                                      static_cast<int>(z[b].size()), pieces});
            text.text += form + " ";
            if (pieces == 2) z[b].push_back(state *= 0.5);
            z[b].push_back(state = 0.5 * state + sign * size);
        }
    }
    const int time = static_cast<int>(std::max_element(z.begin(), z.end(), [](auto& a, auto& c) {
                                          return a.size() < c.size(); })->size());
    HiddenStates s = HiddenStates::zeros(batch, time, 1);
    for (int b = 0; b < batch; ++b) {
        s.lengths[b] = static_cast<int>(z[b].size());
        for (int t = 0; t < s.lengths[b]; ++t) s.row(b, t)[0] = static_cast<float>(z[b][t]);
    }
    Exploration e;
    e.states = s;
    KoopmanResult& r = e.result;
    r.batch = batch, r.time = time, r.dim = 1, r.k = 1, r.lengths = s.lengths;
    r.basis = Eigen::MatrixXd::Ones(1, 1);
    r.mean = Eigen::RowVectorXd::Zero(1);
    r.reduced = s.matrix().cast<double>();
    r.eigenvalues = Eigen::VectorXcd::Constant(1, 0.5);
    r.V = r.U = Eigen::MatrixXcd::Ones(1, 1);
    r.partner = {-1};
    r.sequenceFinal = s.lastValidStates().cast<double>();  // φ = z: each one's final φ, as the analysis keeps it
    e.tokenized = texts;
    e.network = std::make_shared<LinearReadout>(Eigen::VectorXf::Ones(1));
    e.readoutLogits = e.network->readout(s.lastValidStates());
    return e;
}

Lexicon lexiconOf(const std::vector<int>& words) {
    Lexicon l;
    for (int w : words) l.words.insert(wordName(w));
    return l;
}

std::filesystem::path writeFile(const std::string& name, const std::string& content) {
    const auto path = std::filesystem::temp_directory_path() / name;
    std::ofstream(path) << content;
    return path;
}

}  // namespace

TEST_CASE("words are compared case folded without surrounding punctuation", "[lexicon_check]") {
    CHECK(lexiconForm("Great!") == "great");
    CHECK(lexiconForm("(GOOD),") == "good");
    CHECK(lexiconForm("2-faced") == "2-faced");
    CHECK(lexiconForm("can't") == "can't");
    CHECK(lexiconForm("ÉTÉ.") == "été");
    CHECK(lexiconForm("...") == "");
}

TEST_CASE("the planted lexicon is found with AUC 1 by the mode's kicks", "[lexicon_check]") {
    const Exploration e = plantedBatch();
    std::vector<int> planted(kPlanted);
    std::iota(planted.begin(), planted.end(), 0);
    const LexiconCheck check = lexiconCheck(e, lexiconOf(planted), {0});
    CHECK(check.words.size() == kWords);  // "rare" appears twice: below the minimum of 3
    CHECK(check.lexiconWords == kPlanted);
    CHECK(check.modeAuc[0] == 1.0);
    for (const WordScores& w : check.words) {
        CHECK(w.occurrences >= 3);
        CHECK(w.kick[0] == Approx(w.inLexicon ? 2.5 : 0.45).margin(0.5));
    }
    // The baselines see the same words through the decay of the state: good, not perfect.
    CHECK(check.hiddenChangeAuc > 0.8);
    CHECK(check.logitChangeAuc == Approx(check.hiddenChangeAuc));  // logit = h here
    CHECK(bestLexiconMode(check) == 0);
}

TEST_CASE("a random lexicon scores chance whatever the batch", "[lexicon_check]") {
    const Exploration e = plantedBatch();
    std::mt19937 gen(4);
    std::vector<int> all(kWords);
    std::iota(all.begin(), all.end(), 0);
    double modeSum = 0, hiddenSum = 0;
    const int draws = 100;
    for (int i = 0; i < draws; ++i) {
        std::shuffle(all.begin(), all.end(), gen);
        const LexiconCheck check = lexiconCheck(e, lexiconOf({all.begin(), all.begin() + kWords / 2}), {0});
        modeSum += check.modeAuc[0];
        hiddenSum += check.hiddenChangeAuc;
    }
    CHECK(modeSum / draws == Approx(0.5).margin(0.03));
    CHECK(hiddenSum / draws == Approx(0.5).margin(0.03));
}

TEST_CASE("the signed scale puts the upward words at the top and the downward at the bottom", "[lexicon_check]") {
    const SignedEnds ends = signedEnds(plantedBatch(), 0, 5);
    REQUIRE(ends.top.size() == 5);
    REQUIRE(ends.bottom.size() == 5);
    for (const WordValue& w : ends.top) {
        const int id = std::stoi(w.word.substr(1));
        CHECK((id < kPlanted && id % 2 == 0));
    }
    for (const WordValue& w : ends.bottom) {
        const int id = std::stoi(w.word.substr(1));
        CHECK((id < kPlanted && id % 2 == 1));
    }
    CHECK(ends.top.front().value > ends.top.back().value);
    CHECK(ends.bottom.front().value < ends.bottom.back().value);
}

TEST_CASE("word lists in Hu & Liu and AFINN form; missing or empty ones are refused", "[lexicon_check]") {
    const auto liu = writeFile("kann_liu.txt", ";;; header comment\n\nabound\nGood\n");
    const auto afinn = writeFile("kann_afinn.txt", "abandon\t-2\ncan't stand\t-3\nwow\t4\n");
    const Lexicon l = readLexicon({liu.string(), afinn.string()});
    CHECK(l.words == std::set<std::string>{"abound", "good", "abandon", "wow"});
    CHECK(l.sources.size() == 2);
    const auto empty = writeFile("kann_empty_lexicon.txt", ";; only a comment\n");
    CHECK_THROWS_WITH(readLexicon({empty.string()}), Catch::Contains("kann_empty_lexicon.txt") && Catch::Contains("no word"));
    CHECK_THROWS_WITH(readLexicon({"/nonexistent/words.txt"}), Catch::Contains("/nonexistent/words.txt"));
    CHECK_THROWS_WITH(opinionLexicon("/nonexistent"), Catch::Contains("positive-words.txt"));
}

TEST_CASE("word lists give polarity by Hu & Liu's file names and AFINN's score signs", "[lexicon_check]") {
    const auto positive = writeFile("kann_positive-words.txt", "good\nsharp\n");
    const auto negative = writeFile("kann_negative-words.txt", "bad\nsharp\n");
    const auto afinn = writeFile("kann_afinn_scores.txt", "abandon\t-2\nwow\t4\nmeh\t0\n");
    const Lexicon l = readLexicon({positive.string(), negative.string(), afinn.string()});
    CHECK(l.polarity == std::map<std::string, int>{{"good", 1}, {"bad", -1}, {"abandon", -1}, {"wow", 1}});
    CHECK(l.words.count("sharp"));  // listed both ways: a lexicon word without a polarity
}

TEST_CASE("the shared opinion lexicons read as one word set", "[lexicon_check]") {
    KANN_REQUIRE_SHARED("opinion-lexicon/positive-words.txt", positive);
    const Lexicon l = opinionLexicon(positive.parent_path().string());
    CHECK(l.sources.size() == 3);
    CHECK(l.words.count("good"));
    CHECK(l.words.count("abandon"));  // AFINN only
    CHECK(l.words.count("2-faced"));
    CHECK(l.words.size() > 6000);
    CHECK(readLexicon({positive.parent_path().string()}).words == l.words);  // a folder stands for its lists
    CHECK(l.polarity.at("good") == 1);
    CHECK(l.polarity.at("abandon") == -1);
}

TEST_CASE("the lexicon check refuses series and bad modes", "[lexicon_check]") {
    Exploration e = plantedBatch();
    CHECK_THROWS_WITH(lexiconCheck(e, Lexicon{}, {1}), Catch::Contains("mode"));
    CHECK_THROWS_WITH(lexiconCheck(e, Lexicon{}, {0}, 0), Catch::Contains("occurrences"));
    e.tokenized.clear();
    CHECK_THROWS_WITH(lexiconCheck(e, Lexicon{}, {0}), Catch::Contains("text"));
}
