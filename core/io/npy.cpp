#include "core/io/npy.h"

#include "core/common/error.h"

#include <charconv>
#include <fstream>
#include <limits>
#include <map>
#include <stdexcept>

namespace kann {

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "npy.cpp copies little-endian array bytes straight into memory"
#endif

namespace {

const char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicSize = 6;
constexpr std::size_t kMaxHeader = std::size_t(1) << 20;  // numpy itself refuses headers beyond ~10 kB

// A value of the header's Python literal: a string, bool, int, or a tuple/list of values.
struct PyValue {
    enum class Kind { String, Bool, Int, Sequence, Other } kind = Kind::Other;
    std::string text;  // String: the string; otherwise the literal as written
    std::int64_t number = 0;
    std::vector<PyValue> items;
};

// Parses the subset of Python literals numpy writes in a header: {'key': value, ...}.
class HeaderParser {
public:
    HeaderParser(const std::string& text, const std::string& source) : s_(text), source_(source) {}

    std::map<std::string, PyValue> dict() {
        std::map<std::string, PyValue> out;
        expect('{');
        while (peek() != '}') {
            const PyValue key = value();
            if (key.kind != PyValue::Kind::String) fail("a dictionary key is not a string");
            expect(':');
            out[key.text] = value();
            if (peek() == ',') ++pos_;
            else if (peek() != '}') fail("expected ',' or '}'");
        }
        ++pos_;
        return out;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw InputError(source_, "malformed .npy header (" + what + " at character " + std::to_string(pos_) +
                                      "): " + s_);
    }
    char peek() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n')) ++pos_;
        if (pos_ >= s_.size()) fail("unexpected end");
        return s_[pos_];
    }
    void expect(char c) {
        if (peek() != c) fail(std::string("expected '") + c + "'");
        ++pos_;
    }
    PyValue value() {
        const char c = peek();
        if (c == '\'' || c == '"') return string();
        if (c == '(' || c == '[') return sequence(c == '(' ? ')' : ']');
        return word();
    }
    PyValue string() {
        const char quote = s_[pos_++];
        PyValue v;
        v.kind = PyValue::Kind::String;
        while (pos_ < s_.size() && s_[pos_] != quote) v.text += s_[pos_++];
        if (pos_ >= s_.size()) fail("unterminated string");
        ++pos_;
        return v;
    }
    PyValue sequence(char close) {
        ++pos_;
        PyValue v;
        v.kind = PyValue::Kind::Sequence;
        while (peek() != close) {
            v.items.push_back(value());
            if (peek() == ',') ++pos_;
            else if (peek() != close) fail(std::string("expected ',' or '") + close + "'");
        }
        ++pos_;
        return v;
    }
    PyValue word() {
        const std::size_t start = pos_;
        while (pos_ < s_.size() && std::string(",:)]} \t\n").find(s_[pos_]) == std::string::npos) ++pos_;
        PyValue v;
        v.text = s_.substr(start, pos_ - start);
        if (v.text.empty()) fail("expected a value");
        if (v.text == "True" || v.text == "False") {
            v.kind = PyValue::Kind::Bool;
            v.number = v.text == "True";
        } else {
            // An integer only when the whole word is one ("--5" or "1-2" are not).
            const char* last = v.text.data() + v.text.size();
            const auto [end, ec] = std::from_chars(v.text.data(), last, v.number);
            if (end == last && ec == std::errc::result_out_of_range) fail("integer " + v.text + " out of range");
            if (end == last && ec == std::errc()) v.kind = PyValue::Kind::Int;
        }
        return v;
    }

