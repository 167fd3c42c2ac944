#pragma once
// Fuzz target npy: a .npy image, parsed in memory and read from a file as an array and as states.
#include "core/io/npy.h"
#include "fuzz/fuzz_inputs.h"

namespace kann::fuzz {

inline std::vector<Attempt> npyAttempts(const std::string& bytes) {
    return {
        [&] {
            const NpyArray a = parseNpy(bytes, "input.npy");
            a.toDouble();
            if (!a.isFloat()) a.toInt64("input.npy");
        },
        [&] {
            const TempFile file(bytes, "input.npy");
            readNpy(file.path()).toFloat();
        },
        [&] {
            const TempFile file(bytes, "states.npy");
            readStatesNpy(file.path());
        },
    };
}

}  // namespace kann::fuzz
