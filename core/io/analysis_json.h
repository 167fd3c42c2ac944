#pragma once
// The analysis as one JSON object: what `kann analyze --json` writes and the studio exports.
#include "core/analysis/analysis.h"

#include <string>

namespace kann {

// {"shape":[b,T,m], "k", "reduction", "masked", "residual", "fit", with --fit inputs "residual_autonomous",
//  "input_dim", "input_k" (the residual is then the fit with inputs'), "singular_values":[...],
//  "eigenvalues":[{"re","im","modulus","angle","dominance","residual","pair"}...], "timings_ms":{...}}
// A fit from moments alone has no "dominance" entries and says so: "absent":["dominance"], and a shape of
// [sequences, 0, m] (no padded time).
std::string analysisJson(const KoopmanResult& r, int indent = 2);

}  // namespace kann
