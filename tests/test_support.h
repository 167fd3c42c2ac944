#pragma once
// Paths the tests read: committed fixtures and the optional shared datasets beside the checkout.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <unistd.h>
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

namespace kann::test {

// Sets an environment variable (e.g. KANN_MEMORY_LIMIT_BYTES) for one scope, then restores it.
class ScopedEnv {
public:
    ScopedEnv(std::string name, const std::string& value) : name_(std::move(name)) {
        if (const char* old = std::getenv(name_.c_str())) old_ = old, hadOld_ = true;
        ::setenv(name_.c_str(), value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (hadOld_) ::setenv(name_.c_str(), old_.c_str(), 1);
        else ::unsetenv(name_.c_str());
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    std::string name_, old_;
    bool hadOld_ = false;
};

// Writes `content` to `name` in this process's own temporary folder and returns its path.
inline std::string writeTemp(const std::string& name, const std::string& content) {
    const auto dir = std::filesystem::temp_directory_path() / ("kann_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

}  // namespace kann::test
