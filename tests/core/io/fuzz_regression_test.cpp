// Crash inputs of the npy and npz fuzz targets, replayed: refused cleanly, never a crash.
#include "fuzz/npy_inputs.h"
#include "fuzz_replay.h"

using namespace kann;

TEST_CASE("every npy crash input the fuzzer found is refused with an InputError", "[fuzz]") {
    test::replayCrashInputs("npy", fuzz::npyAttempts);
}
