#pragma once
// NumPy .npy arrays: little-endian float32/float64/int32/int64 in C order, header versions 1.0-3.0.
// Reading also accepts uint16 (raw ADC recordings); writing keeps to the four above.
#include "core/analysis/hidden_states.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

namespace kann {

struct NpyArray {
    std::string dtype;                 // "f4", "f8", "i4", "i8"; read only: "u2" (little-endian)
    std::vector<std::int64_t> shape;   // empty for a 0-d array
    std::vector<char> bytes;           // elements() * itemSize() bytes, C order

    // Number of elements: the product of the shape (1 for a 0-d array).
    std::int64_t elements() const;
    // Bytes per element of `dtype`.
    std::size_t itemSize() const;
    bool isFloat() const { return !dtype.empty() && dtype[0] == 'f'; }

    // All elements converted to the requested type (integers to floats may round).
    std::vector<float> toFloat() const;
    std::vector<double> toDouble() const;
    // All elements as integers; throws InputError(source, ...) for a float array.
    std::vector<std::int64_t> toInt64(const std::string& source = "") const;

    // An array of `shape` holding a copy of `values` (float, double, int32_t or int64_t).
    template <typename T>
    static NpyArray from(std::vector<std::int64_t> shape, const std::vector<T>& values);
};

// The dtype code ("f4", ...) of a supported element type.
template <typename T>
constexpr const char* npyDtypeOf() {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double> ||
                      std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int64_t>,
                  "npy arrays hold float, double, int32_t or int64_t");
    if constexpr (std::is_same_v<T, float>) return "f4";
    else if constexpr (std::is_same_v<T, double>) return "f8";
    else if constexpr (std::is_same_v<T, std::int32_t>) return "i4";
    else return "i8";
}

// Parses a whole .npy image; `source` names it in errors. Throws InputError on anything unsupported.
NpyArray parseNpy(const std::string& image, const std::string& source);
// Reads a .npy file; throws InputError(path, ...) naming what was found when it is not supported.
NpyArray readNpy(const std::string& path);
// The .npy image of `array` (version 1.0 header, 2.0 when the header needs it).
std::string formatNpy(const NpyArray& array);
// Writes `array` to `path`; throws InputError(path, ...) when the file cannot be written.
void writeNpy(const std::string& path, const NpyArray& array);

// Hidden states [batch, time, dim] (float32/float64) with optional lengths [batch] (int32/int64);
// without lengths every sequence is full length. Validated: shapes, lengths 1..time, finite values.
HiddenStates readStatesNpy(const std::string& statesPath, const std::string& lengthsPath = "");
// Writes states as float32 [batch, time, dim] and, when lengthsPath is given, lengths as int64 [batch].
void writeStatesNpy(const HiddenStates& states, const std::string& statesPath, const std::string& lengthsPath = "");

template <typename T>
NpyArray NpyArray::from(std::vector<std::int64_t> shape, const std::vector<T>& values) {
    NpyArray a;
    a.dtype = npyDtypeOf<T>();
    a.shape = std::move(shape);
    a.bytes.resize(values.size() * sizeof(T));
    if (!values.empty()) std::memcpy(a.bytes.data(), values.data(), a.bytes.size());
    return a;
}

}  // namespace kann
