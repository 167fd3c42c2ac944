// Colourings checked by hand on a one-dimensional Koopman result: phi = Zp (V = 1), lambda = 0.5.
#include "core/pipeline/mode_colouring.h"

#include "core/common/error.h"
#include "test_support.h"

#include <cmath>

using namespace kann;

namespace {

// Two sequences of one-dimensional reduced states: [1, 2, 3, 4] and [-1, -2, 0, 0] (length 2).
Exploration handMadeExploration() {
    Exploration e;
    KoopmanResult& r = e.result;
    r.batch = 2;
    r.time = 4;
    r.dim = 1;
    r.k = 1;
    r.lengths = {4, 2};
    r.basis = Eigen::MatrixXd::Ones(1, 1);
    r.mean = Eigen::RowVectorXd::Zero(1);
    r.reduced.resize(8, 1);
    r.reduced << 1, 2, 3, 4, -1, -2, 0, 0;
    r.eigenvalues = Eigen::VectorXcd::Constant(1, 0.5);
    r.V = Eigen::MatrixXcd::Ones(1, 1);
    r.U = r.V;
    r.partner = {-1};
    r.sequenceFinal.resize(2, 1);
    r.sequenceFinal << 4, -2;  // Re phi at each one's last valid step, as the analysis keeps it
    // Review 0: "good movie" where "movie" is three pieces (m ##ov ##ie); review 1: one word, two pieces.
    TokenizedText a, b;
    a.words = {Word{0, 4, 0, 1}, Word{5, 10, 1, 3}};
    b.words = {Word{0, 3, 0, 2}};
    e.tokenized = {a, b};
    return e;
}

}  // namespace

TEST_CASE("magnitude colours each word by |phi| at its last piece", "[mode_colouring]") {
    const Exploration e = handMadeExploration();
    const auto words = wordValues(e, 0, 0, Colouring::Magnitude);
    REQUIRE(words.size() == 2);
    CHECK(words[0] == Approx(1.0));
    CHECK(words[1] == Approx(4.0));
    CHECK(wordValues(e, 1, 0, Colouring::Magnitude)[0] == Approx(2.0));
}

TEST_CASE("kick is what a word changed beyond the mode's own decay", "[mode_colouring]") {
    const Exploration e = handMadeExploration();
    const auto words = wordValues(e, 0, 0, Colouring::Kick);
    CHECK(words[0] == Approx(1.0));                        // |1 - 0.5 * 0|: the unroll starts at zero
    CHECK(words[1] == Approx(4.0 - 0.125 * 1.0));          // |4 - 0.5^3 * 1| over three pieces
    const auto steps = stepValues(e, 0, 0, Colouring::Kick);
    REQUIRE(steps.size() == 4);
    CHECK(steps[1] == Approx(1.5));
    CHECK(steps[3] == Approx(2.5));
    CHECK(stepValues(e, 1, 0, Colouring::Kick).size() == 2);  // padding has no value
}

TEST_CASE("PCA's centering moves the state every unroll starts from", "[mode_colouring]") {
    Exploration e = handMadeExploration();
    e.result.mean(0) = 1.0;  // the zero state reduces to -1
    CHECK(stepValues(e, 0, 0, Colouring::Kick)[0] == Approx(1.5));
}

TEST_CASE("signed values are oriented to agree with the readout", "[mode_colouring]") {
    Exploration e = handMadeExploration();
    CHECK(modeOrientation(e, 0) == 1.0);  // no readout
    CHECK(wordValues(e, 0, 0, Colouring::Signed)[1] == Approx(4.0));
    e.readoutLogits.resize(2, 1);
    e.readoutLogits << -3.0f, 2.0f;  // final phi 4 reads negative, -2 reads positive
    CHECK(modeOrientation(e, 0) == -1.0);
    CHECK(wordValues(e, 0, 0, Colouring::Signed)[1] == Approx(-4.0));
    e.modeSigns = Eigen::VectorXd::Ones(1);  // a page's: its whole batch's orientation wins
    CHECK(modeOrientation(e, 0) == 1.0);
    CHECK(wordValues(e, 0, 0, Colouring::Signed)[1] == Approx(4.0));
}

TEST_CASE("a result without per-sequence summaries cannot be oriented", "[mode_colouring]") {
    Exploration e = handMadeExploration();
    e.readoutLogits.resize(2, 1);
    e.readoutLogits << -3.0f, 2.0f;
    e.result.sequenceFinal.resize(0, 0);  // a fit from moments alone
    CHECK_THROWS_AS(modeOrientation(e, 0), InputError);
}

TEST_CASE("words cut off by the batch length have no value", "[mode_colouring]") {
    Exploration e = handMadeExploration();
    e.tokenized[1].words.push_back(Word{4, 8, 2, 1});  // a second word beyond length 2
    const auto words = wordValues(e, 1, 0, Colouring::Magnitude);
    CHECK(std::isnan(words[1]));
}

TEST_CASE("bad sequence or mode indices are refused by name", "[mode_colouring]") {
    const Exploration e = handMadeExploration();
    CHECK_THROWS_WITH(stepValues(e, 2, 0, Colouring::Magnitude), Catch::Contains("sequence"));
    CHECK_THROWS_WITH(stepValues(e, 0, 1, Colouring::Magnitude), Catch::Contains("mode"));
    CHECK_THROWS_WITH(decodeBatch(e, 0, ReconstructionForm::ExactRealPart), Catch::Contains("no decoder"));
}

TEST_CASE("median band takes the median and MAD over the sequences long enough", "[mode_colouring]") {
    RowMatrixXf series(3, 2);
    series << 1, 2, 3, 4, 5, 6;
    const MedianBand band = medianBand(series, {2, 2, 1});
    CHECK(band.median[0] == Approx(3.0));
    CHECK(band.mad[0] == Approx(2.0));
    CHECK(band.median[1] == Approx(3.0));  // {2, 4}
    CHECK(band.mad[1] == Approx(1.0));
}

namespace {

// A network whose states run in reversed time, as a bidirectional stack's backward direction.
class ReversedNetwork : public Network {
public:
    ReversedNetwork() { info_.timeReversed = true; }
    const NetworkInfo& info() const override { return info_; }
    HiddenStates unroll(const InputBatch&, const Progress&) const override { return {}; }

private:
    NetworkInfo info_;
};

}  // namespace

TEST_CASE("states in reversed time are coloured back onto their tokens", "[mode_colouring]") {
    Exploration e = handMadeExploration();
    e.network = std::make_shared<ReversedNetwork>();
    // Step t of review 0 (length 4) belongs to token 3 - t: |phi| = 1, 2, 3, 4 read backwards.
    CHECK(stepValues(e, 0, 0, Colouring::Magnitude) == std::vector<float>{4, 3, 2, 1});
    // "good" (token 0) is read last, at step 3; "movie" (tokens 1..3) at steps 0..2, from nothing.
    CHECK(wordValues(e, 0, 0, Colouring::Magnitude) == std::vector<float>{4, 3});
    const auto kick = wordValues(e, 0, 0, Colouring::Kick);
    CHECK(kick[0] == Approx(std::abs(4 - 0.5 * 3)));
    CHECK(kick[1] == Approx(3));
}
