#include "core/io/zip_archive.h"

#include "core/common/error.h"
#include "test_support.h"

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace kann;
using Catch::Matchers::Contains;

namespace {

std::string tempPath(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("kann_zip_test_" + name)).string();
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace

TEST_CASE("ZipArchive reads back what writeZipArchive stored", "[zip]") {
    const std::string path = tempPath("round.zip");
    const std::string binary("a\0b\xff", 4);
    writeZipArchive(path, {{"dir/one.bin", binary}, {"two.txt", "hello"}, {"empty", ""}});
    ZipArchive zip(path);
    CHECK(zip.names() == std::vector<std::string>{"dir/one.bin", "two.txt", "empty"});
    CHECK(zip.contains("two.txt"));
    CHECK_FALSE(zip.contains("three"));
    CHECK(zip.size("dir/one.bin") == 4);
    CHECK(zip.read("dir/one.bin") == binary);
    CHECK(zip.read("empty").empty());
    // Stored, not deflated: the bytes appear verbatim in the file, as numpy and torch expect.
    CHECK(slurp(path).find("hello") != std::string::npos);
    std::filesystem::remove(path);
}

TEST_CASE("ZipArchive reads the deflated entries numpy.savez_compressed writes", "[zip]") {
    ZipArchive zip(test::fixture("npy/arrays_compressed.npz"));
    CHECK(zip.names() == std::vector<std::string>{"a.npy", "b.npy"});
    CHECK(zip.read("a.npy").substr(1, 5) == "NUMPY");
}

TEST_CASE("ZipArchive refuses missing, non-zip, truncated and corrupt archives", "[zip]") {
    const std::string path = tempPath("bad.zip");
    CHECK_THROWS_WITH(ZipArchive(path + ".absent"), Contains("cannot open the file"));

    writeBytes(path, "just some text, not a zip");
    CHECK_THROWS_WITH(ZipArchive(path), Contains(path + ": not a valid zip archive"));

    writeZipArchive(path, {{"payload.bin", std::string(3000, 'z')}});
    const std::string good = slurp(path);
    writeBytes(path, good.substr(0, good.size() / 2));
    CHECK_THROWS_WITH(ZipArchive(path), Contains("not a valid zip archive"));

    // Flip a payload byte: the directory still parses, the CRC check must catch it.
    std::string corrupt = good;
    corrupt[corrupt.find("zzzz") + 100] = 'y';
    writeBytes(path, corrupt);
    CHECK_THROWS_WITH(ZipArchive(path).read("payload.bin"), Contains("payload.bin"));
    std::filesystem::remove(path);
}

TEST_CASE("ZipArchive names absent entries and refuses entries over the size limit", "[zip]") {
    const std::string path = tempPath("limit.zip");
    writeZipArchive(path, {{"big", std::string(1000, 'a')}});
    ZipArchive zip(path);
    CHECK_THROWS_WITH(zip.read("other"), Contains("the archive has no entry 'other'"));
    CHECK_THROWS_WITH(zip.read("big", 999), Contains("claims 1000 bytes, more than the 999 allowed"));
    CHECK(zip.read("big", 1000).size() == 1000);
    std::filesystem::remove(path);
}

TEST_CASE("writeZipArchive reports a path it cannot create", "[zip]") {
    CHECK_THROWS_AS(writeZipArchive("/nonexistent-dir/x.zip", {{"a", "b"}}), InputError);
}

TEST_CASE("ZipArchive refuses a zip bomb from its directory, before inflating it", "[zip]") {
    // 64 MiB of zeros deflated to 65 kB (scripts/make_hostile_fixtures.py).
    const std::string bomb = test::fixture("hostile/bomb.npz");
    {
        const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", std::to_string(16 << 20));
        CHECK_THROWS_WITH(ZipArchive(bomb).read("a.npy"),
                          Contains(bomb + ": entry 'a.npy' would expand to 64.0 MiB from 63.") &&
                              Contains("more than the 16.0 MiB of memory available") && Contains("zip bomb"));
    }
    // The same entry is read when the memory is there: the limit, not the file, refused it.
    const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", std::to_string(1 << 30));
    CHECK(ZipArchive(bomb).read("a.npy").size() == (64u << 20) + 128);
}

TEST_CASE("ZipArchive refuses an entry whose recorded size is a lie", "[zip]") {
    // 128 bytes of data whose local and central records both claim 4 GiB - 16.
    const std::string lying = test::fixture("hostile/lying_size.npz");
    {
        const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", std::to_string(1 << 30));
        CHECK_THROWS_WITH(ZipArchive(lying).read("a.npy"), Contains("would expand to 4.0 GiB") && Contains("zip bomb"));
    }
    // With the memory to spare, reading stops at the data actually there.
    const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", std::to_string(std::uint64_t(1) << 33));
    CHECK_THROWS_AS(ZipArchive(lying).read("a.npy"), InputError);
}
