#include "core/models/network.h"

#include "core/common/error.h"
#include "core/models/layouts.h"
#include "core/models/checkpoint_reader.h"
#include "core/models/onnx_model.h"
#include "core/models/safetensors.h"
#include "core/models/torchscript_model.h"

namespace kann {

std::string NetworkInfo::summary() const {
    if (!description.empty()) return description;
    std::string text = layout;
    if (!cell.empty()) {
        text += " " + (layers > 1 ? std::to_string(layers) + "-layer " : std::string()) + cell +
                (cellModule ? "Cell " : " ") + std::to_string(inputSize) + "->" + std::to_string(hiddenSize);
    }
    if (layers > 1) text += ", layer " + std::to_string(analysedLayer) + " analysed";
    if (lstmHiddenAndCell) text += ", states h and c";
    if (stateDim > 0 && cell.empty()) text += ", states " + std::to_string(stateDim);
    if (vocabSize > 0) text += ", vocab " + std::to_string(vocabSize);
    if (readoutOutputs > 0) text += ", readout " + std::to_string(readoutOutputs);
    if (decoderOutputs > 0) text += ", decoder " + std::to_string(decoderOutputs);
    return text;
}

RowMatrixXf Network::readout(const RowMatrixXf&) const {
    throw InputError("", "this " + info().layout + " model has no readout");
}

RowMatrixXf Network::decode(const RowMatrixXf&, int) const {
    throw InputError("", "this " + info().layout + " model has no decoder");
}

namespace {

// A TorchScript module runs its own code: the options that read a state dict do not reach it.
void refuseStateDictOptions(const std::string& path, const LoadOptions& o) {
    const std::pair<const char*, const std::string*> options[] = {
        {"--stack", &o.stack}, {"--embedding", &o.embedding}, {"--head", &o.head},
        {"--head-activation", &o.headActivation}, {"--nonlinearity", &o.nonlinearity}, {"--direction", &o.direction}};
    for (const auto& [name, value] : options) {
        if (!value->empty())
            throw InputError(path, std::string(name) + " reads a state dict's layout; this is a TorchScript file, "
                                                       "which computes its own states");
    }
}

}  // namespace

HiddenStates Network::unrollEdited(const InputBatch&, const StateEdit&, const Progress&) const {
    throw InputError("", "the steps of this " + info().layout + " model cannot be reached while it runs: "
                         "editing its state needs a state-dict checkpoint");
}

StepInputs Network::stepInputs(const InputBatch& batch) const {
    if (batch.kind == InputBatch::Kind::Tokens)
        throw InputError("", "this " + info().layout + " model does not expose how it embeds tokens: "
                             "its per-step inputs need a state-dict checkpoint");
    StepInputs in;
    in.time = batch.time;
    in.table = Eigen::Map<const RowMatrixXf>(batch.values.data(), static_cast<Eigen::Index>(batch.batch) * batch.time,
                                             batch.features);
    return in;
}

std::unique_ptr<Network> loadNetwork(const std::string& path, const LoadOptions& options) {
    if (options.arch == "onnx" || looksLikeOnnx(path)) {
        if (options.arch != "auto" && options.arch != "onnx")
            throw InputError(path, "--arch " + options.arch + ", but this is an ONNX model");
        return loadOnnxModel(path, options);
    }
    if (isSafetensorsFile(path)) {
        if (options.arch == "torchscript") throw InputError(path, "--arch torchscript, but this is a safetensors file");
        return buildNetwork(openStateDict(path), options);
    }
    const bool torchScript = checkpointKind(path) == CheckpointKind::TorchScript;
    if (options.arch == "torchscript" && !torchScript)
        throw InputError(path, "--arch torchscript, but this is a state dict, not a TorchScript file");
    if (torchScript) {
        if (options.arch != "auto" && options.arch != "torchscript")
            throw InputError(path, "--arch " + options.arch + ", but this is a TorchScript file");
        refuseStateDictOptions(path, options);
        return loadTorchScript(path);
    }
    return buildNetwork(openStateDict(path), options);
}

}  // namespace kann
