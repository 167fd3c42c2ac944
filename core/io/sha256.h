#pragma once
// SHA-256 (FIPS 180-4), so a saved exploration can tell whether its checkpoint or data changed.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kann {

class Sha256 {
public:
    Sha256();
    // Feeds more bytes; any split of a message gives the same digest as feeding it whole.
    void update(const void* data, std::size_t size);
    void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
    // The digest of everything fed so far, as 64 lower-case hex digits. Ends this hasher's use.
    std::string hexDigest();

private:
    void compress(const std::uint8_t* block);

    std::array<std::uint32_t, 8> state_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t totalBytes_ = 0;
};

// SHA-256 of a byte string, as hex.
std::string sha256Hex(std::string_view bytes);

// SHA-256 of a file's content; of a folder, the SHA-256 of its sorted listing of
// "relative/path<NUL>file-sha256<LF>" lines (regular files, recursively). Throws InputError(path, ...)
// when it is missing or unreadable.
std::string sha256Path(const std::string& path);

}  // namespace kann
