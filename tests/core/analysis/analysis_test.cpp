// The whole pipeline against analytic truth: linear dynamics of known spectrum in disguise.
#include "core/analysis/analysis.h"

#include "core/common/error.h"
#include "synthetic.h"

#include <catch2/catch.hpp>
#include <limits>

using namespace kann;

namespace {

// Pairs on and inside the unit circle, and real eigenvalues of both signs (distinct moduli).
const test::Eigenvalues kEigen = {{std::cos(0.7), std::sin(0.7)}, {0.97, 0.0}, {0.9 * std::cos(2.1), 0.9 * std::sin(2.1)},
                               {-0.8, 0.0}};
constexpr int kLatent = 6;

AnalysisOptions withK(int k) {
    AnalysisOptions o;
    o.k = k;
    return o;
}

void requireSpectrum(const KoopmanResult& r, const test::Eigenvalues& expected, double tol) {
    REQUIRE(r.eigenvalues.size() == static_cast<Eigen::Index>(expected.size()));
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("eigenvalue " << i << ": " << r.eigenvalues(i) << " expected " << expected[i]);
        CHECK(std::abs(r.eigenvalues(i) - expected[i]) < tol);
    }
}

struct Scenario {
    std::mt19937 gen{31};
    Eigen::MatrixXd map = test::linearMap(kEigen, gen);
    Eigen::MatrixXd embed = test::orthonormalRows(kLatent, 24, gen);
};

}  // namespace

TEST_CASE("Known spectrum comes back to 1e-8 from embedded, variable-length states", "[analysis]") {
    Scenario sc;
    const HiddenStates s = test::simulate(sc.map, sc.embed, 60, test::randomLengths(40, 15, 60, sc.gen), sc.gen);
    // (PCA is not here: centring turns the linear map into an affine one.)
    for (Reduction how : {Reduction::Svd, Reduction::RandomizedSvd}) {
        AnalysisOptions o = withK(kLatent);
        o.reduction = how;
        INFO(reductionName(how));
        const KoopmanResult r = analyze(s, o);
        requireSpectrum(r, test::expectedOrder(kEigen), 1e-8);
        CHECK(r.partner == std::vector<int>{1, 0, -1, 4, 3, -1});
        CHECK(r.residual < 1e-6);
        CHECK(r.eigenResidual.maxCoeff() < 1e-6);
        CHECK(r.masked);
        CHECK(r.reduction == how);
    }
}

TEST_CASE("Streaming: sequences cut by block boundaries give the analysis of the whole", "[analysis]") {
    Scenario sc;
    // ~4500 valid rows: several blocks of the streaming passes, sequences split across them.
    const HiddenStates s = test::simulate(sc.map, sc.embed, 60, test::randomLengths(120, 15, 60, sc.gen), sc.gen);
    AnalysisOptions o = withK(kLatent);
    const KoopmanResult kept = analyze(s, o);
    o.keepReduced = false;
    const KoopmanResult streamed = analyze(s, o);
    requireSpectrum(streamed, test::expectedOrder(kEigen), 1e-8);
    CHECK(streamed.eigenResidual.maxCoeff() < 1e-6);
    CHECK(streamed.reduced.size() == 0);
    CHECK((streamed.eigenvalues - kept.eigenvalues).cwiseAbs().maxCoeff() == 0.0);
    CHECK((streamed.dominance - kept.dominance).cwiseAbs().maxCoeff() < 1e-10 * kept.dominance.maxCoeff());
    CHECK((streamed.eigenResidual - kept.eigenResidual).cwiseAbs().maxCoeff() < 1e-8);
    // Dominance against |phi| summed directly from the kept Zp (Eq. 10).
    for (int j = 0; j < kept.k; ++j) {
        const double direct = modeMagnitude(kept, j).cast<double>().sum() / kept.batch;
        CHECK(kept.dominance(j) == Approx(direct).epsilon(1e-5));
    }
    // Each sequence's mean |φ| against Zp·V over its valid rows.
    REQUIRE(kept.sequenceMagnitude.rows() == kept.batch);
    for (int b = 0; b < kept.batch; ++b) {
        const auto rows = kept.reduced.middleRows(static_cast<Eigen::Index>(b) * kept.time, kept.lengths[b]);
        const Eigen::RowVectorXd direct = (rows.cast<std::complex<double>>() * kept.V).cwiseAbs().colwise().mean();
        CHECK((kept.sequenceMagnitude.row(b) - direct).norm() < 1e-10 * direct.norm());
    }
    CHECK((streamed.sequenceMagnitude - kept.sequenceMagnitude).norm() < 1e-10 * kept.sequenceMagnitude.norm());
}

