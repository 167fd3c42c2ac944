#pragma once
// An ONNX model's graph as plain values: its nodes with their attributes, and every constant
// tensor (initializers and Constant nodes). Only onnx_graph.cpp sees protobuf and the ONNX
// headers; everything else reads these structs.
#include "core/models/torch_pickle.h"

#include <map>
#include <string>
#include <vector>

namespace kann {

struct OnnxAttribute {
    float f = 0;
    std::int64_t i = 0;
    std::string s;
    std::vector<float> floats;
    std::vector<std::int64_t> ints;
    std::vector<std::string> strings;
    PlainTensor tensor;
    bool hasTensor = false;
};

struct OnnxNode {
    std::string op;    // "GRU", "Gather", ...
    std::string name;  // may be empty
    std::vector<std::string> inputs;   // "" marks an omitted optional input
    std::vector<std::string> outputs;
    std::map<std::string, OnnxAttribute> attributes;

    // "GRU node 'name'" (or "GRU node #index" when unnamed), for messages.
    std::string label() const;
    const OnnxAttribute* attribute(const std::string& key) const;
    // Input `index`, or "" when the node has fewer inputs.
    std::string input(std::size_t index) const { return index < inputs.size() ? inputs[index] : std::string(); }
};

struct OnnxGraph {
    std::string source;                            // the file, for messages
    std::string producer;                          // "pytorch 2.1.0", "tf2onnx 1.9", or ""
    std::vector<OnnxNode> nodes;                   // in file order (ONNX requires topological order)
    std::map<std::string, PlainTensor> constants;  // initializers and Constant nodes' outputs
    std::vector<std::string> inputs;               // graph inputs that are not initializers
    std::vector<std::string> outputs;

    bool isConstant(const std::string& value) const { return constants.count(value) > 0; }
    bool isInput(const std::string& value) const;
    // The node whose output is `value`, or nullptr (a graph input or a constant).
    const OnnxNode* producerOf(const std::string& value) const;
    // The nodes that read `value`.
    std::vector<const OnnxNode*> consumersOf(const std::string& value) const;
};

// True for a path ending in .onnx or a file whose first bytes are an ONNX ModelProto's
// (ir_version, then a model field); false for anything else, including a missing file.
bool looksLikeOnnx(const std::string& path);

// Reads an ONNX model. Throws InputError(path, ...) when the file is missing, is not a valid
// ModelProto (corrupt, truncated), has no graph, or holds a tensor whose data does not fit its shape
// or that lives in an external file.
OnnxGraph readOnnxModel(const std::string& path);

// Reads a serialized TensorProto (the .pb files of ONNX's test data); `name` receives its name.
PlainTensor readOnnxTensor(const std::string& path, std::string* name = nullptr);

}  // namespace kann
