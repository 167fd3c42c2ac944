#include "core/models/torch_pickle.h"

#include "core/common/error.h"
#include "core/io/zip_archive.h"
#include "core/models/pickle_opcodes.h"

#include <Eigen/Core>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <set>

namespace kann {

std::string dtypeName(DType dtype) {
    switch (dtype) {
        case DType::Float32: return "float32";
        case DType::Float64: return "float64";
        case DType::Float16: return "float16";
        case DType::BFloat16: return "bfloat16";
        case DType::Int64: return "int64";
        case DType::Int32: return "int32";
        case DType::Int16: return "int16";
        case DType::Int8: return "int8";
        case DType::UInt8: return "uint8";
        case DType::Bool: return "bool";
    }
    return "?";
}

int dtypeSize(DType dtype) {
    switch (dtype) {
        case DType::Float64: case DType::Int64: return 8;
        case DType::Float32: case DType::Int32: return 4;
        case DType::Float16: case DType::BFloat16: case DType::Int16: return 2;
        default: return 1;
    }
}

std::string PlainTensor::shapeText() const {
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

namespace {

// ---------------------------------------------------------------- globals allowed in a state dict

const std::map<std::string, DType>& storageGlobals() {
    static const std::map<std::string, DType> globals = {
        {"torch.FloatStorage", DType::Float32},   {"torch.DoubleStorage", DType::Float64},
        {"torch.HalfStorage", DType::Float16},    {"torch.BFloat16Storage", DType::BFloat16},
        {"torch.LongStorage", DType::Int64},      {"torch.IntStorage", DType::Int32},
        {"torch.ShortStorage", DType::Int16},     {"torch.CharStorage", DType::Int8},
        {"torch.ByteStorage", DType::UInt8},      {"torch.BoolStorage", DType::Bool},
        // Untyped storages are raw bytes.
        {"torch.storage._UntypedStorage", DType::UInt8}, {"torch.UntypedStorage", DType::UInt8},
    };
    return globals;
}

const char* const kOrderedDict = "collections.OrderedDict";
const char* const kRebuildTensor = "torch._utils._rebuild_tensor_v2";
const char* const kRebuildParameter = "torch._utils._rebuild_parameter";

bool allowedGlobal(const std::string& name) {
    return name == kOrderedDict || name == kRebuildTensor || name == kRebuildParameter ||
           storageGlobals().count(name) > 0;
}

// A refused global that shows the file is a whole pickled model rather than its state dict.
bool isModelClass(const std::string& name) {
    return name.rfind("__main__.", 0) == 0 || name.rfind("torch.nn.", 0) == 0;
}

// ---------------------------------------------------------------- pickle values

struct Value;
using ValuePtr = std::shared_ptr<Value>;

struct Storage {
    DType dtype = DType::Float32;
    std::string key;
    std::int64_t numel = 0;
};

struct Value {
    enum class Kind { None, Bool, Int, Float, String, Tuple, List, Dict, Global, Storage, Tensor };
    Kind kind = Kind::None;
    std::int64_t integer = 0;
    double real = 0;
    std::string text;  // String; Global: "module.name"
    std::vector<ValuePtr> items;                          // Tuple, List
    std::vector<std::pair<ValuePtr, ValuePtr>> entries;   // Dict, in insertion order
    Storage storage;
    std::shared_ptr<PlainTensor> tensor;
    int depth = 1;        // nesting of containers, bounded so destruction cannot overflow the stack
    bool inside = false;  // already held by a container: then it may not change
};

// Containers nest at most this deep (a state dict needs 4).
constexpr int kMaxDepth = 64;

const char* kindName(Value::Kind kind) {
    static const char* const names[] = {"None", "bool", "int", "float", "str", "tuple",
                                        "list", "dict", "global", "storage", "tensor"};
    return names[static_cast<int>(kind)];
}

ValuePtr make(Value::Kind kind) {
    auto v = std::make_shared<Value>();
    v->kind = kind;
    return v;
}

// ---------------------------------------------------------------- instruction decoding

struct Instruction {
    unsigned char op = 0;
    std::size_t offset = 0;
    std::int64_t integer = 0;
    double real = 0;
    std::string text;
};

class Decoder {
public:
    Decoder(const std::string& bytes, const std::string& source) : bytes_(bytes), source_(source) {}

    bool done() const { return pos_ >= bytes_.size(); }

    Instruction next() {
        Instruction in;
        in.offset = pos_;
        in.op = static_cast<unsigned char>(take(1)[0]);
        switch (in.op) {
            case pickle::PROTO: in.integer = byte(); break;
            case pickle::FRAME: take(8); break;
            case pickle::BININT1: case pickle::BINPUT: case pickle::BINGET: in.integer = byte(); break;
            case pickle::BININT2: in.integer = little(2, false); break;
            case pickle::BININT: in.integer = little(4, true); break;
            case pickle::LONG_BINPUT: case pickle::LONG_BINGET: in.integer = little(4, false); break;
            case pickle::LONG1: in.integer = little(byte(), true); break;
            case pickle::BINFLOAT: in.real = bigEndianDouble(); break;
            case pickle::BINUNICODE: in.text = take(length(4)); break;
            case pickle::SHORT_BINUNICODE: case pickle::SHORT_BINSTRING: in.text = take(byte()); break;
            case pickle::GLOBAL: in.text = line(); in.text += "." + line(); break;  // module\nname\n
            default: break;  // no argument
        }
        return in;
    }

    [[noreturn]] void fail(std::size_t offset, const std::string& why) const {
        throw InputError(source_, "bad pickle at byte " + std::to_string(offset) + ": " + why);
    }

private:
    std::string take(std::size_t n) {
        if (n > bytes_.size() - pos_) fail(pos_, "it ends inside an instruction");
        std::string out = bytes_.substr(pos_, n);
        pos_ += n;
        return out;
    }
    std::int64_t byte() { return static_cast<unsigned char>(take(1)[0]); }
    std::int64_t little(std::int64_t n, bool isSigned) {
        if (n > 8) fail(pos_, "an integer of " + std::to_string(n) + " bytes");
        const std::string b = take(static_cast<std::size_t>(n));
        std::uint64_t v = 0;
        for (std::int64_t i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[i]);
        if (isSigned && n > 0 && n < 8 && (b[n - 1] & 0x80)) v |= ~std::uint64_t(0) << (8 * n);
        return static_cast<std::int64_t>(v);
    }
    std::size_t length(int n) { return static_cast<std::size_t>(little(n, false)); }
    double bigEndianDouble() {
        const std::string b = take(8);
        std::uint64_t bits = 0;
        for (char c : b) bits = (bits << 8) | static_cast<unsigned char>(c);
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }
    std::string line() {
        const std::size_t end = bytes_.find('\n', pos_);
        if (end == std::string::npos || end - pos_ > 256) fail(pos_, "a GLOBAL without a proper name");
        std::string out = bytes_.substr(pos_, end - pos_);
        pos_ = end + 1;
        return out;
    }

    const std::string& bytes_;
    const std::string& source_;
    std::size_t pos_ = 0;
};

// Every global the pickle names must be allowed: checked before anything is built.
void checkGlobals(const std::string& pickle, const std::string& source) {
    Decoder decoder(pickle, source);
    while (!decoder.done()) {
        const Instruction in = decoder.next();
        if (in.op == pickle::STOP) return;
        if (in.op == pickle::STACK_GLOBAL)
            decoder.fail(in.offset, "STACK_GLOBAL is not used by torch.save and is refused");
        if (in.op != pickle::GLOBAL || allowedGlobal(in.text)) continue;
        if (isModelClass(in.text))
            throw InputError(source, "this is a whole pickled model (it names the class " + in.text +
                                         "), not a state dict; save it with torch.save(model.state_dict(), path)");
        throw InputError(source, "refused: the pickle calls " + in.text +
                                     ", which is not a tensor or state-dict global; the file was not loaded "
                                     "(a pickle can run code, so only tensors and OrderedDict are accepted)");
    }
    throw InputError(source, "bad pickle: it has no STOP instruction");
}

// ---------------------------------------------------------------- tensors from storages

template <typename T>
T load(const char* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
}


std::vector<std::int64_t> intTuple(const Value& v, const char* what, const std::string& source) {
    if (v.kind != Value::Kind::Tuple) throw InputError(source, std::string("tensor ") + what + " is not a tuple");
    std::vector<std::int64_t> out;
    for (const auto& item : v.items) {
        if (item->kind != Value::Kind::Int) throw InputError(source, std::string("tensor ") + what + " holds a non-integer");
        out.push_back(item->integer);
    }
    return out;
}

// Checks sizes, strides and offset against the storage; returns the element count.
std::int64_t checkView(const Storage& s, std::int64_t offset, const std::vector<std::int64_t>& size,
                       const std::vector<std::int64_t>& stride, const std::string& source) {
    const std::string where = "tensor in storage '" + s.key + "'";
    if (size.size() != stride.size()) throw InputError(source, where + " has " + std::to_string(size.size()) +
                                                                   " sizes but " + std::to_string(stride.size()) + " strides");
    if (offset < 0) throw InputError(source, where + " has a negative storage offset");
    std::int64_t numel = 1, last = offset;
    for (std::size_t d = 0; d < size.size(); ++d) {
        if (size[d] < 0) throw InputError(source, where + " has a negative size");
        if (stride[d] < 0) throw InputError(source, where + " has a negative stride, which PyTorch never saves");
        if (size[d] > 0 && numel > kMaxTensorElements / size[d])
            throw InputError(source, where + " claims an absurd size (more than " +
                                         std::to_string(kMaxTensorElements) + " elements)");
        numel *= size[d];
    }
    if (numel == 0) return 0;
    // The first element lies at the offset: checked here too, since a 0-d tensor has no dimension below.
    if (offset >= s.numel)
        throw InputError(source, where + " reaches element " + std::to_string(offset) + " of a storage of " +
                                     std::to_string(s.numel) + " elements");
    if (numel > kMaxViewExpansion * std::max<std::int64_t>(s.numel, 1))
        throw InputError(source, where + " claims " + std::to_string(numel) + " elements from a storage of " +
                                     std::to_string(s.numel));
    for (std::size_t d = 0; d < size.size(); ++d) {
        if (stride[d] > 0 && (size[d] - 1) > (std::int64_t(1) << 62) / stride[d])
            throw InputError(source, where + " has strides far beyond its storage");
        last += (size[d] - 1) * stride[d];
        if (last < 0 || last >= s.numel)
            throw InputError(source, where + " reaches element " + std::to_string(last) +
                                         " of a storage of " + std::to_string(s.numel) + " elements");
    }
    return numel;
}

// ---------------------------------------------------------------- the pickle machine

class Unpickler {
public:
    Unpickler(const StorageReader& storages, const std::string& source) : storages_(storages), source_(source) {}

    ValuePtr run(const std::string& pickle) {
        Decoder decoder(pickle, source_);
        while (true) {
            const Instruction in = decoder.next();
            if (in.op == pickle::STOP) break;
            execute(in, decoder);
        }
        if (stack_.size() != 1) throw InputError(source_, "bad pickle: it does not leave exactly one object");
        return stack_.back();
    }

private:
    void execute(const Instruction& in, Decoder& decoder) {
        using K = Value::Kind;
        switch (in.op) {
            case pickle::PROTO: case pickle::FRAME: return;
            case pickle::MARK: marks_.push_back(stack_.size()); return;
            case pickle::EMPTY_DICT: return push(make(K::Dict));
            case pickle::EMPTY_LIST: return push(make(K::List));
            case pickle::EMPTY_TUPLE: return push(make(K::Tuple));
            case pickle::NONE: return push(make(K::None));
            case pickle::NEWTRUE: case pickle::NEWFALSE: return push(scalar(K::Bool, in.op == pickle::NEWTRUE));
            case pickle::BININT1: case pickle::BININT2: case pickle::BININT: case pickle::LONG1:
                return push(scalar(K::Int, in.integer));
            case pickle::BINFLOAT: { auto v = make(K::Float); v->real = in.real; return push(v); }
            case pickle::BINUNICODE: case pickle::SHORT_BINUNICODE: case pickle::SHORT_BINSTRING: {
                auto v = make(K::String);
                v->text = in.text;
                return push(v);
            }
            case pickle::GLOBAL: { auto v = make(K::Global); v->text = in.text; return push(v); }
            case pickle::TUPLE: return push(tuple(popMark(decoder, in)));
            case pickle::TUPLE1: case pickle::TUPLE2: case pickle::TUPLE3:
                return push(tuple(popN(in.op - pickle::TUPLE1 + 1, decoder, in)));
            case pickle::BINPUT: case pickle::LONG_BINPUT: memo_[in.integer] = top(decoder, in); return;
            case pickle::MEMOIZE: memo_[static_cast<std::int64_t>(memo_.size())] = top(decoder, in); return;
            case pickle::BINGET: case pickle::LONG_BINGET: return push(memoGet(in.integer, decoder, in));
            case pickle::SETITEM: case pickle::SETITEMS:
                return setItems(in.op == pickle::SETITEM ? popN(2, decoder, in) : popMark(decoder, in), decoder, in);
            case pickle::APPEND: case pickle::APPENDS:
                return appendItems(in.op == pickle::APPEND ? popN(1, decoder, in) : popMark(decoder, in), decoder, in);
            case pickle::BINPERSID: return push(persistent(popN(1, decoder, in)[0], decoder, in));
            case pickle::REDUCE: { auto args = popN(2, decoder, in); return push(reduce(*args[0], *args[1], decoder, in)); }
            case pickle::BUILD: return build(popN(2, decoder, in), decoder, in);
            default: break;
        }
        decoder.fail(in.offset, "opcode 0x" + hex(in.op) + " is not one torch.save writes for a state dict");
    }

    static std::string hex(unsigned char c) {
        const char* digits = "0123456789abcdef";
        return {digits[c >> 4], digits[c & 15]};
    }
    static ValuePtr scalar(Value::Kind kind, std::int64_t v) {
        auto out = make(kind);
        out->integer = v;
        return out;
    }
    ValuePtr tuple(std::vector<ValuePtr> items) const {
        auto v = make(Value::Kind::Tuple);
        for (const auto& item : items) adopt(*v, *item);
        v->items = std::move(items);
        return v;
    }
    // Records that `container` holds `child`; refuses changes to held objects and deep nesting.
    void adopt(Value& container, Value& child) const {
        if (container.inside) throw InputError(source_, "bad pickle: it changes an object already inside another");
        // Only a container that is inside nothing can change, so the one cycle left is holding itself;
        // refused, or its shared_ptr would keep it alive forever.
        if (&container == &child) throw InputError(source_, "bad pickle: a container holds itself");
        child.inside = true;
        container.depth = std::max(container.depth, child.depth + 1);
        if (container.depth > kMaxDepth) throw InputError(source_, "bad pickle: objects nested too deeply");
    }
    void push(ValuePtr v) { stack_.push_back(std::move(v)); }
    ValuePtr top(const Decoder& decoder, const Instruction& in) const {
        if (stack_.empty()) decoder.fail(in.offset, "the stack is empty");
        return stack_.back();
    }
    ValuePtr memoGet(std::int64_t index, const Decoder& decoder, const Instruction& in) const {
        const auto it = memo_.find(index);
        if (it == memo_.end()) decoder.fail(in.offset, "memo entry " + std::to_string(index) + " is not set");
        return it->second;
    }
    std::vector<ValuePtr> popN(std::size_t n, const Decoder& decoder, const Instruction& in) {
        const std::size_t floor = marks_.empty() ? 0 : marks_.back();
        if (stack_.size() < floor + n) decoder.fail(in.offset, "the stack holds too few objects");
        std::vector<ValuePtr> out(stack_.end() - static_cast<std::ptrdiff_t>(n), stack_.end());
        stack_.resize(stack_.size() - n);
        return out;
    }
    std::vector<ValuePtr> popMark(const Decoder& decoder, const Instruction& in) {
        if (marks_.empty()) decoder.fail(in.offset, "no MARK to pop to");
        const std::size_t mark = marks_.back();
        marks_.pop_back();
        std::vector<ValuePtr> out(stack_.begin() + static_cast<std::ptrdiff_t>(mark), stack_.end());
        stack_.resize(mark);
        return out;
    }

    void setItems(const std::vector<ValuePtr>& items, const Decoder& decoder, const Instruction& in) {
        const ValuePtr dict = top(decoder, in);
        if (dict->kind != Value::Kind::Dict || items.size() % 2) decoder.fail(in.offset, "SETITEMS on a non-dict");
        for (std::size_t i = 0; i < items.size(); i += 2) {
            adopt(*dict, *items[i]);
            adopt(*dict, *items[i + 1]);
            dict->entries.emplace_back(items[i], items[i + 1]);
        }
    }
    void appendItems(const std::vector<ValuePtr>& items, const Decoder& decoder, const Instruction& in) {
        const ValuePtr list = top(decoder, in);
        if (list->kind != Value::Kind::List) decoder.fail(in.offset, "APPENDS on a non-list");
        for (const auto& item : items) adopt(*list, *item);
        list->items.insert(list->items.end(), items.begin(), items.end());
    }
    // BUILD sets an object's state; the only object a state dict builds is its OrderedDict's
    // `_metadata` attribute, which the unroll does not need.
    void build(const std::vector<ValuePtr>& args, const Decoder& decoder, const Instruction& in) {
        if (args[0]->kind != Value::Kind::Dict) decoder.fail(in.offset, "BUILD on a value of type " + std::string(kindName(args[0]->kind)));
        push(args[0]);
    }

    // ('storage', <storage class>, key, location, numel): a storage to read lazily.
    ValuePtr persistent(const ValuePtr& pid, const Decoder& decoder, const Instruction& in) {
        const auto& p = pid->items;
        if (pid->kind != Value::Kind::Tuple || p.size() != 5 || p[0]->text != "storage" ||
            p[1]->kind != Value::Kind::Global || p[2]->kind != Value::Kind::String || p[4]->kind != Value::Kind::Int)
            decoder.fail(in.offset, "a persistent id that is not a torch storage");
        const auto dtype = storageGlobals().find(p[1]->text);
        if (dtype == storageGlobals().end()) decoder.fail(in.offset, p[1]->text + " is not a storage type");
        for (char c : p[2]->text) {
            if (!std::isalnum(static_cast<unsigned char>(c))) decoder.fail(in.offset, "storage key '" + p[2]->text + "' is not a plain name");
        }
        if (p[4]->integer < 0 || p[4]->integer > kMaxTensorElements * 8)
            throw InputError(source_, "storage '" + p[2]->text + "' claims an absurd size of " +
                                          std::to_string(p[4]->integer) + " elements");
        auto v = make(Value::Kind::Storage);
        v->storage = {dtype->second, p[2]->text, p[4]->integer};
        return v;
    }

    ValuePtr reduce(const Value& callable, const Value& args, const Decoder& decoder, const Instruction& in) {
        if (callable.kind != Value::Kind::Global || args.kind != Value::Kind::Tuple)
            decoder.fail(in.offset, "REDUCE without a global and its arguments");
        const auto& a = args.items;
        if (callable.text == kOrderedDict && a.empty()) return make(Value::Kind::Dict);
        if (callable.text == kRebuildParameter && !a.empty() && a[0]->kind == Value::Kind::Tensor) return a[0];
        if (callable.text == kRebuildTensor && a.size() >= 4 && a[0]->kind == Value::Kind::Storage &&
            a[1]->kind == Value::Kind::Int)
            return rebuildTensor(a[0]->storage, a[1]->integer, intTuple(*a[2], "size", source_),
                                 intTuple(*a[3], "stride", source_));
        decoder.fail(in.offset, "unexpected call of " + callable.text);
    }

    ValuePtr rebuildTensor(const Storage& s, std::int64_t offset, const std::vector<std::int64_t>& size,
                           const std::vector<std::int64_t>& stride) {
        const std::int64_t numel = checkView(s, offset, size, stride, source_);
        const std::string& bytes = storageBytes(s);
        auto out = make(Value::Kind::Tensor);
        out->tensor = std::make_shared<PlainTensor>();
        PlainTensor& t = *out->tensor;
        t.dtype = s.dtype;
        t.shape = size;
        t.data.resize(static_cast<std::size_t>(numel));
        const int width = dtypeSize(s.dtype);
        std::vector<std::int64_t> index(size.size(), 0);
        std::int64_t at = offset;
        for (std::int64_t i = 0; i < numel; ++i) {  // odometer over the view, last dimension fastest
            t.data[static_cast<std::size_t>(i)] = elementToFloat(bytes.data() + at * width, s.dtype);
            for (std::size_t d = size.size(); d-- > 0;) {
                at += stride[d];
                if (++index[d] < size[d]) break;
                at -= stride[d] * size[d];
                index[d] = 0;
            }
        }
        return out;
    }

    const std::string& storageBytes(const Storage& s) {
        const std::uint64_t expected = static_cast<std::uint64_t>(s.numel) * dtypeSize(s.dtype);
        auto it = loaded_.find(s.key);
        // Views share a storage by key; one naming it with another type or size would read past it.
        if (it != loaded_.end() && it->second.size() != expected)
            throw InputError(source_, "storage '" + s.key + "' is named again as " + std::to_string(s.numel) + " " +
                                          dtypeName(s.dtype) + " elements (" + std::to_string(expected) +
                                          " bytes), but holds " + std::to_string(it->second.size()) + " bytes");
        if (it != loaded_.end()) return it->second;
        std::string bytes = storages_(s.key, expected);
        if (bytes.size() != expected)
            throw InputError(source_, "storage '" + s.key + "' holds " + std::to_string(bytes.size()) +
                                          " bytes, not the " + std::to_string(expected) + " its header says");
        return loaded_.emplace(s.key, std::move(bytes)).first->second;
    }

    const StorageReader& storages_;
    const std::string& source_;
    std::vector<ValuePtr> stack_;
    std::vector<std::size_t> marks_;
    std::map<std::int64_t, ValuePtr> memo_;
    std::map<std::string, std::string> loaded_;
};

// The training-checkpoint keys that hold the model's state dict, by preference.
const char* const kModelEntries[] = {"model_state_dict", "state_dict", "model"};

bool isStateDict(const Value& v) {
    if (v.kind != Value::Kind::Dict || v.entries.empty()) return false;
    return std::all_of(v.entries.begin(), v.entries.end(), [](const auto& e) {
        return e.first->kind == Value::Kind::String && e.second->kind == Value::Kind::Tensor;
    });
}

std::vector<NamedTensor> namedTensors(const Value& dict, const std::string& source) {
    std::vector<NamedTensor> out;
    std::set<std::string> seen;
    for (const auto& [key, value] : dict.entries) {
        if (!seen.insert(key->text).second) throw InputError(source, "key '" + key->text + "' appears twice");
        out.push_back({key->text, *value->tensor});
    }
    return out;
}

std::string entryName(const Value& key) {
    return key.kind == Value::Kind::String ? key.text : std::string("(") + kindName(key.kind) + ")";
}

// "epoch (int), model_state_dict (dict), ..." for messages.
std::string entryList(const Value& dict) {
    std::string out;
    for (std::size_t i = 0; i < dict.entries.size() && i < 12; ++i)
        out += (i ? ", " : "") + entryName(*dict.entries[i].first) + " (" + kindName(dict.entries[i].second->kind) + ")";
    if (dict.entries.size() > 12) out += " ...";
    return out;
}

// The state dict itself, or the one entry of a training checkpoint that is a state dict.
CheckpointTensors stateDictOf(const Value& root, const std::string& source) {
    if (root.kind != Value::Kind::Dict)
        throw InputError(source, std::string("the pickle holds a value of type ") + kindName(root.kind) + ", not a state dict");
    if (isStateDict(root)) return {namedTensors(root, source), ""};
    std::vector<const std::pair<ValuePtr, ValuePtr>*> found;
    for (const auto& entry : root.entries) {
        if (entry.first->kind == Value::Kind::String && isStateDict(*entry.second)) found.push_back(&entry);
    }
    if (found.size() > 1) {
        for (const char* preferred : kModelEntries) {
            for (const auto* entry : found) {
                if (entry->first->text == preferred) return {namedTensors(*entry->second, source), preferred};
            }
        }
        std::string names;
        for (const auto* entry : found) names += (names.empty() ? "'" : ", '") + entry->first->text + "'";
        throw InputError(source, "this training checkpoint holds several state dicts (" + names +
                                     "); save the one to analyse alone: torch.save(checkpoint['" +
                                     found[0]->first->text + "'], path)");
    }
    if (found.size() == 1) return {namedTensors(*found[0]->second, source), found[0]->first->text};
    for (const auto& [key, value] : root.entries) {
        if (key->kind != Value::Kind::String) throw InputError(source, "the state dict has a key that is not a string");
        if (value->kind == Value::Kind::Tensor) continue;
        throw InputError(source, "entry '" + entryName(*key) + "' holds a value of type " + kindName(value->kind) +
                                     ", not a tensor, and no entry holds a state dict (entries: " + entryList(root) +
                                     "); save the model's alone: torch.save(model.state_dict(), path)");
    }
    throw InputError(source, "the state dict is empty");
}

// The archive's top folder ("<prefix>/data.pkl"); TorchScript and legacy files are named as such.
std::string dataPickle(const ZipArchive& zip) {
    std::string found;
    for (const auto& name : zip.names()) {
        if (name.size() >= 13 && name.compare(name.size() - 13, 13, "constants.pkl") == 0)
            throw InputError(zip.path(), "this is a TorchScript file, not a state dict");
        const auto slash = name.find('/');
        if (slash != std::string::npos && name.substr(slash) == "/data.pkl" && found.empty()) found = name;
    }
    if (found.empty()) throw InputError(zip.path(), "the zip archive has no data.pkl: not a torch.save checkpoint");
    return found;
}

// Opens the archive, naming a bare pickle (torch.save before PyTorch 1.6, or pickle.dump) as such.
ZipArchive openCheckpoint(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char first = 0;
    if (in.get(first) && static_cast<unsigned char>(first) == 0x80)
        throw InputError(path, "a bare pickle (PyTorch's legacy format or pickle.dump) is not supported; "
                               "save with torch.save(model.state_dict(), path) from PyTorch 1.6 or later");
    return ZipArchive(path);
}

}  // namespace

float elementToFloat(const char* p, DType dtype) {
    switch (dtype) {
        case DType::Float32: return load<float>(p);
        case DType::Float64: return static_cast<float>(load<double>(p));
        case DType::Float16: return static_cast<float>(load<Eigen::half>(p));
        case DType::BFloat16: return static_cast<float>(load<Eigen::bfloat16>(p));
        case DType::Int64: return static_cast<float>(load<std::int64_t>(p));
        case DType::Int32: return static_cast<float>(load<std::int32_t>(p));
        case DType::Int16: return static_cast<float>(load<std::int16_t>(p));
        case DType::Int8: return static_cast<float>(load<std::int8_t>(p));
        case DType::UInt8: return static_cast<float>(load<std::uint8_t>(p));
        case DType::Bool: return p[0] ? 1.0f : 0.0f;
    }
    return 0;
}

CheckpointTensors unpickleCheckpoint(const std::string& pickle, const StorageReader& storages, const std::string& source) {
    checkGlobals(pickle, source);
    Unpickler unpickler(storages, source);
    return stateDictOf(*unpickler.run(pickle), source);
}

std::vector<NamedTensor> unpickleStateDict(const std::string& pickle, const StorageReader& storages,
                                           const std::string& source) {
    return unpickleCheckpoint(pickle, storages, source).tensors;
}

CheckpointKind checkpointKind(const std::string& path) {
    const ZipArchive zip = openCheckpoint(path);
    bool torchScript = false, stateDict = false;
    for (const auto& name : zip.names()) {
        const auto slash = name.find('/');
        const std::string inner = slash == std::string::npos ? name : name.substr(slash + 1);
        torchScript = torchScript || inner == "constants.pkl" || inner.rfind("code/", 0) == 0;
        stateDict = stateDict || inner == "data.pkl";
    }
    if (torchScript) return CheckpointKind::TorchScript;
    if (stateDict) return CheckpointKind::StateDict;
    throw InputError(path, "neither a torch.save state dict (no data.pkl) nor a TorchScript file (no code/)");
}

CheckpointTensors readCheckpoint(const std::string& path) {
    const ZipArchive zip = openCheckpoint(path);
    const std::string pickleName = dataPickle(zip);
    const std::string prefix = pickleName.substr(0, pickleName.size() - 8);  // keeps "<prefix>/"
    const StorageReader storages = [&](const std::string& key, std::uint64_t maxBytes) {
        const std::string entry = prefix + "data/" + key;
        if (!zip.contains(entry)) throw InputError(path, "the archive lacks storage " + entry);
        return zip.read(entry, maxBytes);
    };
    return unpickleCheckpoint(zip.read(pickleName, std::uint64_t(1) << 28), storages, path);
}

std::vector<NamedTensor> readStateDict(const std::string& path) { return readCheckpoint(path).tensors; }

}  // namespace kann
