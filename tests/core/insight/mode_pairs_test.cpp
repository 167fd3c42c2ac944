// Pair representatives and dominance order on a hand-made spectrum.
#include "core/insight/mode_pairs.h"

#include "test_support.h"

using namespace kann;

TEST_CASE("a conjugate pair is listed once, by its upper member, most dominant first", "[mode_pairs]") {
    KoopmanResult r;
    r.k = 4;
    r.eigenvalues.resize(4);
    r.eigenvalues << std::complex<double>(0.9, 0.3), std::complex<double>(0.9, -0.3), 0.8, -0.5;
    r.partner = {1, 0, -1, -1};
    r.dominance.resize(4);
    r.dominance << 1.0, 1.0, 5.0, 2.0;
    CHECK(pairRepresentatives(r) == std::vector<int>{0, 2, 3});
    CHECK(dominantPairs(r, 2) == std::vector<int>{2, 3});
    CHECK(dominantPairs(r, 10) == std::vector<int>{2, 3, 0});
}
