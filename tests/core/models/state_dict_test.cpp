#include "core/models/state_dict.h"

#include "core/common/error.h"
#include "model_fixtures.h"

#include <limits>

using namespace kann;

namespace {

StateDict small() {
    PlainTensor w;
    w.shape = {2, 3};
    w.data = {1, 2, 3, 4, 5, 6};
    PlainTensor b;
    b.shape = {2};
    b.data = {7, 8};
    return StateDict({{"w", w}, {"b", b}}, "model.pt");
}

}  // namespace

TEST_CASE("tensors are found by name and checked by shape", "[state_dict]") {
    const StateDict dict = small();
    CHECK(dict.keys() == std::vector<std::string>{"w", "b"});
    const RowMatrixXf w = dict.matrix("w", 2, 3);
    CHECK(w(1, 0) == 4);
    CHECK(dict.vector("b", 2)(1) == 8);
    CHECK(dict.get("w", {-1, 3}).numel() == 6);
    CHECK_THROWS_WITH(dict.matrix("w", 3, 2), "model.pt: 'w' has shape [2, 3], expected [3, 2]");
    CHECK_THROWS_WITH(dict.get("w", {-1, 4}), "model.pt: 'w' has shape [2, 3], expected [*, 4]");
    CHECK_THROWS_WITH(dict.vector("w", 6), Catch::Contains("expected [6]"));
    CHECK_THROWS_WITH(dict.at("x"), "model.pt: the state dict has no key 'x'");
}

TEST_CASE("key sets are compared both ways", "[state_dict]") {
    const StateDict dict = small();
    CHECK_NOTHROW(dict.requireExactly({"b", "w"}, "test"));
    CHECK_THROWS_WITH(dict.requireExactly({"w", "c"}, "test"),
                      "model.pt: the keys do not match the test layout: missing keys: c; unexpected keys: b");
    CHECK_THROWS_WITH(dict.requireExactly({"w"}, "test"), Catch::EndsWith("layout: unexpected keys: b"));
    CHECK(joinNames({"a", "b", "c"}, 2) == "a, b ... (1 more)");
}

TEST_CASE("a NaN or infinite weight is refused with its key and index", "[state_dict]") {
    PlainTensor w;
    w.shape = {2, 3};
    w.data = {1, 2, 3, 4, 5, std::numeric_limits<float>::quiet_NaN()};
    PlainTensor b;
    b.shape = {4};
    b.data = {0, -std::numeric_limits<float>::infinity(), 1, std::numeric_limits<float>::infinity()};
    CHECK_THROWS_WITH(StateDict({{"b", b}, {"w", w}}, "model.pt"),
                      Catch::StartsWith("model.pt: 'b' holds a non-finite weight (-inf) at [1], element 1 of 4"));
    CHECK_THROWS_WITH(StateDict({{"w", w}}, "model.pt"),
                      Catch::Contains("'w' holds a non-finite weight (nan) at [1, 2], element 5 of 6") &&
                          Catch::Contains("diverged"));
    w.data.back() = 6;
    CHECK_NOTHROW(StateDict({{"w", w}, {"b", PlainTensor{}}}, "model.pt"));
}
