#include "core/io/memory_limit.h"

#include "core/common/error.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>

namespace kann {

namespace {

constexpr const char* kLimitVariable = "KANN_MEMORY_LIMIT_BYTES";

std::uint64_t limitFromEnvironment(const char* text) {
    const std::string value(text);
    std::uint64_t bytes = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), bytes);
    if (value.empty() || ec != std::errc() || end != value.data() + value.size())
        throw InputError(kLimitVariable, "'" + value + "' is not a number of bytes");
    return bytes;
}

// MemAvailable is the kernel's estimate of what can be allocated without swapping.
std::uint64_t memAvailable() {
    std::ifstream in("/proc/meminfo");
    std::string key, unit;
    std::uint64_t kib = 0;
    while (in >> key >> kib) {
        std::getline(in, unit);
        if (key == "MemAvailable:") return kib * 1024;
    }
    return std::numeric_limits<std::uint64_t>::max();
}

}  // namespace

std::uint64_t availableMemoryBytes() {
    if (const char* text = std::getenv(kLimitVariable)) return limitFromEnvironment(text);
    return memAvailable();
}

std::string bytesText(std::uint64_t bytes) {
    if (bytes < 1024) return std::to_string(bytes) + " bytes";
    const char* const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = static_cast<double>(bytes) / 1024;
    int unit = 0;
    for (; value >= 1024 && unit < 5; ++unit) value /= 1024;
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
    return text;
}

}  // namespace kann
