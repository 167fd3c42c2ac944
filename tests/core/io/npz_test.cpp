#include "core/io/npz.h"

#include "core/common/error.h"
#include "core/io/zip_archive.h"
#include "test_support.h"

#include <filesystem>

using namespace kann;
using Catch::Matchers::Contains;

namespace {

std::string npy(const std::string& name) { return test::fixture("npy/" + name); }

std::string tempPath(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("kann_npz_test_" + name)).string();
}

}  // namespace

TEST_CASE("readNpz reads numpy.savez archives in order, names without .npy", "[npz]") {
    const NamedArrays arrays = readNpz(npy("arrays.npz"));
    REQUIRE(arrays.size() == 2);
    CHECK(arrays[0].first == "states");
    CHECK(arrays[1].first == "lengths");
    CHECK(arrays[0].second.shape == std::vector<std::int64_t>{2, 3, 2});
    CHECK(arrays[0].second.toFloat()[11] == 2.75f);
    CHECK(arrays[1].second.toInt64() == std::vector<std::int64_t>{3, 2});
}

TEST_CASE("readNpz reads deflated numpy.savez_compressed archives", "[npz]") {
    CHECK(readNpzArray(npy("arrays_compressed.npz"), "a").toInt64() == std::vector<std::int64_t>{0, 1, 2, 3, 4});
    const NpyArray eye = readNpzArray(npy("arrays_compressed.npz"), "b.npy");
    CHECK(eye.dtype == "f8");
    CHECK(eye.toDouble() == std::vector<double>{1, 0, 0, 1});
}

TEST_CASE("writeNpz round-trips through readNpz", "[npz]") {
    const std::string path = tempPath("round.npz");
    writeNpz(path, {{"x", NpyArray::from<double>({2}, {1.25, -3})}, {"n", NpyArray::from<std::int32_t>({1}, {7})}});
    const NamedArrays back = readNpz(path);
    REQUIRE(back.size() == 2);
    CHECK(back[0].first == "x");
    CHECK(back[0].second.toDouble() == std::vector<double>{1.25, -3});
    CHECK(back[1].second.toInt64() == std::vector<std::int64_t>{7});
    std::filesystem::remove(path);
}

TEST_CASE("readNpz names the archive and the problem", "[npz]") {
    CHECK_THROWS_WITH(readNpzArray(npy("arrays.npz"), "weights"),
                      Contains("no array named 'weights' (the archive holds: states, lengths)"));
    CHECK_THROWS_WITH(readNpz(npy("f4_2x3.npy")), Contains(npy("f4_2x3.npy") + ": not a valid zip archive"));

    const std::string path = tempPath("odd.npz");
    writeZipArchive(path, {{"notes.txt", "hello"}});
    CHECK_THROWS_WITH(readNpz(path), Contains("entry 'notes.txt' is not a .npy array"));
    writeZipArchive(path, {{"a.npy", "\x93NUMPY garbage"}});
    CHECK_THROWS_WITH(readNpz(path), Contains(path + " [a.npy]: "));
    writeZipArchive(path, {{"a.npy", "x"}});
    CHECK_THROWS_AS(readNpz(path), InputError);
    std::filesystem::remove(path);
}

TEST_CASE("readNpz refuses a zip bomb beyond the memory available", "[npz]") {
    const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", std::to_string(16 << 20));
    const std::string bomb = test::fixture("hostile/bomb.npz");
    CHECK_THROWS_WITH(readNpz(bomb), Contains(bomb + ": entry 'a.npy' would expand to 64.0 MiB"));
    CHECK_THROWS_WITH(readNpzArray(bomb, "a"), Contains("zip bomb"));
}
