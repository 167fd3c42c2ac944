#include "core/models/onnx_graph.h"

#include "core/common/error.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

namespace kann {

std::string OnnxNode::label() const { return op + " node '" + name + "'"; }

const OnnxAttribute* OnnxNode::attribute(const std::string& key) const {
    const auto it = attributes.find(key);
    return it == attributes.end() ? nullptr : &it->second;
}

bool OnnxGraph::isInput(const std::string& value) const {
    return std::find(inputs.begin(), inputs.end(), value) != inputs.end();
}

const OnnxNode* OnnxGraph::producerOf(const std::string& value) const {
    if (value.empty()) return nullptr;
    for (const auto& node : nodes) {
        if (std::find(node.outputs.begin(), node.outputs.end(), value) != node.outputs.end()) return &node;
    }
    return nullptr;
}

std::vector<const OnnxNode*> OnnxGraph::consumersOf(const std::string& value) const {
    std::vector<const OnnxNode*> out;
    for (const auto& node : nodes) {
        if (std::find(node.inputs.begin(), node.inputs.end(), value) != node.inputs.end()) out.push_back(&node);
    }
    return out;
}

namespace {

struct TypeInfo {
    DType dtype;
    const char* name;
};

// The element types a weight can have; others (strings, complex, unsigned wide) are refused by name.
bool typeInfo(int type, TypeInfo& info) {
    switch (type) {
        case onnx::TensorProto::FLOAT: info = {DType::Float32, "float"}; return true;
        case onnx::TensorProto::DOUBLE: info = {DType::Float64, "double"}; return true;
        case onnx::TensorProto::FLOAT16: info = {DType::Float16, "float16"}; return true;
        case onnx::TensorProto::BFLOAT16: info = {DType::BFloat16, "bfloat16"}; return true;
        case onnx::TensorProto::INT64: info = {DType::Int64, "int64"}; return true;
        case onnx::TensorProto::INT32: info = {DType::Int32, "int32"}; return true;
        case onnx::TensorProto::INT16: info = {DType::Int16, "int16"}; return true;
        case onnx::TensorProto::INT8: info = {DType::Int8, "int8"}; return true;
        case onnx::TensorProto::UINT8: info = {DType::UInt8, "uint8"}; return true;
        case onnx::TensorProto::BOOL: info = {DType::Bool, "bool"}; return true;
        default: return false;
    }
}

std::string tensorLabel(const onnx::TensorProto& t) { return "tensor '" + t.name() + "'"; }

// The values of the typed repeated field that holds `dtype` (when raw_data is not used).
template <typename Field>
void copyField(const Field& field, std::vector<float>& out, DType dtype) {
    out.reserve(field.size());
    for (const auto v : field) {
        if (dtype == DType::Float16 || dtype == DType::BFloat16) {
            const auto bits = static_cast<std::uint16_t>(v);
            out.push_back(elementToFloat(reinterpret_cast<const char*>(&bits), dtype));
        } else {
            out.push_back(static_cast<float>(v));
        }
    }
}

void readTypedFields(const onnx::TensorProto& t, PlainTensor& out) {
    switch (out.dtype) {
        case DType::Float32: copyField(t.float_data(), out.data, out.dtype); break;
        case DType::Float64: copyField(t.double_data(), out.data, out.dtype); break;
        case DType::Int64: copyField(t.int64_data(), out.data, out.dtype); break;
        default: copyField(t.int32_data(), out.data, out.dtype); break;
    }
}

PlainTensor toPlain(const onnx::TensorProto& t, const std::string& source) {
    if (t.data_location() == onnx::TensorProto::EXTERNAL || t.external_data_size() > 0)
        throw InputError(source, tensorLabel(t) + " keeps its data in an external file, which is not supported; "
                                                  "export with the weights inside the model (under 2 GB)");
    TypeInfo type{};
    if (!typeInfo(t.data_type(), type))
        throw InputError(source, tensorLabel(t) + " has element type " +
                                     onnx::TensorProto_DataType_Name(static_cast<onnx::TensorProto_DataType>(t.data_type())) +
                                     ", which a weight cannot have");
    PlainTensor out;
    out.dtype = type.dtype;
    std::int64_t count = 1;
    for (const auto d : t.dims()) {
        if (d < 0 || (d > 0 && count > kMaxTensorElements / d))
            throw InputError(source, tensorLabel(t) + " has an impossible shape");
        count *= d;
        out.shape.push_back(d);
    }
    if (t.has_raw_data()) {
        const std::string& raw = t.raw_data();
        const int width = dtypeSize(type.dtype);
        if (static_cast<std::int64_t>(raw.size()) != count * width)
            throw InputError(source, tensorLabel(t) + " holds " + std::to_string(raw.size()) + " bytes, but its shape " +
                                         out.shapeText() + " of " + type.name + " needs " + std::to_string(count * width));
        out.data.resize(static_cast<std::size_t>(count));
        for (std::int64_t i = 0; i < count; ++i) out.data[i] = elementToFloat(raw.data() + i * width, type.dtype);
    } else {
        readTypedFields(t, out);
        if (out.numel() != count)
            throw InputError(source, tensorLabel(t) + " holds " + std::to_string(out.numel()) + " values, but its shape " +
                                         out.shapeText() + " needs " + std::to_string(count));
    }
    return out;
}

OnnxAttribute toAttribute(const onnx::AttributeProto& a, const std::string& source) {
    OnnxAttribute out;
    out.f = a.f();
    out.i = a.i();
    out.s = a.s();
    out.floats.assign(a.floats().begin(), a.floats().end());
    out.ints.assign(a.ints().begin(), a.ints().end());
    out.strings.assign(a.strings().begin(), a.strings().end());
    if (a.has_t()) {
        out.tensor = toPlain(a.t(), source);
        out.hasTensor = true;
    }
    return out;
}

// A Constant node's value as a tensor (value, value_float(s), value_int(s)); false for sparse or string values.
bool constantValue(const OnnxNode& node, PlainTensor& out) {
    if (const auto* v = node.attribute("value"); v && v->hasTensor) {
        out = v->tensor;
        return true;
    }
    if (const auto* v = node.attribute("value_float")) {
        out = PlainTensor{DType::Float32, {}, {v->f}};
        return true;
    }
    if (const auto* v = node.attribute("value_int")) {
        out = PlainTensor{DType::Int64, {}, {static_cast<float>(v->i)}};
        return true;
    }
    if (const auto* v = node.attribute("value_floats")) {
        out = PlainTensor{DType::Float32, {static_cast<std::int64_t>(v->floats.size())}, v->floats};
        return true;
    }
    if (const auto* v = node.attribute("value_ints")) {
        out = PlainTensor{DType::Int64, {static_cast<std::int64_t>(v->ints.size())}, {}};
        for (const auto i : v->ints) out.data.push_back(static_cast<float>(i));
        return true;
    }
    return false;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "cannot open the file");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

OnnxNode toNode(const onnx::NodeProto& n, std::size_t index, const std::string& source) {
    OnnxNode node;
    node.op = n.op_type();
    node.name = n.name().empty() ? "#" + std::to_string(index) : n.name();
    node.inputs.assign(n.input().begin(), n.input().end());
    node.outputs.assign(n.output().begin(), n.output().end());
    for (const auto& a : n.attribute()) node.attributes[a.name()] = toAttribute(a, source);
    return node;
}

}  // namespace

bool looksLikeOnnx(const std::string& path) {
    if (path.size() >= 5 && path.compare(path.size() - 5, 5, ".onnx") == 0) return true;
    std::ifstream in(path, std::ios::binary);
    unsigned char head[3] = {0, 0, 0};
    if (!in.read(reinterpret_cast<char*>(head), 3)) return false;
    // Field 1 (ir_version, a small varint) comes first, then producer_name, producer_version,
    // domain, model_version, doc_string, graph or opset_import.
    static const unsigned char next[] = {0x12, 0x1a, 0x22, 0x28, 0x32, 0x3a, 0x42};
    return head[0] == 0x08 && head[1] >= 1 && head[1] <= 20 &&
           std::find(std::begin(next), std::end(next), head[2]) != std::end(next);
}

OnnxGraph readOnnxModel(const std::string& path) {
    const std::string bytes = readFile(path);
    onnx::ModelProto model;
    if (!model.ParseFromString(bytes))
        throw InputError(path, "not a valid ONNX model: the protobuf cannot be parsed (a corrupt or truncated file?)");
    if (!model.has_graph() || model.graph().node_size() == 0)
        throw InputError(path, "not an ONNX model: it has no graph (a corrupt or truncated file, or not ONNX?)");
    OnnxGraph graph;
    graph.source = path;
    graph.producer = model.producer_name() + (model.producer_version().empty() ? "" : " " + model.producer_version());
    const auto& g = model.graph();
    for (const auto& t : g.initializer()) graph.constants[t.name()] = toPlain(t, path);
    for (int i = 0; i < g.node_size(); ++i) {
        OnnxNode node = toNode(g.node(i), static_cast<std::size_t>(i), path);
        PlainTensor value;
        if (node.op == "Constant" && node.outputs.size() == 1 && constantValue(node, value))
            graph.constants[node.outputs[0]] = std::move(value);
        graph.nodes.push_back(std::move(node));
    }
    for (const auto& v : g.input()) {
        if (!graph.isConstant(v.name())) graph.inputs.push_back(v.name());
    }
    for (const auto& v : g.output()) graph.outputs.push_back(v.name());
    return graph;
}

PlainTensor readOnnxTensor(const std::string& path, std::string* name) {
    onnx::TensorProto tensor;
    if (!tensor.ParseFromString(readFile(path))) throw InputError(path, "not a valid ONNX TensorProto");
    if (name) *name = tensor.name();
    return toPlain(tensor, path);
}

}  // namespace kann
