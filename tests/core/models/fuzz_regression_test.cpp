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
    // A 0-d tensor at storage offset 198 of a one-element storage: its offset alone is out of bounds.
    const std::string scalar = [] {
        std::ifstream in(test::fixture("fuzz/pickle/scalar_offset_099b44f0.pkl"), std::ios::binary);
        return std::string{std::istreambuf_iterator<char>(in), {}};
    }();
    CHECK_THROWS_WITH(unpickleStateDict(scalar, fuzz::fakeStorage, "p.pt"),
                      Catch::Contains("'8'") && Catch::Contains("reaches element 198 of a storage of 1 elements"));
}
