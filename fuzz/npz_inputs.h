#pragma once
// Fuzz target npz: a .npz archive (zip of .npy entries), read whole and by name.
#include "core/io/npz.h"
#include "fuzz/fuzz_inputs.h"

namespace kann::fuzz {

inline std::vector<Attempt> npzAttempts(const std::string& bytes) {
    return {
        [&] {
            const TempFile file(bytes, "input.npz");
            for (const auto& [name, array] : readNpz(file.path())) array.toDouble();
        },
        [&] {
            const TempFile file(bytes, "input.npz");
            readNpzArray(file.path(), "a");
        },
    };
}

}  // namespace kann::fuzz
