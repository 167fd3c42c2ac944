// Word sums of the lexicon check: a batch cut into parts, summed part by part (in any order) and
// merged, or shipped as bytes, gives the check and the ends of the batch summed whole.
#include "core/insight/lexicon_sums.h"

#include "core/common/error.h"
#include "core/pipeline/mode_colouring.h"
#include "../pipeline/varied_batches.h"
#include "test_support.h"

#include <algorithm>
#include <cmath>
#include <map>

using namespace kann;

namespace {

// Sequences `members` of a held exploration as a block of their own: their states copied out.
struct Part {
    std::vector<int> sequences;
    HiddenStates states;
    std::vector<TokenizedText> texts;
};

Part partOf(const Exploration& e, std::vector<int> members) {
    Part p;
    p.sequences = std::move(members);
    p.states.batch = static_cast<int>(p.sequences.size());
    p.states.time = e.states.time;
    p.states.dim = e.states.dim;
    for (int b : p.sequences) {
        p.states.values.insert(p.states.values.end(), e.states.row(b, 0), e.states.row(b, 0) + e.states.time * e.states.dim);
        p.states.lengths.push_back(e.states.lengths[b]);
        p.texts.push_back(e.tokenized[b]);
    }
    return p;
}

void addPart(LexiconSums& sums, const Exploration& e, const Part& p) {
    sums.add({e.result, p.states, p.texts, p.sequences, e.network.get(), false});
}

void requireSameCheck(const LexiconCheck& a, const LexiconCheck& b) {
    REQUIRE(a.words.size() == b.words.size());
    CHECK(a.lexiconWords == b.lexiconWords);
    for (std::size_t w = 0; w < a.words.size(); ++w) {
        INFO(a.words[w].word);
        REQUIRE(a.words[w].word == b.words[w].word);
        CHECK(a.words[w].occurrences == b.words[w].occurrences);
        for (std::size_t m = 0; m < a.modes.size(); ++m) CHECK(b.words[w].kick[m] == Approx(a.words[w].kick[m]).epsilon(1e-12));
        CHECK(b.words[w].hiddenChange == Approx(a.words[w].hiddenChange).epsilon(1e-12));
        CHECK(b.words[w].logitChange == Approx(a.words[w].logitChange).epsilon(1e-12));
    }
    for (std::size_t m = 0; m < a.modes.size(); ++m) CHECK(b.modeAuc[m] == Approx(a.modeAuc[m]).epsilon(1e-12));
    CHECK(b.hiddenChangeAuc == Approx(a.hiddenChangeAuc).epsilon(1e-12));
    CHECK(b.logitChangeAuc == Approx(a.logitChangeAuc).epsilon(1e-12));
}

struct Held {
    Exploration e;
    Lexicon lexicon{{"test"}, {"w1", "w2", "w3", "w4", "w5", "w6"}, {}};
    std::vector<int> modes{0, 1, 2};
};

Held held() {
    SourceSpec spec = test::variedReviews();
    spec.analysis.keepReduced = true;
    return {runExploration(spec)};
}

}  // namespace

TEST_CASE("the sums of two parts merged equal the sums of the whole batch", "[lexicon_sums]") {
    const Held h = held();
    const int batch = h.e.result.batch;
    const LexiconSums whole = lexiconSums(h.e, h.modes);
    // The second half summed first, so its words come first: the listing still follows the batch.
    std::vector<int> first, second;
    for (int b = 0; b < batch; ++b) (b < batch / 2 ? first : second).push_back(b);
    LexiconSums a(h.modes), b(h.modes);
    addPart(b, h.e, partOf(h.e, second));
    addPart(a, h.e, partOf(h.e, first));
    b.merge(a);
    const LexiconCheck expected = whole.check(h.lexicon, 3);
    REQUIRE(expected.words.size() > 30);
    CHECK(std::isfinite(expected.modeAuc[0]));
    requireSameCheck(expected, b.check(h.lexicon, 3));
    // The same in one block visited in another order.
    std::vector<int> reversed(second.rbegin(), second.rend());
    reversed.insert(reversed.end(), first.rbegin(), first.rend());
    LexiconSums shuffled(h.modes);
    addPart(shuffled, h.e, partOf(h.e, reversed));
    requireSameCheck(expected, shuffled.check(h.lexicon, 3));

    for (int j : h.modes) {
        const SignedEnds x = whole.ends(j, -1.0, 5, 3), y = b.ends(j, -1.0, 5, 3);
        REQUIRE(x.top.size() == 5);
        for (std::size_t w = 0; w < 5; ++w) {
            CHECK(y.top[w].word == x.top[w].word);
            CHECK(y.top[w].value == Approx(x.top[w].value).epsilon(1e-12));
            CHECK(y.bottom[w].word == x.bottom[w].word);
        }
        CHECK(x.top[0].value >= x.top[4].value);
        CHECK(x.bottom[0].value <= x.bottom[4].value);
    }
}