    const std::string& s_;
    const std::string& source_;
    std::size_t pos_ = 0;
};

// What a rejected descr means, in words a user can act on.
std::string describeDescr(const std::string& descr) {
    if (descr.size() < 2) return "dtype '" + descr + "'";
    const char order = descr[0];
    const std::string kind = descr.substr(1);
    if (order == '>') return "big-endian dtype '" + descr + "'";
    if (kind == "O") return "object dtype '" + descr + "' (pickled Python objects)";
    if (kind == "b1" || kind == "?") return "bool dtype '" + descr + "'";
    if (kind[0] == 'U' || kind[0] == 'S') return "string dtype '" + descr + "'";
    if (kind[0] == 'c') return "complex dtype '" + descr + "'";
    return "dtype '" + descr + "'";
}

// The supported dtype code of a descr ('<f4' -> "f4"), or throws naming what was found.
std::string dtypeOf(const PyValue& descr, const std::string& source) {
    const std::string supported = "; supported: little-endian float32, float64, uint16, int32, int64";
    if (descr.kind == PyValue::Kind::Sequence) throw InputError(source, "structured dtype (record fields)" + supported);
    if (descr.kind != PyValue::Kind::String) throw InputError(source, "the header's descr is not a dtype string");
    const std::string& d = descr.text;
    const bool littleEndian = d.size() == 3 && (d[0] == '<' || d[0] == '=');
    const std::string code = d.size() == 3 ? d.substr(1) : "";
    // uint16: raw ADC recordings such as scipy's MIT-BIH ecg.dat.
    const bool known = code == "f4" || code == "f8" || code == "u2" || code == "i4" || code == "i8";
    if (littleEndian && known) return code;
    throw InputError(source, "unsupported " + describeDescr(d) + supported);
}

std::int64_t checkedElements(const std::vector<std::int64_t>& shape, const std::string& source) {
    std::int64_t n = 1;
    for (std::int64_t d : shape) {
        if (d < 0) throw InputError(source, "negative dimension " + std::to_string(d) + " in the shape");
        if (d != 0 && n > std::numeric_limits<std::int64_t>::max() / 16 / d)
            throw InputError(source, "the shape is too large");
        n *= d;
    }
    return n;
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string out = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
    return out + "]";
}

// Everything the preamble and header say: dtype, shape and where the data starts.
struct NpyHeader {
    std::string dtype;
    std::vector<std::int64_t> shape;
    std::size_t dataOffset = 0;
    std::uint64_t dataBytes = 0;
};

// Where the header text lies, from the magic, version and length field at the start of `bytes`.
struct Preamble {
    std::size_t headerStart = 0;
    std::size_t headerLength = 0;
    std::size_t dataOffset() const { return headerStart + headerLength; }
};

Preamble readPreamble(const std::string& bytes, const std::string& source) {
    if (bytes.size() < kMagicSize + 2 || bytes.compare(0, kMagicSize, kMagic, kMagicSize) != 0)
        throw InputError(source, "not a .npy file (no \\x93NUMPY magic at the start)");
    const int major = static_cast<unsigned char>(bytes[6]);
    if (major < 1 || major > 3)
        throw InputError(source, "unsupported .npy format version " + std::to_string(major) + "." +
                                     std::to_string(static_cast<unsigned char>(bytes[7])));
    const std::size_t field = major == 1 ? 2 : 4;
    Preamble p;
    p.headerStart = kMagicSize + 2 + field;
    if (bytes.size() < p.headerStart) throw InputError(source, "truncated .npy header");
    for (std::size_t i = 0; i < field; ++i)
        p.headerLength |= std::size_t(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
    if (p.headerLength > kMaxHeader)
        throw InputError(source, "the .npy header claims " + std::to_string(p.headerLength) + " bytes");
    return p;
}

NpyHeader parseHeaderText(const std::string& text, std::size_t dataOffset, const std::string& source) {
    auto dict = HeaderParser(text, source).dict();
    for (const char* key : {"descr", "fortran_order", "shape"})
        if (!dict.count(key)) throw InputError(source, std::string("the .npy header has no '") + key + "' entry");
    NpyHeader h;
    h.dataOffset = dataOffset;
    h.dtype = dtypeOf(dict["descr"], source);
    const PyValue& shape = dict["shape"];
    if (shape.kind != PyValue::Kind::Sequence) throw InputError(source, "the .npy header's shape is not a tuple");
    for (const PyValue& d : shape.items) {
        if (d.kind != PyValue::Kind::Int) throw InputError(source, "the shape holds a non-integer '" + d.text + "'");
        h.shape.push_back(d.number);
    }
    const PyValue& fortran = dict["fortran_order"];
    if (fortran.kind != PyValue::Kind::Bool) throw InputError(source, "fortran_order is not True or False");
    // One dimension is laid out the same in either order.
    if (fortran.number && h.shape.size() > 1)
        throw InputError(source, "Fortran-ordered (column-major) array of shape " + shapeText(h.shape) +
                                     "; save it in C order (numpy.ascontiguousarray)");
    const std::size_t item = static_cast<std::size_t>(h.dtype[1] - '0');
    h.dataBytes = static_cast<std::uint64_t>(checkedElements(h.shape, source)) * item;
    return h;
}

void checkDataSize(const NpyHeader& h, std::uint64_t available, const std::string& source) {
    if (available < h.dataBytes)
        throw InputError(source, "truncated: shape " + shapeText(h.shape) + " of " + h.dtype + " needs " +
                                     std::to_string(h.dataBytes) + " data bytes, the file has " +
                                     std::to_string(available));
    if (available > h.dataBytes)
        throw InputError(source, std::to_string(available - h.dataBytes) + " unexpected bytes after the " +
                                     shapeText(h.shape) + " array the header describes");
}

template <typename Out>
std::vector<Out> convert(const NpyArray& a) {
    const std::size_t n = static_cast<std::size_t>(a.elements());
    std::vector<Out> out(n);
    const auto copy = [&](auto tag) {
        using In = decltype(tag);
        const char* p = a.bytes.data();
        if constexpr (std::is_same_v<In, Out>) {
            if (n) std::memcpy(out.data(), p, n * sizeof(Out));
            return;
        }
        for (std::size_t i = 0; i < n; ++i) {
            In v;
            std::memcpy(&v, p + i * sizeof(In), sizeof(In));
            out[i] = static_cast<Out>(v);
        }
    };
    if (a.dtype == "f4") copy(float{});
    else if (a.dtype == "f8") copy(double{});
    else if (a.dtype == "u2") copy(std::uint16_t{});
    else if (a.dtype == "i4") copy(std::int32_t{});
    else copy(std::int64_t{});
    return out;
}

int checkedDim(std::int64_t d, const std::string& what, const std::string& source) {
    if (d > std::numeric_limits<int>::max()) throw InputError(source, what + " " + std::to_string(d) + " is too large");
    return static_cast<int>(d);
}

std::vector<int> readLengths(const std::string& path, int batch, int time) {
    const NpyArray a = readNpy(path);
    if (a.shape.size() != 1 || a.shape[0] != batch)
        throw InputError(path, "lengths must have shape [" + std::to_string(batch) + "] to match the states, found " +
                                   shapeText(a.shape));
    if (a.isFloat()) throw InputError(path, "lengths must be integers (int32 or int64), found " + a.dtype);
    std::vector<int> lengths;
    for (std::int64_t len : a.toInt64(path)) {
        if (len < 1 || len > time)
            throw InputError(path, "sequence " + std::to_string(lengths.size()) + " has length " +
                                       std::to_string(len) + ", outside 1.." + std::to_string(time));
        lengths.push_back(static_cast<int>(len));
    }
    return lengths;
}

}  // namespace

std::int64_t NpyArray::elements() const {
    std::int64_t n = 1;
    for (std::int64_t d : shape) n *= d;
    return n;
}

std::size_t NpyArray::itemSize() const { return dtype.size() == 2 ? static_cast<std::size_t>(dtype[1] - '0') : 8; }

std::vector<float> NpyArray::toFloat() const { return convert<float>(*this); }
std::vector<double> NpyArray::toDouble() const { return convert<double>(*this); }

std::vector<std::int64_t> NpyArray::toInt64(const std::string& source) const {
    if (isFloat()) throw InputError(source, "expected an integer array, found " + dtype);
    return convert<std::int64_t>(*this);
}

NpyArray parseNpy(const std::string& image, const std::string& source) {
    const Preamble p = readPreamble(image, source);
    if (image.size() < p.dataOffset()) throw InputError(source, "truncated .npy header");
    const NpyHeader h = parseHeaderText(image.substr(p.headerStart, p.headerLength), p.dataOffset(), source);
    checkDataSize(h, image.size() - h.dataOffset, source);
    NpyArray a;
    a.dtype = h.dtype;
    a.shape = h.shape;
    a.bytes.assign(image.begin() + static_cast<std::ptrdiff_t>(h.dataOffset), image.end());
    return a;
}

NpyArray readNpy(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "cannot open the file");
    in.seekg(0, std::ios::end);
    const std::uint64_t fileSize = static_cast<std::uint64_t>(in.tellg());
    in.seekg(0);
    // Read the preamble and header first, then the data straight into the array (states can be large).
    std::string head(std::min<std::uint64_t>(fileSize, 12), '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    const Preamble p = readPreamble(head, path);
    if (fileSize < p.dataOffset()) throw InputError(path, "truncated .npy header");
    head.resize(p.dataOffset());
    in.seekg(0);
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    const NpyHeader h = parseHeaderText(head.substr(p.headerStart), p.dataOffset(), path);
    checkDataSize(h, fileSize - h.dataOffset, path);
    NpyArray a;
    a.dtype = h.dtype;
    a.shape = h.shape;
    a.bytes.resize(static_cast<std::size_t>(h.dataBytes));
    in.read(a.bytes.data(), static_cast<std::streamsize>(a.bytes.size()));
    if (!in) throw InputError(path, "read error");
    return a;
}

namespace {

// Preamble and padded header of an array; checks that `dataBytes` fit the dtype and shape.
std::string npyPreamble(const std::string& dtype, const std::vector<std::int64_t>& shape, std::size_t dataBytes) {
    if (dtype != "f4" && dtype != "f8" && dtype != "i4" && dtype != "i8")
        throw std::invalid_argument("npy: unsupported dtype '" + dtype + "'");
    std::int64_t elements = 1;
    for (std::int64_t d : shape) elements *= d;
    if (static_cast<std::uint64_t>(elements) * (dtype[1] == '4' ? 4 : 8) != dataBytes)
        throw std::invalid_argument("npy: " + std::to_string(dataBytes) + " bytes do not fit shape " + shapeText(shape));
    std::string tuple = "(";
    for (std::int64_t d : shape) tuple += std::to_string(d) + (shape.size() == 1 ? "," : ", ");
    if (shape.size() > 1) tuple.resize(tuple.size() - 2);
    tuple += ")";
    std::string header = "{'descr': '<" + dtype + "', 'fortran_order': False, 'shape': " + tuple + ", }";
    // numpy pads the header with spaces and a newline so the data starts on a 64-byte boundary;
    // version 2.0 only when the padded header outgrows 1.0's 16-bit length field.
    const auto padded = [&](std::size_t pre) { return (pre + header.size() + 1 + 63) / 64 * 64; };
    const bool v2 = padded(10) - 10 > 65535;
    const std::size_t pre = v2 ? 12 : 10;
    header.append(padded(pre) - pre - header.size() - 1, ' ');
    header += '\n';
    std::string out(kMagic, kMagicSize);
    out += v2 ? '\x02' : '\x01';
    out += '\0';
    for (std::size_t i = 0; i < pre - 8; ++i) out += static_cast<char>((header.size() >> (8 * i)) & 0xff);
    return out + header;
}

// Writes preamble and data straight from memory: states can be large, so no joined copy.
void writeRaw(const std::string& path, const std::string& preamble, const void* data, std::size_t bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(path, "cannot create the file");
    out.write(preamble.data(), static_cast<std::streamsize>(preamble.size()));
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
    if (!out.flush()) throw InputError(path, "cannot write the file");
}

}  // namespace

std::string formatNpy(const NpyArray& array) {
    std::string out = npyPreamble(array.dtype, array.shape, array.bytes.size());
    out.append(array.bytes.begin(), array.bytes.end());
    return out;
}

void writeNpy(const std::string& path, const NpyArray& array) {
    writeRaw(path, npyPreamble(array.dtype, array.shape, array.bytes.size()), array.bytes.data(), array.bytes.size());
}

HiddenStates readStatesNpy(const std::string& statesPath, const std::string& lengthsPath) {
    const NpyArray a = readNpy(statesPath);
    if (a.shape.size() != 3)
        throw InputError(statesPath, "hidden states must have shape [batch, time, dim], found " + shapeText(a.shape));
    if (!a.isFloat()) throw InputError(statesPath, "hidden states must be float32 or float64, found " + a.dtype);
    HiddenStates s;
    s.batch = checkedDim(a.shape[0], "batch", statesPath);
    s.time = checkedDim(a.shape[1], "time", statesPath);
    s.dim = checkedDim(a.shape[2], "dim", statesPath);
    s.values = a.toFloat();
    s.lengths = lengthsPath.empty() ? std::vector<int>(s.batch, s.time) : readLengths(lengthsPath, s.batch, s.time);
    s.validate(statesPath);
    return s;
}

void writeStatesNpy(const HiddenStates& states, const std::string& statesPath, const std::string& lengthsPath) {
    const std::size_t bytes = states.values.size() * sizeof(float);
    writeRaw(statesPath, npyPreamble("f4", {states.batch, states.time, states.dim}, bytes), states.values.data(), bytes);
    if (lengthsPath.empty()) return;
    writeNpy(lengthsPath, NpyArray::from(std::vector<std::int64_t>{states.batch},
                                         std::vector<std::int64_t>(states.lengths.begin(), states.lengths.end())));
}

}  // namespace kann
