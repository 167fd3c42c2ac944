#pragma once
// An exploration's analysis as one JSON object: what `kann analyze --json` writes and what the
// studio exports as its results (which add the selection), so both carry the same keys and values.
#include "core/pipeline/exploration.h"

#include <nlohmann/json_fwd.hpp>

namespace kann {

// {"source": {"files": {role: path}, "options": {...}},  (the option schema's form)
//  "shape": [b, T, m], "k", "reduction", "masked", "residual", "fit", with the fit with inputs
//  "residual_autonomous", "input_dim" and "input_k" (the residual is then that fit's), "singular_values": [...],
//  "eigenvalues": [{"re", "im", "modulus", "angle", "dominance", "residual", "pair"}, ...],
//  "streamed": false, or {"blocks", "second_pass", "reason"} when the states were never held whole,
//  "timings_ms": {stage: ms}}
// "pair" is the index of the conjugate partner (-1 for a real eigenvalue); an eigenvalue's
// "residual" is there when the analysis measured it. A fit from moments alone has no "dominance"
// entries and says so: "absent": ["dominance"], with a shape of [sequences, 0, m] (no padded time).
nlohmann::json resultsJson(const Exploration& e);

}  // namespace kann
