#pragma once
// Replays the crash inputs the fuzzers found (tests/fixtures/fuzz/<target>/) through the same
// calls as the fuzz target (fuzz/<target>_inputs.h): each must be refused with an InputError.
#include "fuzz/fuzz_inputs.h"
#include "test_support.h"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace kann::test {

template <class Attempts>
void replayCrashInputs(const std::string& target, Attempts attempts) {
    const std::filesystem::path folder = fixture("fuzz/" + target);
    int inputs = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string bytes{std::istreambuf_iterator<char>(in), {}};
        INFO("crash input " << entry.path().string());
        // Any exception but InputError fails the test; a crash fails the whole run.
        CHECK(fuzz::runAttempts(attempts(bytes)) > 0);
        ++inputs;
    }
    CHECK(inputs > 0);
}

}  // namespace kann::test
