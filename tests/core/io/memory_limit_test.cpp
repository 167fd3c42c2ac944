#include "core/io/memory_limit.h"

#include "core/common/error.h"
#include "test_support.h"

#include <fstream>

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