TEST_CASE("The default k is min(valid pairs, dim) - 1", "[analysis]") {
    std::mt19937 gen(32);
    HiddenStates wide = HiddenStates::zeros(3, 10, 8);
    for (float& v : wide.values) v = std::uniform_real_distribution<float>(-1, 1)(gen);
    wide.lengths = {10, 4, 2};  // 9 + 3 + 1 = 13 pairs > 8 dims
    CHECK(analyze(wide, {}).k == 7);
    wide.lengths = {3, 2, 2};  // 2 + 1 + 1 = 4 pairs < 8 dims
    CHECK(analyze(wide, {}).k == 3);
    AnalysisOptions padded;
    padded.includePadding = true;  // 27 pairs
    const KoopmanResult r = analyze(wide, padded);
    CHECK(r.k == 7);
    CHECK_FALSE(r.masked);
    CHECK(r.lengths == std::vector<int>{10, 10, 10});
}

TEST_CASE("Masking: padding content and sequences appended after a discontinuity change nothing", "[analysis]") {
    Scenario sc;
    const std::vector<int> lengths = test::randomLengths(20, 10, 40, sc.gen);
    std::mt19937 replay = sc.gen;
    const HiddenStates zeroPadded = test::simulate(sc.map, sc.embed, 40, lengths, sc.gen, 0.0f);
    const HiddenStates junkPadded = test::simulate(sc.map, sc.embed, 40, lengths, replay, 37.5f);
    const KoopmanResult a = analyze(zeroPadded, withK(kLatent)), b = analyze(junkPadded, withK(kLatent));
    CHECK(a.singularValues.isApprox(b.singularValues, 1e-14));
    CHECK(a.C.isApprox(b.C, 1e-12));
    CHECK(a.dominance.isApprox(b.dominance, 1e-12));

    // The same sequences, each followed in memory by another one (full length: no gap between
    // them): the spectrum is still exact, so no pair crossed a boundary.
    const HiddenStates backToBack = test::simulate(sc.map, sc.embed, 40, std::vector<int>(20, 40), sc.gen);
    requireSpectrum(analyze(backToBack, withK(kLatent)), test::expectedOrder(kEigen), 1e-8);

    // Fitting over the padding (the reference notebook's behaviour) does see the junk.
    AnalysisOptions padded = withK(kLatent);
    padded.includePadding = true;
    CHECK_FALSE(analyze(junkPadded, padded).C.isApprox(a.C, 1e-3));
}

