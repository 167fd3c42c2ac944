#pragma once
// NumPy .npz archives: a zip of "name.npy" entries (numpy.savez and savez_compressed).
#include "core/io/npy.h"

#include <string>
#include <utility>
#include <vector>

namespace kann {

using NamedArrays = std::vector<std::pair<std::string, NpyArray>>;

// Every array of the archive, named without ".npy", in archive order. Throws InputError(path, ...)
// for a missing or corrupt archive, an entry that is not a .npy file, or an unsupported array.
NamedArrays readNpz(const std::string& path);
// One array by name (with or without ".npy"); the error lists the names present when it is absent.
NpyArray readNpzArray(const std::string& path, const std::string& name);
// Writes the arrays as stored "name.npy" entries, as numpy.savez does.
void writeNpz(const std::string& path, const NamedArrays& arrays);

}  // namespace kann
