#pragma once
// What each fuzz target does with one input. The regression tests (tests/core/*/fuzz_*_test.cpp)
// replay every crash input ever found through these same calls, so a fixed bug stays fixed.
// Header-only: the fuzz targets and the tests link only the libraries of the parsers they use.
#include "core/common/error.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <unistd.h>
#include <vector>

namespace kann::fuzz {

// One way of reading an input; a clean refusal is an InputError, anything else is a bug.
using Attempt = std::function<void()>;

// A file holding the input, for the readers that take a path. One per process and name, so
// parallel fuzzers do not share it; removed when done.
class TempFile {
public:
    TempFile(const std::string& bytes, const std::string& name) {
        const char* dir = std::getenv("TMPDIR");
        path_ = std::string(dir ? dir : "/tmp") + "/kann_fuzz_" + std::to_string(::getpid()) + "_" + name;
        std::ofstream(path_, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    ~TempFile() { std::remove(path_.c_str()); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// Runs every attempt; returns how many were refused with an InputError. Other exceptions escape.
inline int runAttempts(const std::vector<Attempt>& attempts) {
    int refused = 0;
    for (const Attempt& attempt : attempts) {
        try {
            attempt();
        } catch (const InputError&) {
            ++refused;
        }
    }
    return refused;
}

}  // namespace kann::fuzz
