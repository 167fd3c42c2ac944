#pragma once
// Paths the tests read: committed fixtures and the optional shared datasets beside the checkout.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace kann::test {

inline std::string fixture(const std::string& name) { return std::string(KANN_FIXTURES) + "/" + name; }

// Folder of the shared datasets: $KANN_SHARED_DATA, else the one configured at build time.
inline std::filesystem::path sharedData() {
    if (const char* env = std::getenv("KANN_SHARED_DATA")) return env;
    return KANN_SHARED_DATA;
}

}  // namespace kann::test

// Skips the current test case, saying why, when a shared dataset file is absent.
#define KANN_REQUIRE_SHARED(relpath, var)                                                  \
    const std::filesystem::path var = kann::test::sharedData() / (relpath);                 \
    if (!std::filesystem::exists(var)) {                                                    \
        WARN("SKIPPED: shared dataset " << var.string() << " is absent");                   \
        return;                                                                             \
    }
