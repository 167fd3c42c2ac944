#pragma once
// A restricted reader for `torch.save(model.state_dict(), path)` checkpoints: the zip archive, its
// pickle (protocol 2 as PyTorch writes it) and the tensor storages. Only an allowlist of globals is
// accepted (OrderedDict, tensor rebuilders, typed storages), so a hostile file cannot run code.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace kann {

enum class DType { Float32, Float64, Float16, BFloat16, Int64, Int32, Int16, Int8, UInt8, Bool };

// Name as PyTorch spells it ("float32", "bfloat16", ...).
std::string dtypeName(DType dtype);
// Bytes per element.
int dtypeSize(DType dtype);
// One little-endian element of `dtype` at `bytes`, converted to float.
float elementToFloat(const char* bytes, DType dtype);

// A tensor read from a checkpoint: its stored dtype and shape, values converted to float, C order.
struct PlainTensor {
    DType dtype = DType::Float32;
    std::vector<std::int64_t> shape;
    std::vector<float> data;

    std::int64_t numel() const { return static_cast<std::int64_t>(data.size()); }
    // "[36, 12]" for messages.
    std::string shapeText() const;
};

struct NamedTensor {
    std::string key;
    PlainTensor tensor;
};

// The state dict a checkpoint holds, and where: a training checkpoint keeps it under a key.
struct CheckpointTensors {
    std::vector<NamedTensor> tensors;
    std::string entry;  // "" for a bare state dict; else its key ("model_state_dict", "state_dict", ...)
};

// Bytes of one storage, by the key the pickle's persistent id names ("0", "1", ...). Must refuse
// storages larger than maxBytes.
using StorageReader = std::function<std::string(const std::string& key, std::uint64_t maxBytes)>;

// Limits on what a checkpoint may ask for, so a hostile file cannot exhaust memory: elements per
// tensor, and elements per tensor relative to its storage (stride-0 views of a tiny storage).
constexpr std::int64_t kMaxTensorElements = std::int64_t(1) << 31;
constexpr std::int64_t kMaxViewExpansion = 64;

// Runs the state-dict pickle `pickle` (named `source` in errors): first checks every global against
// the allowlist (nothing is built if one is refused), then rebuilds the tensors in file order. A
// training checkpoint (a dict holding the state dict beside epochs, losses and optimizer state)
// yields the one entry that is a state dict.
CheckpointTensors unpickleCheckpoint(const std::string& pickle, const StorageReader& storages, const std::string& source);
// unpickleCheckpoint's tensors.
std::vector<NamedTensor> unpickleStateDict(const std::string& pickle, const StorageReader& storages,
                                           const std::string& source);

enum class CheckpointKind { StateDict, TorchScript };

// What a checkpoint file holds, from its zip directory. Throws InputError(path, ...) for a file that
// is neither: missing, not a zip (a bare legacy pickle is named as such), no data.pkl or code/.
CheckpointKind checkpointKind(const std::string& path);

// Reads a state-dict checkpoint file. Throws InputError(path, ...) for anything else: not a zip,
// corrupt, a whole pickled model, a TorchScript file, globals outside the allowlist, bad tensors.
CheckpointTensors readCheckpoint(const std::string& path);
// readCheckpoint's tensors.
std::vector<NamedTensor> readStateDict(const std::string& path);

}  // namespace kann
