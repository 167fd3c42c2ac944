#include "core/io/memory_limit.h"

#include "core/common/error.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <utility>

namespace kann {

namespace {

constexpr const char* kLimitVariable = "KANN_MEMORY_LIMIT_BYTES";
constexpr std::uint64_t kUnknown = std::numeric_limits<std::uint64_t>::max();

// MemAvailable is the kernel's estimate of what can be allocated without swapping.
std::uint64_t memAvailable() {
    std::ifstream in("/proc/meminfo");
    std::string key, unit;
    std::uint64_t kib = 0;
    while (in >> key >> kib) {
        std::getline(in, unit);
        if (key == "MemAvailable:") return kib * 1024;
    }
    return kUnknown;
}

// The first word of a cgroup file as bytes; kUnknown for "max", a missing file or anything else.
std::uint64_t cgroupValue(const std::string& path) {
    std::ifstream in(path);
    std::string word;
    std::uint64_t bytes = 0;
    if (!(in >> word)) return kUnknown;
    const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), bytes);
    return ec == std::errc() && end == word.data() + word.size() ? bytes : kUnknown;
}

std::string readAll(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

std::uint64_t cgroupHeadroomBytes(const std::string& folder) {
    const std::pair<const char*, const char*> files[] = {{"memory.max", "memory.current"},
                                                         {"memory.limit_in_bytes", "memory.usage_in_bytes"}};
    for (const auto& [limitFile, usageFile] : files) {
        const std::uint64_t limit = cgroupValue(folder + "/" + limitFile);
        if (limit == kUnknown) continue;
        const std::uint64_t usage = cgroupValue(folder + "/" + usageFile);
        return usage == kUnknown ? limit : usage >= limit ? 0 : limit - usage;
    }
    return kUnknown;
}

std::vector<std::string> memoryCgroupFolders(const std::string& membership, const std::string& mount) {
    std::vector<std::string> folders;
    std::istringstream lines(membership);
    // Each line is "hierarchy-id:controllers:path"; v2's unified hierarchy is "0::path".
    for (std::string line; std::getline(lines, line);) {
        const auto first = line.find(':'), second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        const std::string id = line.substr(0, first), controllers = line.substr(first + 1, second - first - 1);
        std::string path = line.substr(second + 1);
        const bool unified = id == "0" && controllers.empty();
        const bool memory = ("," + controllers + ",").find(",memory,") != std::string::npos;
        if (!unified && !memory) continue;
        const std::string root = unified ? mount : mount + "/memory";
        // A limit on any ancestor binds too; each level has its own files.
        while (!path.empty() && path != "/") {
            folders.push_back(root + path);
            path.erase(path.rfind('/'));
        }
        folders.push_back(root);
    }
    return folders;
}

std::optional<std::uint64_t> bytesFromEnvironment(const char* name) {
    const char* text = std::getenv(name);
    if (!text) return std::nullopt;
    const std::string value(text);
    std::uint64_t bytes = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), bytes);
    if (value.empty() || ec != std::errc() || end != value.data() + value.size())
        throw InputError(name, "'" + value + "' is not a number of bytes");
    return bytes;
}

std::uint64_t availableMemoryBytes() {
    if (const auto limit = bytesFromEnvironment(kLimitVariable)) return *limit;
    std::uint64_t available = memAvailable();
    for (const std::string& folder : memoryCgroupFolders(readAll("/proc/self/cgroup")))
        available = std::min(available, cgroupHeadroomBytes(folder));
    return available;
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

double peakResidentMb() {
    std::ifstream status("/proc/self/status");
    std::string key;
    double kb = 0;
    while (status >> key)
        if (key == "VmHWM:" && status >> kb) return kb / 1024.0;
    return -1;
}

}  // namespace kann
