// Pages of a streamed exploration: cut where both limits say, and each sequence's φ on a page
// equal to the φ of the run that held every state.
#include "core/pipeline/exploration_page.h"

#include "core/common/error.h"
#include "core/pipeline/mode_colouring.h"
#include "test_support.h"
#include "varied_batches.h"

#include <complex>

using namespace kann;

namespace {

using ComplexRows = Eigen::Matrix<std::complex<double>, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// The largest |φ_j(t)| difference over the page's valid steps, against `held`'s rows of the same
// sequences, and the largest |φ_j(t)| of held's, over every mode.
std::pair<double, double> phiGap(const Exploration& page, const Exploration& held) {
    double gap = 0, top = 0;
    for (int j = 0; j < held.result.k; ++j) {
        const ComplexRows a = modeValues(page.result, j), b = modeValues(held.result, j);
        for (int s = 0; s < page.result.batch; ++s)
            for (int t = 0; t < page.result.lengths[s]; ++t) {
                gap = std::max(gap, std::abs(a(s, t) - b(page.pageStart + s, t)));
                top = std::max(top, std::abs(b(page.pageStart + s, t)));
            }
    }
    return {gap, top};
}

SourceSpec pagedReviews() {
    SourceSpec spec = test::variedReviews();
    spec.analysis.keepReduced = true;
    spec.analysis.tabulateModes = true;
    return spec;
}

}  // namespace

TEST_CASE("pages hold consecutive sequences within both limits", "[exploration][page]") {
    CHECK(pageStarts({5, 5, 5, 100, 5, 5}, 2, 20) == std::vector<int>{0, 2, 3, 4});  // 100 steps alone, over the limit
    CHECK(pageStarts({3, 4, 5, 6}, 10, 16) == std::vector<int>{0, 3});               // 4 x 5 padded is 20 > 16
    CHECK(pageStarts({1, 1, 1, 1, 1}, 2, 1000) == std::vector<int>{0, 2, 4});
    CHECK(pageStarts({}, 2, 10).empty());
}

TEST_CASE("φ of a page equals the φ of the run that held the states", "[exploration][page]") {
    SourceSpec spec = pagedReviews();
    const Exploration held = runExploration(spec);
    spec.stream = StreamMode::On;
    const Exploration streamed = runAnalysis(spec);
    REQUIRE(streamed.result.streamed);
    REQUIRE(streamed.states.batch == 0);

    const std::vector<int> starts = pageStarts(streamed.input.lengths, 16, 400);
    REQUIRE(starts.size() > 4);
    for (std::size_t p = 0; p < starts.size(); ++p) {
        const int first = starts[p], next = p + 1 < starts.size() ? starts[p + 1] : streamed.result.batch;
        INFO("page from " << first);
        // On the held run's own basis and eigenvectors φ differs only by the states: the page is
        // unrolled as another batch (other size, other padding), whose float32 matrix products
        // round differently, by about one unit in the last place (measured: 3e-8 to 6e-8 of
        // |φ| up to 0.65). Projection and eigenvectors are float64 and add nothing visible.
        const Exploration own = explorationPage(held, first, next - first);
        REQUIRE(own.result.batch == next - first);
        REQUIRE(own.pageStart == first);
        const auto [ownGap, top] = phiGap(own, held);
        CHECK(ownGap <= 1e-6 * top);
        // The streamed fit's basis and eigenvectors equal the held fit's to 1e-9: φ is as close.
        const Exploration page = explorationPage(streamed, first, next - first);
        CHECK(phiGap(page, held).first <= 1e-6 * top);
        for (int s = 0; s < page.result.batch; ++s) {
            CHECK(page.tokenized[s].pieces.size() == held.tokenized[first + s].pieces.size());
            CHECK(page.input.labels[s] == held.input.labels[first + s]);
        }
        // The table a click reads: φ in real form, float.
        const int j = held.result.k / 2;
        const RowMatrixXf a = modeMagnitude(page.result, j), b = modeMagnitude(held.result, j);
        for (int s = 0; s < page.result.batch; ++s)
            CHECK(a.row(s).head(page.result.lengths[s]).isApprox(b.row(first + s).head(page.result.lengths[s]), 1e-5f));
        CHECK(page.readoutLogits.isApprox(held.readoutLogits.middleRows(first, next - first), 1e-6f));
    }
}

TEST_CASE("a page is oriented as the whole batch, which streamed and held runs orient alike", "[exploration][page]") {
    SourceSpec spec = pagedReviews();
    const Exploration held = runExploration(spec);
    spec.stream = StreamMode::On;
    const Exploration streamed = runAnalysis(spec);
    REQUIRE(held.readoutLogits.rows() == held.result.batch);
    // Each sequence's final Re φ_j, from the streamed pass, against the held states' own rows.
    const Eigen::MatrixXd& final = streamed.result.sequenceFinal;
    REQUIRE(final.rows() == held.result.batch);
    for (int j = 0; j < held.result.k; ++j) {
        const ComplexRows phi = modeValues(held.result, j);
        for (int b = 0; b < held.result.batch; ++b)
            CHECK(final(b, j) == Approx(phi(b, held.result.lengths[b] - 1).real()).margin(1e-9));
    }
    const Eigen::VectorXd signs = modeOrientations(held);
    CHECK(modeOrientations(streamed) == signs);
    CHECK((signs.array() == 1.0 || signs.array() == -1.0).all());
    CHECK((signs.array() == -1.0).any());  // the fixture has modes that read against the readout
    // A page of a few sequences keeps the whole's signs, whatever its own sequences say.
    const Exploration page = explorationPage(streamed, 3, 4);
    CHECK(modeOrientations(page) == signs);
}

TEST_CASE("a page past the batch, or of saved states, is refused", "[exploration][page]") {
    SourceSpec spec = pagedReviews();
    spec.stream = StreamMode::On;
    const Exploration streamed = runAnalysis(spec);
    CHECK_THROWS_WITH(explorationPage(streamed, 70, 5), Catch::Contains("no sequence 71") && Catch::Contains("70"));
    CHECK_THROWS_AS(explorationPage(streamed, -1, 5), InputError);
    CHECK(explorationPage(streamed, 65, 64).result.batch == 5);  // cut at the batch's end

    SourceSpec saved;
    saved.statesPath = KANN_FIXTURES "/npy/states_f4.npy";
    CHECK_THROWS_WITH(explorationPage(runExploration(saved), 0, 1), Catch::Contains("saved states"));
}