TEST_CASE("lexicon sums go through bytes unchanged and refuse what is not theirs", "[lexicon_sums]") {
    const Held h = held();
    const LexiconSums whole = lexiconSums(h.e, h.modes);
    const LexiconSums back = LexiconSums::deserialized(whole.serialized());
    CHECK(back.modes() == h.modes);
    CHECK(back.serialized().size() == whole.serialized().size());
    requireSameCheck(whole.check(h.lexicon, 1), back.check(h.lexicon, 1));

    const std::string bytes = whole.serialized();
    CHECK_THROWS_AS(LexiconSums::deserialized(bytes.substr(0, bytes.size() - 3)), InputError);
    CHECK_THROWS_AS(LexiconSums::deserialized(bytes + "x"), InputError);
    CHECK_THROWS_AS(LexiconSums::deserialized("not sums"), InputError);
    LexiconSums other({0, 1});
    CHECK_THROWS_AS(other.merge(whole), InputError);
    CHECK_THROWS_AS(whole.ends(7, 1.0, 5, 3), InputError);
    CHECK_THROWS_AS(whole.check(h.lexicon, 0), InputError);
}

TEST_CASE("a word's means are those of the colouring and the states at its occurrences", "[lexicon_sums]") {
    const Held h = held();
    const int j = 1;
    const LexiconSums one = lexiconSums(h.e, {j});
    const LexiconCheck check = one.check(h.lexicon, 1);
    const SignedEnds ends = one.ends(j, modeOrientation(h.e, j), 1000, 1);
    // By hand: every occurrence's kick and signed value as the views colour it, ‖Δh‖ from the states.
    struct Means { int n = 0; double kick = 0, value = 0, hidden = 0; };
    std::map<std::string, Means> byHand;
    const HiddenStates& s = h.e.states;
    for (int b = 0; b < h.e.result.batch; ++b) {
        const TokenizedText& text = h.e.tokenized[b];
        const auto kicks = wordValues(h.e, b, j, Colouring::Kick), values = wordValues(h.e, b, j, Colouring::Signed);
        for (std::size_t i = 0; i < text.words.size(); ++i) {
            const Word& word = text.words[i];
            Means& m = byHand[lexiconForm(text.text.substr(word.begin, word.end - word.begin))];
            const Eigen::Map<const Eigen::VectorXf> after(s.row(b, word.firstPiece + word.pieceCount - 1), s.dim);
            const Eigen::VectorXf before = word.firstPiece > 0
                ? Eigen::VectorXf(Eigen::Map<const Eigen::VectorXf>(s.row(b, word.firstPiece - 1), s.dim))
                : Eigen::VectorXf::Zero(s.dim);
            ++m.n, m.kick += kicks[i], m.value += values[i], m.hidden += (after - before).norm();
        }
    }
    REQUIRE(check.words.size() == byHand.size());
    REQUIRE(ends.top.size() == byHand.size());
    for (const WordScores& w : check.words) {
        INFO(w.word);
        const Means& m = byHand.at(w.word);
        CHECK(w.occurrences == m.n);
        CHECK(w.kick[0] == Approx(m.kick / m.n).epsilon(1e-9));
        CHECK(w.hiddenChange == Approx(m.hidden / m.n).epsilon(1e-6));
        const auto at = std::find_if(ends.top.begin(), ends.top.end(), [&](const WordValue& v) { return v.word == w.word; });
        REQUIRE(at != ends.top.end());
        CHECK(at->value == Approx(m.value / m.n).epsilon(1e-9).margin(1e-12));
    }
}
