#pragma once
// A fixed-point study as one JSON object: what `kann fixed-points --json` writes.
#include "core/dynamics/fixed_point_study.h"

#include <string>

namespace kann {

// {"input", "cell", "layer", "state_dim", "analysed_dim", "starts", "adam_steps", "tolerance", "slow_tolerance",
//  "final_q": {"min", "p10", "median", "p90", "max"} (q where the starts ended),
//  "fixed_points": [{"state": [stateDim], "q", "starts", "reduced": [k], "jacobian_eigenvalues": [{"re","im"}...],
//                    "slowest": {"re","im","modulus","time_constant"}, "slowest_right": {"re": [...], "im": [...]},
//                    "slowest_left": {...}}...],
//  "slow_points": [same], "line": {"variance_fraction", "direction": [analysedDim]},
//  "alignment": {"koopman_mode", "koopman_eigenvalue": {"re","im"}, "line", "slowest_eigenvector", "readout"}
//  (the dominant real mode), "alignment_most_dominant": the same for the most dominant mode when it is
//  complex (its plane), else null,
//  "notes": [...]}. Numbers in double precision; null where a value is undefined (e.g. a line through one point).
std::string fixedPointsJson(const FixedPointStudy& study, const FixedPointOptions& options, int indent = 2);

}  // namespace kann
