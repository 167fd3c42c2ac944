#include "core/train/checkpoint_writer.h"

#include "core/common/error.h"
#include "core/io/zip_archive.h"
#include "core/models/pickle_opcodes.h"

#include <cstring>
#include <filesystem>
#include <set>
#include <stdexcept>

namespace kann {

namespace {

namespace op = pickle;

class PickleWriter {
public:
    PickleWriter() {
        opcode(op::PROTO);
        out_ += '\x02';  // protocol 2, as torch.save writes
    }

    void opcode(pickle::Op o) { out_ += static_cast<char>(o); }
    void global(const std::string& module, const std::string& name) {
        opcode(op::GLOBAL);
        out_ += module + '\n' + name + '\n';
    }
    void string(const std::string& s) {
        opcode(op::BINUNICODE);
        littleEndian(static_cast<std::uint64_t>(s.size()), 4);
        out_ += s;
    }
    // Python picks the shortest integer opcode; any of them loads the same value.
    void integer(std::int64_t v) {
        if (v >= 0 && v < 256) {
            opcode(op::BININT1);
            littleEndian(static_cast<std::uint64_t>(v), 1);
        } else if (v >= 0 && v < 65536) {
            opcode(op::BININT2);
            littleEndian(static_cast<std::uint64_t>(v), 2);
        } else if (v >= INT32_MIN && v <= INT32_MAX) {
            opcode(op::BININT);
            littleEndian(static_cast<std::uint64_t>(v), 4);
        } else {
            opcode(op::LONG1);
            out_ += '\x08';
            littleEndian(static_cast<std::uint64_t>(v), 8);
        }
    }
    void intTuple(const std::vector<std::int64_t>& values) {
        opcode(op::MARK);
        for (std::int64_t v : values) integer(v);
        opcode(op::TUPLE);
    }
    // collections.OrderedDict(): the container of a state dict and the (empty) backward hooks.
    void emptyOrderedDict() {
        global("collections", "OrderedDict");
        opcode(op::EMPTY_TUPLE);
        opcode(op::REDUCE);
    }
    std::string finish() {
        opcode(op::STOP);
        return out_;
    }

private:
    void littleEndian(std::uint64_t v, int bytes) {
        for (int i = 0; i < bytes; ++i) out_ += static_cast<char>((v >> (8 * i)) & 0xff);
    }
    std::string out_;
};

std::vector<std::int64_t> contiguousStrides(const std::vector<std::int64_t>& shape) {
    std::vector<std::int64_t> strides(shape.size(), 1);
    for (std::size_t i = shape.size(); i-- > 1;) strides[i - 1] = strides[i] * shape[i];
    return strides;
}

void checkTensors(const CheckpointTensors& tensors) {
    std::set<std::string> names;
    for (const CheckpointTensor& t : tensors) {
        std::int64_t n = 1;
        for (std::int64_t d : t.shape) {
            if (d < 0) throw std::invalid_argument("state tensor '" + t.name + "' has a negative dimension");
            n *= d;
        }
        if (n != static_cast<std::int64_t>(t.values.size()))
            throw std::invalid_argument("state tensor '" + t.name + "' holds " + std::to_string(t.values.size()) +
                                        " values, its shape needs " + std::to_string(n));
        if (!names.insert(t.name).second) throw std::invalid_argument("state tensor '" + t.name + "' appears twice");
    }
}

std::string rawBytes(const std::vector<float>& values) {
    std::string bytes(values.size() * sizeof(float), '\0');
    if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());  // x86/ARM: little-endian
    return bytes;
}

}  // namespace

std::string pickleStateDict(const CheckpointTensors& tensors) {
    checkTensors(tensors);
    PickleWriter p;
    p.emptyOrderedDict();
    p.opcode(op::MARK);
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        const CheckpointTensor& t = tensors[i];
        p.string(t.name);
        p.global("torch._utils", "_rebuild_tensor_v2");
        p.opcode(op::MARK);
        // Persistent id: ('storage', storage type, key, location, element count).
        p.opcode(op::MARK);
        p.string("storage");
        p.global("torch", "FloatStorage");
        p.string(std::to_string(i));
        p.string("cpu");
        p.integer(static_cast<std::int64_t>(t.values.size()));
        p.opcode(op::TUPLE);
        p.opcode(op::BINPERSID);
        p.integer(0);  // storage offset
        p.intTuple(t.shape);
        p.intTuple(contiguousStrides(t.shape));
        p.opcode(op::NEWFALSE);  // requires_grad
        p.emptyOrderedDict();
        p.opcode(op::TUPLE);
        p.opcode(op::REDUCE);
    }
    p.opcode(op::SETITEMS);
    return p.finish();
}

void writeStateDict(const std::string& path, const CheckpointTensors& tensors) {
    std::vector<std::pair<std::string, std::string>> entries;
    entries.emplace_back("archive/data.pkl", pickleStateDict(tensors));
    for (std::size_t i = 0; i < tensors.size(); ++i)
        entries.emplace_back("archive/data/" + std::to_string(i), rawBytes(tensors[i].values));
    entries.emplace_back("archive/version", "3\n");

    const std::string partial = path + ".partial";
    writeZipArchive(partial, entries);
    std::error_code ec;
    std::filesystem::rename(partial, path, ec);
    if (ec) {
        const std::string why = ec.message();
        std::filesystem::remove(partial, ec);
        throw InputError(path, "cannot replace the checkpoint: " + why);
    }
}

}  // namespace kann
