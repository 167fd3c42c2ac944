#pragma once
// Fuzz targets pickle (a data.pkl image with made-up storages, in memory) and checkpoint (a whole
// torch.save zip file), both through to the state dict's checks.
#include "core/models/state_dict.h"
#include "core/models/torch_pickle.h"
#include "fuzz/fuzz_inputs.h"

namespace kann::fuzz {

// Storages of the requested size, filled with a fixed pattern; refuses beyond 1 MiB as a real
// archive without such an entry would.
inline std::string fakeStorage(const std::string& key, std::uint64_t maxBytes) {
    if (maxBytes > (std::uint64_t(1) << 20)) throw InputError("fake.pt", "no storage " + key + " of that size");
    std::string bytes(maxBytes, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 37 + key.size());
    return bytes;
}

inline std::vector<Attempt> pickleAttempts(const std::string& bytes) {
    return {[&] { StateDict(unpickleStateDict(bytes, fakeStorage, "data.pkl"), "data.pkl"); }};
}

inline std::vector<Attempt> checkpointAttempts(const std::string& bytes) {
    return {
        [&] {
            const TempFile file(bytes, "input.pt");
            checkpointKind(file.path());
        },
        [&] {
            const TempFile file(bytes, "input.pt");
            StateDict(readStateDict(file.path()), file.path());
        },
    };
}

}  // namespace kann::fuzz
