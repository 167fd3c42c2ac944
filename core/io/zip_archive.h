#pragma once
// Read-only access to a zip archive (PyTorch checkpoints, NumPy .npz), through libzip.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kann {

class ZipArchive {
public:
    // Opens `path`; throws InputError(path, ...) when it is missing or not a valid zip.
    explicit ZipArchive(const std::string& path);
    ~ZipArchive();
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    const std::string& path() const { return path_; }
    std::vector<std::string> names() const;
    bool contains(const std::string& name) const;
    // Uncompressed size as recorded in the archive's directory.
    std::uint64_t size(const std::string& name) const;
    // Reads one entry whole. Refuses, from the directory and before inflating, entries larger than
    // maxBytes or than availableMemoryBytes() (zip bombs); checks the size read and the CRC.
    std::string read(const std::string& name, std::uint64_t maxBytes = std::uint64_t(1) << 34) const;

private:
    struct Handle;
    std::string path_;
    std::unique_ptr<Handle> handle_;
};

// Writes a zip archive with stored (uncompressed) entries, as torch.save and numpy.savez do,
// every entry stamped 1980-01-01 so that equal contents give identical files.
void writeZipArchive(const std::string& path,
                     const std::vector<std::pair<std::string, std::string>>& entries);

}  // namespace kann
