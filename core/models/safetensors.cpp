#include "core/models/safetensors.h"

#include "core/common/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>

namespace kann {

namespace {

// The header of a real file is a few KiB per thousand tensors.
constexpr std::uint64_t kMaxHeaderBytes = std::uint64_t(100) << 20;

const std::map<std::string, DType>& dtypes() {
    static const std::map<std::string, DType> names = {
        {"F32", DType::Float32}, {"F64", DType::Float64}, {"F16", DType::Float16}, {"BF16", DType::BFloat16},
        {"I64", DType::Int64},   {"I32", DType::Int32},   {"I16", DType::Int16},   {"I8", DType::Int8},
        {"U8", DType::UInt8},    {"BOOL", DType::Bool},
    };
    return names;
}

std::uint64_t headerLength(const std::string& bytes) {
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
    return n;
}

struct Entry {
    std::string key;
    DType dtype;
    std::vector<std::int64_t> shape;
    std::uint64_t begin, end;
};

std::uint64_t unsignedField(const nlohmann::json& v, const std::string& what, const std::string& source) {
    if (!v.is_number_unsigned()) throw InputError(source, what + " is not a non-negative integer");
    return v.get<std::uint64_t>();
}

Entry entryOf(const std::string& key, const nlohmann::json& v, const std::string& source) {
    const std::string where = "tensor '" + key + "'";
    if (!v.is_object() || !v.contains("dtype") || !v.contains("shape") || !v.contains("data_offsets"))
        throw InputError(source, where + " lacks dtype, shape or data_offsets in the header");
    const nlohmann::json &dtype = v["dtype"], &shape = v["shape"], &offsets = v["data_offsets"];
    const auto type = dtype.is_string() ? dtypes().find(dtype.get<std::string>()) : dtypes().end();
    if (type == dtypes().end())
        throw InputError(source, where + " has dtype " + dtype.dump() + "; F32, F64, F16, BF16 and integer types are read");
    if (!shape.is_array() || shape.size() > 8) throw InputError(source, where + " has a shape that is not a list of sizes");
    if (!offsets.is_array() || offsets.size() != 2) throw InputError(source, where + "'s data_offsets is not [begin, end]");
    Entry e{key, type->second, {}, unsignedField(offsets[0], where + "'s begin", source),
            unsignedField(offsets[1], where + "'s end", source)};
    std::int64_t numel = 1;
    for (const auto& size : shape) {
        const std::uint64_t n = unsignedField(size, where + "'s size", source);
        if (n > 0 && static_cast<std::uint64_t>(numel) > static_cast<std::uint64_t>(kMaxTensorElements) / n)
            throw InputError(source, where + " claims an absurd size");
        numel *= static_cast<std::int64_t>(n);
        e.shape.push_back(static_cast<std::int64_t>(n));
    }
    if (e.end < e.begin || e.end - e.begin != static_cast<std::uint64_t>(numel) * dtypeSize(e.dtype))
        throw InputError(source, where + " spans bytes " + std::to_string(e.begin) + ".." + std::to_string(e.end) +
                                     ", but " + std::to_string(numel) + " " + dtypeName(e.dtype) + " elements take " +
                                     std::to_string(numel * dtypeSize(e.dtype)));
    return e;
}

// The byte ranges must tile the data exactly, as the format requires: no overlap, no gap, no tail.
void checkTiling(std::vector<Entry>& entries, std::uint64_t dataBytes, const std::string& source) {
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    std::uint64_t at = 0;
    for (const Entry& e : entries) {
        if (e.begin != at)
            throw InputError(source, "tensor '" + e.key + "' starts at byte " + std::to_string(e.begin) + " of the data, not at " +
                                         std::to_string(at) + ": the byte ranges overlap or leave a gap");
        at = e.end;
    }
    if (at != dataBytes)
        throw InputError(source, "the tensors cover " + std::to_string(at) + " bytes of data, but the file holds " +
                                     std::to_string(dataBytes));
}

}  // namespace

bool isSafetensorsFile(const std::string& path) {
    if (path.size() >= 12 && path.compare(path.size() - 12, 12, ".safetensors") == 0) return true;
    std::ifstream in(path, std::ios::binary);
    std::string head(9, '\0');
    if (!in.read(head.data(), 9)) return false;
    return head[8] == '{' && headerLength(head) <= kMaxHeaderBytes;
}

std::vector<NamedTensor> parseSafetensors(const std::string& bytes, const std::string& source) {
    if (bytes.size() < 8) throw InputError(source, "too short for a safetensors file (no 8-byte header length)");
    const std::uint64_t n = headerLength(bytes);
    if (n > kMaxHeaderBytes || n > bytes.size() - 8)
        throw InputError(source, "the safetensors header claims " + std::to_string(n) + " bytes; the file holds " +
                                     std::to_string(bytes.size() - 8) + " after the length");
    const nlohmann::json header = nlohmann::json::parse(bytes.begin() + 8, bytes.begin() + 8 + static_cast<std::ptrdiff_t>(n),
                                                        nullptr, false);
    if (header.is_discarded() || !header.is_object())
        throw InputError(source, "the safetensors header is not a JSON object");
    std::vector<Entry> entries;
    for (const auto& [key, value] : header.items()) {
        if (key != "__metadata__") entries.push_back(entryOf(key, value, source));
    }
    const std::uint64_t dataStart = 8 + n;
    checkTiling(entries, bytes.size() - dataStart, source);
    std::vector<NamedTensor> out;
    for (const Entry& e : entries) {
        PlainTensor t;
        t.dtype = e.dtype;
        t.shape = e.shape;
        const int width = dtypeSize(e.dtype);
        t.data.resize((e.end - e.begin) / width);
        const char* p = bytes.data() + dataStart + e.begin;
        for (std::size_t i = 0; i < t.data.size(); ++i) t.data[i] = elementToFloat(p + i * width, e.dtype);
        out.push_back({e.key, std::move(t)});
    }
    return out;
}

std::vector<NamedTensor> readSafetensors(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "cannot open the file");
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    return parseSafetensors(bytes, path);
}

}  // namespace kann