TEST_CASE("A planted spurious eigenvalue has a large eigenpair residual", "[analysis]") {
    // Two extra directions of white noise: the fit gives them eigenvalues, the dynamics none.
    Scenario sc;
    HiddenStates s = test::simulate(sc.map, sc.embed, 50, test::randomLengths(30, 30, 50, sc.gen), sc.gen);
    const Eigen::MatrixXd noiseDirections = test::orthonormalRows(kLatent + 2, 24, sc.gen).bottomRows(2);
    // Keep the noise orthogonal to the dynamics' subspace.
    const Eigen::MatrixXd clean = (noiseDirections - noiseDirections * sc.embed.transpose() * sc.embed);
    const Eigen::MatrixXd noise = clean.householderQr().householderQ() * Eigen::MatrixXd::Identity(2, 24);
    std::normal_distribution<double> normal;
    for (int b = 0; b < s.batch; ++b)
        for (int t = 0; t < s.lengths[b]; ++t) {
            Eigen::Map<Eigen::RowVectorXf> row(s.row(b, t), s.dim);
            row += (0.5 * Eigen::RowVector2d(normal(sc.gen), normal(sc.gen)) * noise).cast<float>();
        }
    const KoopmanResult r = analyze(s, withK(kLatent + 2));
    int spurious = 0;
    for (int j = 0; j < r.k; ++j) {
        const bool isTrue = std::any_of(kEigen.begin(), kEigen.end(), [&](auto l) {
            return std::abs(r.eigenvalues(j) - l) < 1e-6 || std::abs(r.eigenvalues(j) - std::conj(l)) < 1e-6;
        });
        INFO("eigenvalue " << r.eigenvalues(j) << " residual " << r.eigenResidual(j));
        if (isTrue) {
            CHECK(r.eigenResidual(j) < 1e-5);
        } else {
            ++spurious;
            CHECK(std::abs(r.eigenvalues(j)) < 0.2);
            CHECK(r.eigenResidual(j) > 0.5);
        }
    }
    CHECK(spurious == 2);
}

TEST_CASE("Bad states and options are refused with what is wrong", "[analysis]") {
    std::mt19937 gen(33);
    HiddenStates good = HiddenStates::zeros(4, 12, 6);
    for (float& v : good.values) v = std::uniform_real_distribution<float>(-1, 1)(gen);
    good.lengths = {12, 9, 5, 12};
    REQUIRE_NOTHROW(analyze(good, {}));

    CHECK_THROWS_AS(analyze(HiddenStates{}, {}), InputError);  // empty
    HiddenStates bad = good;
    bad.values.pop_back();
    CHECK_THROWS_WITH(analyze(bad, {}), Catch::Contains("not batch*time*dim"));
    bad = good;
    bad.lengths[1] = 13;
    CHECK_THROWS_WITH(analyze(bad, {}), Catch::Contains("sequence 1 has length 13"));
    bad.lengths = {12, 9, 5};
    CHECK_THROWS_AS(analyze(bad, {}), InputError);
    bad = good;
    bad.row(2, 3)[4] = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_WITH(analyze(bad, {}), Catch::Contains("non-finite") && Catch::Contains("sequence 2, step 3"));
    bad.row(2, 3)[4] = std::numeric_limits<float>::infinity();
    CHECK_THROWS_AS(analyze(bad, {}), InputError);

    // Non-finite padding is ignored by the masked fit, refused when padding is included.
    bad = good;
    bad.row(2, 8)[0] = std::numeric_limits<float>::quiet_NaN();
    const KoopmanResult masked = analyze(bad, {});
    CHECK(masked.C.allFinite());
    AnalysisOptions padded;
    padded.includePadding = true;
    CHECK_THROWS_WITH(analyze(bad, padded), Catch::Contains("padding") && Catch::Contains("sequence 2, step 8"));

    for (int k : {0, -2, 7, 100}) {
        INFO("k = " << k);
        CHECK_THROWS_WITH(analyze(good, withK(k)), Catch::Contains("--k") && Catch::Contains("outside 1..6"));
    }

    HiddenStates tiny = good;
    tiny.lengths = {1, 1, 2, 1};  // a single pair
    CHECK_THROWS_WITH(analyze(tiny, {}), Catch::Contains("only 1 consecutive pairs"));
    tiny.lengths = {1, 1, 1, 1};
    CHECK_THROWS_AS(analyze(tiny, {}), AnalysisError);

    // States of rank 2 in 6 dimensions: the default k shrinks to the rank, an explicit k = 5 is
    // refused with the rank, k = 2 works.
    HiddenStates lowRank = good;
    for (int i = 0; i < 48; ++i)
        for (int d = 2; d < 6; ++d) lowRank.values[i * 6 + d] = lowRank.values[i * 6] * static_cast<float>(d);
    CHECK(analyze(lowRank, {}).k == 2);
    CHECK_THROWS_WITH(analyze(lowRank, withK(5)), Catch::Contains("choose k <= 2"));
    CHECK_NOTHROW(analyze(lowRank, withK(2)));
    CHECK_THROWS_AS(analyze(HiddenStates::zeros(2, 5, 3), {}), AnalysisError);
}

