#pragma once
// Fuzz target safetensors: a .safetensors image parsed in memory and read from a file, through to
// the state dict's checks.
#include "core/models/safetensors.h"
#include "core/models/state_dict.h"
#include "fuzz/fuzz_inputs.h"

namespace kann::fuzz {

inline std::vector<Attempt> safetensorsAttempts(const std::string& bytes) {
    return {
        [&] { StateDict(parseSafetensors(bytes, "input.safetensors"), "input.safetensors"); },
        [&] {
            const TempFile file(bytes, "input.safetensors");
            StateDict(readSafetensors(file.path()), file.path());
        },
    };
}

}  // namespace kann::fuzz
