#pragma once
// A sentence the user types, run through an exploration's model and projected onto its modes
// without refitting: the studio's "type your own review" box.
#include "core/pipeline/mode_colouring.h"

#include <string>

namespace kann {

struct TextProbe {
    // One sequence sharing the model, tokenizer, basis and spectrum of the base exploration.
    // Its readoutLogits stay empty so colourings are not re-oriented on a batch of one; the
    // probe functions below orient with the base batch instead.
    Exploration sequence;
    RowMatrixXf logits;  // 1 x readout outputs; empty without a readout
};

// Tokenizes `text`, unrolls the model on it and projects its states with the base's reduction.
// Throws InputError("sentence", ...) when the base has no text model or the text has no tokens.
TextProbe probeText(const Exploration& base, const std::string& text);

// Per-word / per-piece values of mode j for the probe, oriented like the base batch.
std::vector<float> probeWordValues(const Exploration& base, const TextProbe& probe, int mode, Colouring c);
std::vector<float> probeStepValues(const Exploration& base, const TextProbe& probe, int mode, Colouring c);

}  // namespace kann
