#include "core/io/memory_limit.h"

#include "core/common/error.h"
#include "test_support.h"

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace kann;

TEST_CASE("availableMemoryBytes follows KANN_MEMORY_LIMIT_BYTES, else the kernel's MemAvailable", "[memory]") {
    {
        const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", "123456789");
        CHECK(availableMemoryBytes() == 123456789u);
    }
    for (const char* bad : {"", "12k", "-5", "lots"}) {
        const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", bad);
        CHECK_THROWS_WITH(availableMemoryBytes(), Catch::Contains("KANN_MEMORY_LIMIT_BYTES") &&
                                                      Catch::Contains("is not a number of bytes"));
    }
    if (std::getenv("KANN_MEMORY_LIMIT_BYTES")) return;
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::uint64_t total = 0;
    meminfo >> key >> total;  // MemTotal comes first, in KiB
    REQUIRE(key == "MemTotal:");
    const std::uint64_t available = availableMemoryBytes();
    CHECK(available > 0);
    CHECK(available <= total * 1024);
}

TEST_CASE("bytesText writes sizes as people read them", "[memory]") {
    CHECK(bytesText(0) == "0 bytes");
    CHECK(bytesText(1023) == "1023 bytes");
    CHECK(bytesText(1024) == "1.0 KiB");
    CHECK(bytesText(1536) == "1.5 KiB");
    CHECK(bytesText(std::uint64_t(64) << 20) == "64.0 MiB");
    CHECK(bytesText((std::uint64_t(5) << 30) / 2) == "2.5 GiB");
    CHECK(bytesText(~std::uint64_t(0)) == "16.0 EiB");
}

namespace {
void writeFile(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }
}  // namespace

TEST_CASE("a memory cgroup leaves its limit minus its usage, in v2's and v1's files", "[memory]") {
    const auto root = std::filesystem::temp_directory_path() / "kann_memory_cgroups";
    std::filesystem::remove_all(root);
    const auto v2 = root / "v2", v1 = root / "v1", open = root / "unlimited", full = root / "full";
    for (const auto& d : {v2, v1, open, full}) std::filesystem::create_directories(d);
    writeFile(v2 / "memory.max", "1073741824\n");
    writeFile(v2 / "memory.current", "268435456\n");
    writeFile(v1 / "memory.limit_in_bytes", "536870912\n");
    writeFile(v1 / "memory.usage_in_bytes", "536870000\n");
    writeFile(open / "memory.max", "max\n");
    writeFile(open / "memory.current", "4096\n");
    writeFile(full / "memory.max", "1000\n");
    writeFile(full / "memory.current", "2000\n");
    CHECK(cgroupHeadroomBytes(v2.string()) == 805306368u);
    CHECK(cgroupHeadroomBytes(v1.string()) == 912u);
    CHECK(cgroupHeadroomBytes(open.string()) == ~std::uint64_t(0));
    CHECK(cgroupHeadroomBytes(full.string()) == 0u);
    CHECK(cgroupHeadroomBytes((root / "absent").string()) == ~std::uint64_t(0));
}

TEST_CASE("a process is bound by its memory cgroup and every ancestor's", "[memory]") {
    const std::string v1 = "9:name=systemd:/\n4:memory:/box/job\n3:cpuset:/\n0::/\n";
    CHECK(memoryCgroupFolders(v1, "/cg") ==
          std::vector<std::string>{"/cg/memory/box/job", "/cg/memory/box", "/cg/memory", "/cg"});
    CHECK(memoryCgroupFolders("0::/user.slice/app.scope\n", "/cg") ==
          std::vector<std::string>{"/cg/user.slice/app.scope", "/cg/user.slice", "/cg"});
    CHECK(memoryCgroupFolders("5:cpu,memory:/\n", "/cg") == std::vector<std::string>{"/cg/memory"});
    CHECK(memoryCgroupFolders("3:cpuset:/x\n", "/cg").empty());
}

TEST_CASE("the memory guard never promises more than this process's cgroups leave", "[memory]") {
    if (std::getenv("KANN_MEMORY_LIMIT_BYTES")) return;
    std::ifstream membership("/proc/self/cgroup");
    const std::string text{std::istreambuf_iterator<char>(membership), std::istreambuf_iterator<char>()};
    const std::uint64_t available = availableMemoryBytes();
    for (const std::string& folder : memoryCgroupFolders(text)) {
        const std::uint64_t headroom = cgroupHeadroomBytes(folder);
        // Usage only grows between the two readings by what this test allocates: a few MiB at most.
        if (headroom != ~std::uint64_t(0)) CHECK(available <= headroom + (std::uint64_t(64) << 20));
    }
}
