#pragma once
// Networks exported to ONNX (torch.onnx.export, tf2onnx): the chain of RNN/GRU/LSTM nodes, the
// Gather embedding feeding it, and a linear readout after it, run with ONNX's semantics. An ONNX
// file is data, not a program: opening one runs nothing but the recurrence.
#include "core/models/network.h"
#include "core/models/onnx_graph.h"
#include "core/models/onnx_recurrence.h"

#include <memory>
#include <string>
#include <vector>

namespace kann {

// The recurrent node `node` of `graph` as a layer: W, R, B and P must be constants (initializers or
// Constant nodes); initial_h/initial_c are used when constant, zero otherwise (said in `assumptions`).
// Throws InputError naming the file, the node and the problem.
OnnxRecurrentLayer onnxRecurrentLayer(const OnnxGraph& graph, const OnnxNode& node, std::vector<std::string>* assumptions = nullptr);

// Opens an ONNX model as a Network (the layer options.layer of its recurrent chain, the direction
// options.direction of a bidirectional one). Throws InputError naming the file and the problem.
std::unique_ptr<Network> loadOnnxModel(const std::string& path, const LoadOptions& options);

}  // namespace kann
