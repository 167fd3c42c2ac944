#pragma once
// SHA-256 (OpenSSL's libcrypto), so a saved exploration can tell whether its checkpoint or data changed.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX, kept out of this header

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
    struct FreeContext {
        void operator()(evp_md_ctx_st* context) const;
    };
    std::unique_ptr<evp_md_ctx_st, FreeContext> context_;
};

// SHA-256 of a byte string, as hex.
std::string sha256Hex(std::string_view bytes);

// SHA-256 of a file's content; of a folder, the SHA-256 of its sorted listing of
// "relative/path<NUL>file-sha256<LF>" lines (regular files, recursively). Throws InputError(path, ...)
// when it is missing or unreadable.
std::string sha256Path(const std::string& path);

}  // namespace kann
