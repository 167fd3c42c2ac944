#pragma once
// State dicts as people save them: torch.save of model.state_dict() or of a training checkpoint
// dict, safetensors files, DataParallel's "module." prefix. One entry point for every layout.
#include "core/models/state_dict.h"

#include <string>

namespace kann {

// The state dict in `path` (a torch.save zip or a .safetensors file), with "module." removed when
// every key has it. Its notes() say what was unpacked or renamed. Throws InputError(path, ...).
StateDict openStateDict(const std::string& path);

}  // namespace kann
