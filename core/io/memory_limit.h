#pragma once
// How much memory the studio may use, so a huge batch or a zip bomb is refused before allocating.
#include <cstdint>
#include <string>

namespace kann {

// Bytes the process may still allocate: $KANN_MEMORY_LIMIT_BYTES when set (tests, or a user who
// wants a cap), else MemAvailable from /proc/meminfo; UINT64_MAX when neither is known.
// Throws InputError("KANN_MEMORY_LIMIT_BYTES", ...) when the variable is not a whole number.
std::uint64_t availableMemoryBytes();

// "512 bytes", "3.2 MiB", "1.5 GiB": sizes as people read them.
std::string bytesText(std::uint64_t bytes);

}  // namespace kann
