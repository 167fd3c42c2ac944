#pragma once
// How much memory the studio may use, so a huge batch or a zip bomb is refused before allocating.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kann {

// Bytes the process may still allocate: $KANN_MEMORY_LIMIT_BYTES when set (tests, or a user who
// wants a cap), else the least of the kernel's MemAvailable and what the process's memory cgroups
// leave (a container's or a systemd slice's limit); UINT64_MAX when none is known.
// Throws InputError("KANN_MEMORY_LIMIT_BYTES", ...) when the variable is not a whole number.
std::uint64_t availableMemoryBytes();

// The whole number of bytes in the environment variable `name`; nullopt when it is unset.
// Throws InputError(name, ...) when it is not a whole number.
std::optional<std::uint64_t> bytesFromEnvironment(const char* name);

// What the memory cgroup in `folder` leaves below its limit: memory.max - memory.current (cgroup v2)
// or memory.limit_in_bytes - memory.usage_in_bytes (v1); 0 once usage reaches the limit; UINT64_MAX
// when the limit is "max" or the folder has no such files.
std::uint64_t cgroupHeadroomBytes(const std::string& folder);

// The folders whose memory limits bind a process whose /proc/self/cgroup reads `membership`: its
// memory cgroup and each ancestor up to the hierarchy's root, under `mount` (v2) or `mount`/memory (v1).
std::vector<std::string> memoryCgroupFolders(const std::string& membership, const std::string& mount = "/sys/fs/cgroup");

// The process's peak resident memory (VmHWM of /proc/self/status) in MiB, since it started or since
// 5 was last written to /proc/self/clear_refs; -1 where the system does not say.
double peakResidentMb();

// "512 bytes", "3.2 MiB", "1.5 GiB": sizes as people read them.
std::string bytesText(std::uint64_t bytes);

}  // namespace kann
