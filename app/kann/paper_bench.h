#pragma once
// `kann bench --paper`: the whole `kann analyze` pipeline on the paper's sentiment case.
#include "app/kann/arguments.h"

namespace kann::cli {

// Builds a paper-size checkpoint (random weights, a real state-dict .pt) and a review batch in a
// temporary folder, then times every stage from checkpoint load to JSON written over several runs
// (medians), with peak memory and the load average; `--case paper|scale|both` picks the 64-review
// case, the 640-review one or both.
int paperBench(const Arguments& args);

// The one-minute load average (-1 when unknown): the machine is shared, and this says how far the
// figures are from an idle run.
double loadAverage();

}  // namespace kann::cli
