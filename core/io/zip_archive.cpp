#include "core/io/zip_archive.h"

#include "core/common/error.h"
#include "core/io/memory_limit.h"

#include <algorithm>

#include <zip.h>

namespace kann {

struct ZipArchive::Handle {
    zip_t* zip = nullptr;
    ~Handle() {
        if (zip) zip_discard(zip);
    }
};

namespace {

std::string zipErrorText(int code) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    return text;
}

zip_stat_t statEntry(zip_t* zip, const std::string& name, const std::string& path) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(zip, name.c_str(), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        throw InputError(path, "the archive has no entry '" + name + "'");
    return st;
}

// An entry may not expand beyond the caller's limit nor beyond the memory the machine has left:
// a zip bomb is refused from its directory record, before anything is inflated.
void refuseOversized(const zip_stat_t& st, const std::string& name, std::uint64_t maxBytes, const std::string& path) {
    if (st.size > maxBytes)
        throw InputError(path, "entry '" + name + "' claims " + std::to_string(st.size) + " bytes, more than the " +
                                   std::to_string(maxBytes) + " allowed");
    const std::uint64_t available = availableMemoryBytes();
    if (st.size <= available) return;
    const std::string packed = st.valid & ZIP_STAT_COMP_SIZE ? " from " + bytesText(st.comp_size) + " compressed" : "";
    throw InputError(path, "entry '" + name + "' would expand to " + bytesText(st.size) + packed + ", more than the " +
                               bytesText(available) + " of memory available; refused (a zip bomb?)");
}

}  // namespace

ZipArchive::ZipArchive(const std::string& path) : path_(path), handle_(std::make_unique<Handle>()) {
    int code = 0;
    handle_->zip = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (!handle_->zip) {
        if (code == ZIP_ER_NOENT || code == ZIP_ER_OPEN) throw InputError(path, "cannot open the file");
        throw InputError(path, "not a valid zip archive (" + zipErrorText(code) + ")");
    }
}

ZipArchive::~ZipArchive() = default;

std::vector<std::string> ZipArchive::names() const {
    std::vector<std::string> out;
    const zip_int64_t n = zip_get_num_entries(handle_->zip, 0);
    for (zip_int64_t i = 0; i < n; ++i) {
        if (const char* name = zip_get_name(handle_->zip, static_cast<zip_uint64_t>(i), 0)) out.emplace_back(name);
    }
    return out;
}

bool ZipArchive::contains(const std::string& name) const {
    return zip_name_locate(handle_->zip, name.c_str(), 0) >= 0;
}

std::uint64_t ZipArchive::size(const std::string& name) const { return statEntry(handle_->zip, name, path_).size; }

std::string ZipArchive::read(const std::string& name, std::uint64_t maxBytes) const {
    const zip_stat_t st = statEntry(handle_->zip, name, path_);
    refuseOversized(st, name, maxBytes, path_);
    const std::uint64_t bytes = st.size;
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen(handle_->zip, name.c_str(), 0), &zip_fclose);
    if (!file) throw InputError(path_, "cannot read entry '" + name + "': " + zip_strerror(handle_->zip));
    // Reserved, then filled as data arrives: an entry that lies about its size costs only what it holds.
    constexpr std::uint64_t kChunk = std::uint64_t(1) << 24;
    std::string data;
    data.reserve(bytes);
    while (data.size() < bytes) {
        const std::size_t done = data.size();
        data.resize(done + std::min(kChunk, bytes - done));
        const zip_int64_t got = zip_fread(file.get(), data.data() + done, data.size() - done);
        if (got < 0) throw InputError(path_, "entry '" + name + "' is corrupt: " + zip_file_strerror(file.get()));
        data.resize(done + static_cast<std::size_t>(got));
        if (got == 0) break;
    }
    // A lying directory entry (bomb or truncation) shows up as a short or long read.
    char extra;
    if (data.size() != bytes || zip_fread(file.get(), &extra, 1) != 0)
        throw InputError(path_, "entry '" + name + "' does not match its recorded size");
    return data;
}

void writeZipArchive(const std::string& path,
                     const std::vector<std::pair<std::string, std::string>>& entries) {
    int code = 0;
    zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (!zip) throw InputError(path, "cannot create the file (" + zipErrorText(code) + ")");
    for (const auto& [name, data] : entries) {
        zip_source_t* src = zip_source_buffer(zip, data.data(), data.size(), 0);
        const zip_int64_t index = src ? zip_file_add(zip, name.c_str(), src, ZIP_FL_OVERWRITE) : -1;
        if (index < 0) {
            if (src) zip_source_free(src);
            const std::string why = zip_strerror(zip);
            zip_discard(zip);
            throw InputError(path, "cannot add entry '" + name + "': " + why);
        }
        zip_set_file_compression(zip, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
        // A fixed time stamp keeps equal contents byte-identical (reproducible checkpoints).
        zip_file_set_mtime(zip, static_cast<zip_uint64_t>(index), 315532800, 0);
    }
    if (zip_close(zip) != 0) {
        const std::string why = zip_strerror(zip);
        zip_discard(zip);
        throw InputError(path, "cannot write the archive: " + why);
    }
}

}  // namespace kann
