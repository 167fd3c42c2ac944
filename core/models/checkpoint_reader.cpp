#include "core/models/checkpoint_reader.h"

#include "core/models/safetensors.h"

#include <algorithm>

namespace kann {

namespace {

const std::string kDataParallel = "module.";

// nn.DataParallel and DistributedDataParallel save the wrapped model's keys under "module.".
bool stripDataParallel(std::vector<NamedTensor>& tensors) {
    const bool all = !tensors.empty() && std::all_of(tensors.begin(), tensors.end(), [](const NamedTensor& t) {
        return t.key.size() > kDataParallel.size() && t.key.compare(0, kDataParallel.size(), kDataParallel) == 0;
    });
    if (!all) return false;
    for (auto& t : tensors) t.key.erase(0, kDataParallel.size());
    return true;
}

}  // namespace

StateDict openStateDict(const std::string& path) {
    CheckpointTensors read;
    std::vector<std::string> notes;
    if (isSafetensorsFile(path)) {
        read.tensors = readSafetensors(path);
        notes.push_back("safetensors");
    } else {
        read = readCheckpoint(path);
    }
    if (!read.entry.empty()) notes.push_back("training checkpoint, state dict from '" + read.entry + "'");
    if (stripDataParallel(read.tensors)) notes.push_back("DataParallel prefix 'module.' removed");
    return StateDict(std::move(read.tensors), path, std::move(notes));
}

}  // namespace kann
