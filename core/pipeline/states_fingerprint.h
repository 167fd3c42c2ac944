#pragma once
// What a batch's hidden states depend on, so that moments computed on different machines merge
// only when they come from the same model, data and unrolling options.
#include "core/io/moments_file.h"
#include "core/pipeline/exploration.h"

namespace kann {

// The SHA-256 of each file the states come from ("--model", "--data", "--vocab", or "--states",
// "--lengths") and the value of every load, dataset and selection option except the ones that
// pick the part ("--batch", "--offset"). The analysis options do not enter (moments are fitted
// later) but for "--fit" inputs, whose parts hold the input blocks too.
Fingerprint statesFingerprint(const SourceSpec& spec);

}  // namespace kann
