#pragma once
// `kann bench --paper`: the whole `kann analyze` pipeline on the paper's sentiment case.
#include "core/pipeline/exploration.h"

#include <cstdint>
#include <filesystem>
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

// Random weights of the paper's sentiment network (embedding 32379 x 128, GRUCell 128 -> hidden,
// linear readout), initialised as PyTorch does, written as a real state dict; returns their bytes.
std::uint64_t writeSentimentCheckpoint(const std::string& path, int hidden);

// Points spec's data and vocabulary at the shared aclImdb sample in `shared` (empty:
// $KANN_SHARED_DATA, else ../shared/datasets); false, leaving spec alone, when it is absent.
bool useSharedReviews(SourceSpec& spec, const std::string& shared);

// The resident memory of this process now, in MiB.
double currentRssMb();

// The folder a benchmark writes its checkpoint to: `keep` (created if needed), else a new temporary one.
std::filesystem::path benchFolder(const std::string& keep);

// The one-minute load average (-1 when unknown): the machine is shared, and this says how far the
// figures are from an idle run.
double loadAverage();

}  // namespace kann::cli
