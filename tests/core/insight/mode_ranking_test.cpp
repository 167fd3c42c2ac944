// Mode ranking on states built from three decoupled modes whose amplitudes are set by the label.
#include "core/insight/mode_ranking.h"

#include "core/analysis/synthetic.h"
#include "core/insight/explorations.h"
#include "core/pipeline/varied_batches.h"
#include "test_support.h"

#include <cmath>

using namespace kann;
using namespace kann::test;

namespace {

const double kLambda[3] = {0.9, 0.5, -0.3};

// h(t) = Σ_j a_j λ_j^t e_j with orthonormal e_j: mode 0.9 is large for label 1, mode 0.5 large for
// label 0, mode -0.3 random whatever the label. Every sequence 20 steps.
Exploration labelledModes(std::vector<double>& firstAmplitude) {
    std::mt19937 gen(5);
    const Eigen::MatrixXd embed = orthonormalRows(3, 8, gen);
    std::uniform_real_distribution<double> jitter(-0.2, 0.2), anything(0.5, 3.0);
    const int batch = 40, time = 20;
    HiddenStates s = HiddenStates::zeros(batch, time, 8);
    std::vector<int> labels;
    for (int b = 0; b < batch; ++b) {
        const int label = b % 2;
        const double a[3] = {(label ? 3.0 : 1.0) + jitter(gen), (label ? 1.0 : 3.0) + jitter(gen), anything(gen)};
        firstAmplitude.push_back(a[0]);
        for (int t = 0; t < time; ++t) {
            Eigen::RowVectorXd h = Eigen::RowVectorXd::Zero(8);
            for (int j = 0; j < 3; ++j) h += a[j] * std::pow(kLambda[j], t) * embed.row(j);
            Eigen::Map<Eigen::RowVectorXf>(s.row(b, t), 8) = h.cast<float>();
        }
        labels.push_back(label);
    }
    Exploration e = explorationOf(std::move(s), 3);
    e.input.labels = labels;
    return e;
}

int modeOf(const Exploration& e, double lambda) {
    for (int j = 0; j < e.result.k; ++j)
        if (std::abs(e.result.eigenvalues(j) - lambda) < 1e-4) return j;
    FAIL("no eigenvalue " << lambda);
    return -1;
}

}  // namespace

TEST_CASE("the modes set by the label separate it perfectly, each its own way", "[mode_ranking]") {
    std::vector<double> amplitude;
    const Exploration e = labelledModes(amplitude);
    const int up = modeOf(e, 0.9), down = modeOf(e, 0.5), noise = modeOf(e, -0.3);
    const ModeRanking m = rankModes(e);
    CHECK(m.positiveLabel == 1);
    CHECK(m.positives == 20);
    CHECK(m.negatives == 20);
    CHECK(m.scores[up].auc == 1.0);
    CHECK(m.scores[up].sign == 1);
    CHECK(m.scores[down].auc == 0.0);
    CHECK(m.scores[down].sign == -1);
    CHECK(m.scores[down].separation == 1.0);
    CHECK(m.scores[noise].separation < 0.8);
    CHECK(m.bestPositive == up);
    CHECK(m.bestNegative == down);
    CHECK(m.byAuc.back() == noise);
    CHECK(m.byCorrelation.empty());  // no readout
}

TEST_CASE("modes are ranked by correlation with the readout logit", "[mode_ranking]") {
    std::vector<double> amplitude;
    Exploration e = labelledModes(amplitude);
    // A logit that is an affine function of mode 0.9's amplitude, hence of its mean |φ|.
    e.readoutLogits.resize(e.result.batch, 1);
    for (int b = 0; b < e.result.batch; ++b) e.readoutLogits(b, 0) = static_cast<float>(1 - 2 * amplitude[b]);
    const ModeRanking m = rankModes(e);
    const int up = modeOf(e, 0.9);
    CHECK(m.byCorrelation.front() == up);
    CHECK(m.scores[up].logitCorrelation == Approx(-1.0).epsilon(1e-5));
}

TEST_CASE("ranking needs two labels or a chosen positive label", "[mode_ranking]") {
    std::vector<double> amplitude;
    Exploration e = labelledModes(amplitude);
    e.input.labels[0] = 2;  // three labels now
    CHECK_THROWS_WITH(rankModes(e), Catch::Contains("3 distinct labels"));
    CHECK(rankModes(e, 1).positiveLabel == 1);  // one against the rest
    CHECK_THROWS_WITH(rankModes(e, 7), Catch::Contains("label 7"));
    e.input.labels.clear();
    CHECK_THROWS_WITH(rankModes(e), Catch::Contains("no labels"));
}

TEST_CASE("a streamed run ranks the modes as the run that holds the states", "[mode_ranking][streamed]") {
    SourceSpec spec = variedReviews();
    const Exploration held = runExploration(spec);
    spec.stream = StreamMode::On;
    const Exploration streamed = runAnalysis(spec);  // one block, in order of length
    REQUIRE(streamed.result.streamed);
    REQUIRE(streamed.result.reduced.size() == 0);
    const ModeRanking a = rankModes(held), b = rankModes(streamed);
    CHECK(b.positives == a.positives);
    CHECK(b.negatives == a.negatives);
    REQUIRE(b.scores.size() == a.scores.size());
    for (std::size_t j = 0; j < a.scores.size(); ++j) {
        CHECK(b.scores[j].auc == Approx(a.scores[j].auc).margin(1e-9));
        CHECK(b.scores[j].logitCorrelation == Approx(a.scores[j].logitCorrelation).margin(1e-9));
    }
    CHECK(b.byAuc == a.byAuc);
    CHECK(b.byCorrelation == a.byCorrelation);
    // A fit from moments alone has nothing per sequence to rank.
    Exploration moments = streamed;
    moments.result.sequenceMagnitude.resize(0, 0);
    CHECK_THROWS_WITH(rankModes(moments), Catch::Contains("moments"));
}