TEST_CASE("Progress reports the four stages in order, timings name them, cancel stops", "[analysis]") {
    Scenario sc;
    const HiddenStates s = test::simulate(sc.map, sc.embed, 30, std::vector<int>(10, 30), sc.gen);
    std::vector<std::string> stages;
    Progress progress;
    progress.report = [&](std::int64_t done, std::int64_t total, const std::string& stage) {
        CHECK(total == 4);
        CHECK(done == static_cast<std::int64_t>(stages.size()));
        stages.push_back(stage);
    };
    const KoopmanResult r = analyze(s, withK(kLatent), progress);
    CHECK(stages == std::vector<std::string>{"reduce", "fit", "eig", "project", "done"});
    for (const char* stage : {"reduce", "fit", "eig", "project", "total"}) {
        INFO(stage);
        REQUIRE(r.timingsMs.count(stage) == 1);
        CHECK(r.timingsMs.at(stage) >= 0.0);
    }

    std::atomic<bool> cancel{false};
    Progress cancelling;
    cancelling.cancel = &cancel;
    cancelling.report = [&](std::int64_t, std::int64_t, const std::string& stage) {
        if (stage == "fit") cancel = true;
    };
    CHECK_THROWS_AS(analyze(s, withK(kLatent), cancelling), Cancelled);
}

TEST_CASE("Degenerate states are explained, never shown as a spectrum of zeros", "[analysis]") {
    std::mt19937 gen(12);
    std::uniform_real_distribution<float> uniform(-1, 1);
    // Every valid state the same vector: nothing moves, with or without centring.
    HiddenStates equal = HiddenStates::zeros(3, 10, 5);
    equal.lengths = {10, 7, 4};
    const std::vector<float> c = {0.5f, -0.25f, 1.0f, 0.0f, 2.0f};
    for (int b = 0; b < 3; ++b)
        for (int t = 0; t < equal.lengths[b]; ++t) std::copy(c.begin(), c.end(), equal.row(b, t));
    AnalysisOptions pca;
    pca.reduction = Reduction::Pca;
    for (const AnalysisOptions& options : {AnalysisOptions{}, pca, withK(1)}) {
        CHECK_THROWS_WITH(analyze(equal, options), Catch::Contains("all 21 valid states are the same vector") &&
                                                       Catch::Contains("no dynamics to fit"));
    }
    CHECK_THROWS_WITH(analyze(HiddenStates::zeros(2, 5, 3), {}), Catch::Contains("all 10 valid states are zero"));

    // Rank one: z(b, t) = a_b 0.8^t v. The default k stops at the rank and finds the one eigenvalue;
    // a larger k asked for is refused with the rank.
    HiddenStates rankOne = HiddenStates::zeros(4, 9, 6);
    std::vector<float> v(6);
    for (float& x : v) x = uniform(gen);
    for (int b = 0; b < 4; ++b) {
        const float a = 1.0f + static_cast<float>(b);
        for (int t = 0; t < 9; ++t)
            for (int i = 0; i < 6; ++i) rankOne.row(b, t)[i] = a * std::pow(0.8f, static_cast<float>(t)) * v[i];
    }
    const KoopmanResult r = analyze(rankOne, {});
    CHECK(r.k == 1);
    REQUIRE(r.eigenvalues.size() == 1);
    CHECK(std::abs(r.eigenvalues(0) - std::complex<double>(0.8, 0)) < 1e-5);
    CHECK_THROWS_WITH(analyze(rankOne, withK(3)), Catch::Contains("span only 1 dimension") &&
                                                      Catch::Contains("choose k <= 1"));
}
