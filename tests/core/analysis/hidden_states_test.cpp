// Hidden states keep [b][t] rows, read each sequence's last valid state (not the padded end), count
// only pairs inside a sequence, and refuse inconsistent or non-finite input with where it is.
#include "core/analysis/hidden_states.h"
#include "core/common/error.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace kann;

namespace {

// Three sequences of lengths 3, 1, 2 in [3, 3, 2]; state (b, t) = (10b + t, -(10b + t)).
HiddenStates ragged() {
    HiddenStates s = HiddenStates::zeros(3, 3, 2);
    s.lengths = {3, 1, 2};
    for (int b = 0; b < 3; ++b)
        for (int t = 0; t < s.lengths[b]; ++t) {
            s.row(b, t)[0] = static_cast<float>(10 * b + t);
            s.row(b, t)[1] = -static_cast<float>(10 * b + t);
        }
    return s;
}

}  // namespace

TEST_CASE("rows are laid out sequence by sequence, step by step", "[hidden_states]") {
    const HiddenStates s = ragged();
    CHECK(s.matrix().rows() == 9);
    CHECK(s.matrix()(1 * 3 + 0, 0) == 10.f);  // sequence 1, step 0
    CHECK(s.matrix()(2 * 3 + 1, 1) == -21.f);
}

TEST_CASE("the last valid state is read at each sequence's own length", "[hidden_states]") {
    const RowMatrixXf last = ragged().lastValidStates();
    REQUIRE(last.rows() == 3);
    CHECK(last(0, 0) == 2.f);
    CHECK(last(1, 0) == 10.f);
    CHECK(last(2, 1) == -21.f);
}

TEST_CASE("pairs never cross a sequence's end", "[hidden_states]") {
    CHECK(ragged().validPairs() == (3 - 1) + (1 - 1) + (2 - 1));
}

TEST_CASE("inconsistent or non-finite states are refused with their place", "[hidden_states]") {
    CHECK_NOTHROW(ragged().validate("states.npy"));
    HiddenStates empty;
    CHECK_THROWS_WITH(empty.validate("states.npy"), Catch::Contains("states.npy") && Catch::Contains("empty"));
    HiddenStates short_ = ragged();
    short_.values.pop_back();
    CHECK_THROWS_AS(short_.validate("s"), InputError);
    HiddenStates lengths = ragged();
    lengths.lengths = {3, 0, 2};
    CHECK_THROWS_WITH(lengths.validate("s"), Catch::Contains("sequence 1") && Catch::Contains("outside 1..3"));
    lengths.lengths = {3, 1};
    CHECK_THROWS_WITH(lengths.validate("s"), Catch::Contains("2 lengths for 3 sequences"));
    HiddenStates nan = ragged();
    nan.row(2, 1)[1] = std::nanf("");
    CHECK_THROWS_WITH(nan.validate("s"), Catch::Contains("sequence 2, step 1, unit 1"));
    HiddenStates padding = ragged();
    padding.row(1, 2)[0] = std::nanf("");  // beyond sequence 1's length: padding may hold anything
    CHECK_NOTHROW(padding.validate("s"));
}
