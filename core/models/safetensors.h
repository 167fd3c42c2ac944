#pragma once
// The Hugging Face safetensors format: an 8-byte little-endian header length, a JSON header naming
// each tensor's dtype, shape and byte range, then the raw little-endian data. It holds no code.
#include "core/models/torch_pickle.h"

#include <string>
#include <vector>

namespace kann {

// True when `path` ends in ".safetensors" or starts like one (a header length, then '{').
bool isSafetensorsFile(const std::string& path);

// The tensors of a safetensors image `bytes` (named `source` in errors), ordered by their data
// offsets. Throws InputError for anything malformed: lengths, JSON, dtypes, shapes, and byte ranges
// that overlap, leave gaps or run past the data.
std::vector<NamedTensor> parseSafetensors(const std::string& bytes, const std::string& source);

// Reads and parses a .safetensors file; throws InputError(path, ...).
std::vector<NamedTensor> readSafetensors(const std::string& path);

}  // namespace kann
