#pragma once
// Fuzz target onnx: an ONNX model file read with ONNX's protobuf classes into plain values
// (tensors converted, Constant nodes folded), where a bad file must end in an InputError.
#include "core/models/onnx_graph.h"
#include "fuzz/fuzz_inputs.h"

namespace kann::fuzz {

inline std::vector<Attempt> onnxAttempts(const std::string& bytes) {
    return {[&] {
        const TempFile file(bytes, "input.onnx");
        readOnnxModel(file.path());
    }};
}

}  // namespace kann::fuzz
