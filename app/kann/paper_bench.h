#pragma once
// `kann bench --paper`: the whole `kann analyze` pipeline on the paper's sentiment case.
#include <string>

namespace kann::cli {

struct PaperBenchOptions {
    std::string which = "both";  // "paper" (64 reviews), "scale" (640 reviews) or "both"
    int runs = 5, scaleRuns = 2;
    std::string keep;            // the folder kept for the studio's benchmark; empty: a temporary one
    std::string shared;          // the shared datasets; empty: $KANN_SHARED_DATA, else ../shared/datasets
};

// Builds a paper-size checkpoint (random weights, a real state-dict .pt) and a review batch in a
// folder, then times every stage from checkpoint load to JSON written over several runs (medians),
// with peak memory and the load average.
int paperBench(const PaperBenchOptions& options);

// The one-minute load average (-1 when unknown): the machine is shared, and this says how far the
// figures are from an idle run.
double loadAverage();

}  // namespace kann::cli
