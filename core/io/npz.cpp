#include "core/io/npz.h"

#include "core/common/error.h"
#include "core/io/zip_archive.h"

namespace kann {

namespace {

const std::string kSuffix = ".npy";

bool hasSuffix(const std::string& name) {
    return name.size() > kSuffix.size() && name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

std::string arrayName(const std::string& entry) { return entry.substr(0, entry.size() - kSuffix.size()); }

// Errors inside an entry name both the archive and the entry.
NpyArray parseEntry(const ZipArchive& zip, const std::string& entry) {
    return parseNpy(zip.read(entry), zip.path() + " [" + entry + "]");
}

}  // namespace

NamedArrays readNpz(const std::string& path) {
    ZipArchive zip(path);
    NamedArrays out;
    for (const std::string& entry : zip.names()) {
        if (!entry.empty() && entry.back() == '/') continue;  // a directory record holds no data
        if (!hasSuffix(entry)) throw InputError(path, "entry '" + entry + "' is not a .npy array");
        out.emplace_back(arrayName(entry), parseEntry(zip, entry));
    }
    if (out.empty()) throw InputError(path, "the archive holds no arrays");
    return out;
}

NpyArray readNpzArray(const std::string& path, const std::string& name) {
    ZipArchive zip(path);
    const std::string entry = hasSuffix(name) ? name : name + kSuffix;
    if (zip.contains(entry)) return parseEntry(zip, entry);
    std::string present;
    for (const std::string& e : zip.names()) present += (present.empty() ? "" : ", ") + (hasSuffix(e) ? arrayName(e) : e);
    throw InputError(path, "no array named '" + arrayName(entry) + "' (the archive holds: " + present + ")");
}

void writeNpz(const std::string& path, const NamedArrays& arrays) {
    std::vector<std::pair<std::string, std::string>> entries;
    entries.reserve(arrays.size());
    for (const auto& [name, array] : arrays) entries.emplace_back(name + kSuffix, formatNpy(array));
    writeZipArchive(path, entries);
}

}  // namespace kann
