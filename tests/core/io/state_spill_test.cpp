// States set aside block by block come back exactly, in the same blocks, and leave no file behind.
#include "core/io/state_spill.h"

#include "core/common/error.h"
#include "test_support.h"

#include <filesystem>

using namespace kann;

namespace {

HiddenStates numbered(const std::vector<int>& lengths, int dim, float start) {
    const int time = *std::max_element(lengths.begin(), lengths.end());
    HiddenStates s = HiddenStates::zeros(static_cast<int>(lengths.size()), time, dim);
    s.lengths = lengths;
    float v = start;
    for (int b = 0; b < s.batch; ++b)
        for (int t = 0; t < lengths[b]; ++t)
            for (int i = 0; i < dim; ++i) s.row(b, t)[i] = v++;
    return s;
}

}  // namespace

TEST_CASE("states set aside come back exactly, block by block", "[state_spill]") {
    const auto folder = std::filesystem::temp_directory_path() / "kann_state_spill_test";
    std::filesystem::remove_all(folder);
    {
        StateSpill spill(folder.string());
        const HiddenStates a = numbered({3, 1, 2}, 4, 0.5f), b = numbered({5}, 4, -100.25f);
        spill.write(a);
        spill.write(b);
        CHECK(spill.bytes() == (6 + 5) * 4 * sizeof(float));
        // The file is unlinked at once: nothing is left behind, even by a crash.
        CHECK(std::filesystem::is_empty(folder));
        const HiddenStates ra = spill.read({3, 1, 2}, 4);
        CHECK(ra.values == a.values);  // padding zero, as written
        CHECK(ra.lengths == a.lengths);
        CHECK(spill.read({5}, 4).values == b.values);
        CHECK_THROWS_WITH(spill.read({1}, 4), Catch::Contains("end early"));
        spill.rewind();  // a third pass reads the same blocks again
        CHECK(spill.read({3, 1, 2}, 4).values == a.values);
        CHECK(spill.read({5}, 4).values == b.values);
    }
    std::filesystem::remove_all(folder);
    CHECK_THROWS_AS(StateSpill("/proc/no/such/folder"), InputError);
}

TEST_CASE("the spill folder follows the XDG cache folder", "[state_spill]") {
    const test::ScopedEnv cache("XDG_CACHE_HOME", "/somewhere/cache");
    CHECK(spillFolder() == "/somewhere/cache/kann-studio");
}
