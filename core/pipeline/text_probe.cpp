#include "core/pipeline/text_probe.h"

#include "core/common/error.h"

namespace kann {

namespace {

std::vector<float> oriented(std::vector<float> values, const Exploration& base, int mode, Colouring c) {
    if (c != Colouring::Signed && c != Colouring::InputKick) return values;
    const float sign = static_cast<float>(modeOrientation(base, mode));
    for (float& v : values) v *= sign;
    return values;
}

}  // namespace

TextProbe probeText(const Exploration& base, const std::string& text) {
    if (!base.network || !base.tokenizer)
        throw InputError("sentence", "typing a sentence needs a text model and its vocabulary");
    TextProbe probe;
    Exploration& e = probe.sequence;
    e.spec = base.spec;
    e.network = base.network;
    e.tokenizer = base.tokenizer;
    TokenizedText tokens = base.tokenizer->tokenize(text);
    if (tokens.pieces.empty()) throw InputError("sentence", "has no words to tokenize");
    const int n = static_cast<int>(tokens.pieces.size());

    e.input.kind = InputBatch::Kind::Tokens;
    e.input.batch = 1;
    e.input.time = n;
    e.input.tokens = tokens.ids();
    e.input.lengths = {n};
    e.input.labels = {-1};
    e.input.rows = {0};
    e.tokenized.push_back(std::move(tokens));

    e.states = base.network->unroll(e.input);
    if (base.result.inputs) e.inputs = std::make_shared<const StepInputs>(base.network->stepInputs(e.input));
    e.result = spectrumOnly(base.result);
    KoopmanResult& r = e.result;
    r.batch = 1;
    r.time = n;
    r.lengths = {n};
    RowMatrixXd z = e.states.matrix().cast<double>();
    if (r.mean.size() == z.cols()) z.rowwise() -= r.mean;
    r.reduced = z * r.basis;
    if (base.network->info().readoutOutputs > 0) probe.logits = base.network->readout(e.states.lastValidStates());
    return probe;
}

std::vector<float> probeWordValues(const Exploration& base, const TextProbe& probe, int mode, Colouring c) {
    return oriented(wordValues(probe.sequence, 0, mode, c), base, mode, c);
}

std::vector<float> probeStepValues(const Exploration& base, const TextProbe& probe, int mode, Colouring c) {
    return oriented(stepValues(probe.sequence, 0, mode, c), base, mode, c);
}

}  // namespace kann
