// Crash inputs of the pickle and checkpoint fuzz targets, replayed: refused cleanly, never a crash.
#include "fuzz/pickle_inputs.h"
#include "fuzz_replay.h"

using namespace kann;

TEST_CASE("every pickle crash input the fuzzer found is refused with an InputError", "[fuzz]") {
    test::replayCrashInputs("pickle", fuzz::pickleAttempts);
    // They name one storage twice with different types: once read past the first one's bytes.
    const std::string input = [] {
        std::ifstream in(test::fixture("fuzz/pickle/storage_retyped_0757fbc8.pkl"), std::ios::binary);
        return std::string{std::istreambuf_iterator<char>(in), {}};
    }();
    CHECK_THROWS_WITH(unpickleStateDict(input, fuzz::fakeStorage, "p.pt"), Catch::Contains("is named again as"));
}
