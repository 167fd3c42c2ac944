#pragma once
// The sufficient statistics of one batch's hidden states in a file, so that a dataset split over
// machines (one `kann unroll --moments-out` per part) merges back exactly into one fit.
// The file is a NumPy .npz: float64 gram, lagged, firsts, lasts [m, m], sum, first_sum, last_sum
// [m] (StateMoments' fields), with a fit with inputs its input blocks input_gram [q, q],
// state_input [m, q], input_next [q, m], input_sum [q] (InputMoments' fields), int64 rows, pairs,
// sequences, and a "fingerprint.json" entry (np.load gives it as bytes).
#include "core/analysis/state_moments.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kann {

// What the states depend on, keyed by the option users know it from: "--model" -> the file's
// SHA-256, "--max-len" -> "200". Parts merge only when every entry agrees.
using Fingerprint = std::map<std::string, std::string>;

struct MomentsPart {
    StateMoments moments;  // uncentred (mean zero), over the valid steps only
    std::int64_t sequences = 0;
    Fingerprint fingerprint;
};

// Writes `part` to `path`; throws InputError(path, ...) when it cannot be written.
void writeMoments(const std::string& path, const MomentsPart& part);
// Reads a moments file; throws InputError(path, ...) naming what is missing, malformed or inconsistent.
MomentsPart readMoments(const std::string& path);
// The sum of the parts (float64 sums, counts added). Throws InputError naming both files and the
// fingerprint entry when two parts come from different models, data or options, or when one holds
// input blocks and another does not.
MomentsPart mergeMoments(const std::vector<std::string>& paths);

}  // namespace kann
