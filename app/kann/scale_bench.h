#pragma once
// `kann bench --scale`: how the time and memory of `kann analyze` grow with the number of
// sequences and the width of the state, on the streamed route.
#include <string>
#include <vector>

namespace kann::cli {

struct ScaleBenchOptions {
    std::vector<int> sequences = {500, 2000, 5000};  // reviews of the paper's model (hidden 256)
    std::vector<int> hidden = {256, 512, 1024};      // widths, each over `widthSequences` reviews
    int widthSequences = 500;
    std::string shared;  // the shared datasets; empty: $KANN_SHARED_DATA, else ../shared/datasets
};

// Runs every case once on full-length aclImdb reviews with --stream on (from the checkpoint load
// to the JSON written) and prints per case the valid steps, the time, the peak memory above the
// process before the case, and each figure's ratio to the previous case's. Throws InputError when
// the shared aclImdb sample is absent (generated text would not say how real reviews scale).
int scaleBench(const ScaleBenchOptions& options);

}  // namespace kann::cli
