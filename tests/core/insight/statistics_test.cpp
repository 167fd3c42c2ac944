// ROC AUC and correlation checked by hand on small cases.
#include "core/insight/statistics.h"

#include "test_support.h"

#include <cmath>

using namespace kann;

TEST_CASE("ROC AUC counts the positive-above-negative pairs, ties half", "[statistics]") {
    CHECK(rocAuc({1, 2, 3, 4}, {false, false, true, true}) == 1.0);
    CHECK(rocAuc({1, 2, 3, 4}, {true, true, false, false}) == 0.0);
    // Positives 2 and 4 against negatives 1 and 3: pairs (2>1), (4>1), (4>3) win, (2<3) loses.
    CHECK(rocAuc({1, 2, 3, 4}, {false, true, false, true}) == Approx(0.75));
    // All tied: chance exactly.
    CHECK(rocAuc({5, 5, 5, 5, 5}, {true, false, false, true, false}) == Approx(0.5));
    // One tie between a positive and a negative: 1 pair of 4 half-won, 2 won, 1 lost.
    CHECK(rocAuc({1, 2, 2, 3}, {true, true, false, false}) == Approx(0.5 / 4.0));
    CHECK(std::isnan(rocAuc({1, 2}, {true, true})));
}

TEST_CASE("Pearson correlation of exact and unrelated lines", "[statistics]") {
    CHECK(pearson({1, 2, 3}, {2, 4, 6}) == Approx(1.0));
    CHECK(pearson({1, 2, 3}, {3, 2, 1}) == Approx(-1.0));
    CHECK(pearson({1, 2, 3, 4}, {1, -1, -1, 1}) == Approx(0.0).margin(1e-12));
    CHECK(std::isnan(pearson({1, 1, 1}, {1, 2, 3})));
}
