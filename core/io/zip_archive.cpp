#include "core/io/zip_archive.h"

#include "core/common/error.h"

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

std::uint64_t ZipArchive::size(const std::string& name) const {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(handle_->zip, name.c_str(), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        throw InputError(path_, "the archive has no entry '" + name + "'");
    return st.size;
}

std::string ZipArchive::read(const std::string& name, std::uint64_t maxBytes) const {
    const std::uint64_t bytes = size(name);
    if (bytes > maxBytes)
        throw InputError(path_, "entry '" + name + "' claims " + std::to_string(bytes) +
                                    " bytes, more than the " + std::to_string(maxBytes) + " allowed");
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen(handle_->zip, name.c_str(), 0), &zip_fclose);
    if (!file) throw InputError(path_, "cannot read entry '" + name + "': " + zip_strerror(handle_->zip));
    std::string data(bytes, '\0');
    std::uint64_t done = 0;
    while (done < bytes) {
        const zip_int64_t got = zip_fread(file.get(), data.data() + done, bytes - done);
        if (got < 0) throw InputError(path_, "entry '" + name + "' is corrupt: " + zip_file_strerror(file.get()));
        if (got == 0) break;
        done += static_cast<std::uint64_t>(got);
    }
    // A lying directory entry (bomb or truncation) shows up as a short or long read.
    char extra;
    if (done != bytes || zip_fread(file.get(), &extra, 1) != 0)
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
    }
    if (zip_close(zip) != 0) {
        const std::string why = zip_strerror(zip);
        zip_discard(zip);
        throw InputError(path, "cannot write the archive: " + why);
    }
}

}  // namespace kann
