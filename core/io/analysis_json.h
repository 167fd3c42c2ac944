#pragma once
// The analysis as one JSON object: what `kann analyze --json` writes and the studio exports.
#include "core/analysis/analysis.h"

#include <string>
#include <vector>

namespace kann {

// What the analysed model's file could not say by itself: written beside the analysis when known.
struct ModelNotes {
    std::string layout;                    // the detected layout in words
    std::vector<std::string> assumptions;  // each with the option that changes it
};

// {"shape":[b,T,m], "k", "reduction", "masked", "residual", "fit", with --fit inputs "residual_autonomous",
//  "input_dim", "input_k" (the residual is then the fit with inputs'), "singular_values":[...],
//  "eigenvalues":[{"re","im","modulus","angle","dominance","residual","pair"}...], "timings_ms":{...}}
// plus "layout" and "assumptions" when `notes` has a layout.
std::string analysisJson(const KoopmanResult& r, int indent = 2, const ModelNotes& notes = {});

}  // namespace kann
