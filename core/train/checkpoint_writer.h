#pragma once
// Writes PyTorch state-dict checkpoints without Python: the file torch.save(model.state_dict())
// makes, so Python's torch.load and the project's own loader both read what training produces.
#include <cstdint>
#include <string>
#include <vector>

namespace kann {

// One named float32 tensor, C order.
struct CheckpointTensor {
    std::string name;
    std::vector<std::int64_t> shape;
    std::vector<float> values;
};

// Parameters in the order the model declares them (the order torch.load gives back).
using CheckpointTensors = std::vector<CheckpointTensor>;

// The pickle (protocol 2) torch.save writes for an OrderedDict of CPU float tensors, each
// rebuilt by torch._utils._rebuild_tensor_v2 from persistent storage "i" (the i-th tensor).
std::string pickleStateDict(const CheckpointTensors& tensors);

// Writes `tensors` as a torch.save zip (archive/data.pkl, archive/data/i, archive/version).
// Atomic: the file at `path` is either the previous one or the complete new one.
// Throws InputError(path, ...) when it cannot be written, std::invalid_argument for a tensor
// whose values do not match its shape or a repeated name.
void writeStateDict(const std::string& path, const CheckpointTensors& tensors);

}  // namespace kann
