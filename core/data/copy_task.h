#pragma once
// The copy problem (Hochreiter & Schmidhuber 1997; Arjovsky et al. 2016): read a few symbols,
// wait through a delay of blanks, see a go marker, then reproduce the symbols in order.
#include "core/data/input_batch.h"

#include <string>
#include <vector>

namespace kann {

struct CopyTaskSpec {
    int alphabet = 8;  // distinct symbols
    int symbols = 5;   // symbols to remember per sequence
    int delay = 15;    // blank steps between the last symbol and the go marker
    int batch = 64;
    unsigned seed = 0;

    int length() const { return 2 * symbols + delay + 1; }  // input, delay, go, recall
    int features() const { return alphabet + 2; }           // one-hot: symbols, blank, go
    int classes() const { return alphabet + 1; }            // targets: symbols, blank
    int blank() const { return alphabet; }
    int go() const { return alphabet + 1; }
};

enum class CopyPhase { Input, Delay, Go, Recall };
const char* copyPhaseName(CopyPhase phase);  // "input", "delay", "go", "recall"

struct CopyTaskBatch {
    CopyTaskSpec spec;
    InputBatch inputs;               // Series, features = spec.features(), one-hot, all full length
    std::vector<int> targets;        // batch * time class ids, row-major; blank except during recall
    std::vector<CopyPhase> phases;   // per step (the same for every sequence)
};

// A batch of copy sequences; the same spec (seed included) gives the same batch on every platform.
// Throws InputError("copy task", ...) for sizes below 1 (delay below 0).
CopyTaskBatch makeCopyTask(const CopyTaskSpec& spec);

// Writes the inputs as a multivariate sktime .ts file (one dimension per one-hot feature), which
// loadDataset reads back as a series dataset. Throws InputError(path, ...) when it cannot.
void writeCopyTaskTs(const std::string& path, const CopyTaskBatch& batch);

}  // namespace kann
