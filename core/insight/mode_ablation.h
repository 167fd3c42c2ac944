#pragma once
// A causal test of what a mode means: run the network again with the mode removed from its state
// after every step (ModeRemoval) and see how much its output moves, against a control that edits
// the state by the same amount along random directions (RandomDirectionControl, several draws).
#include "core/pipeline/exploration.h"

#include <limits>
#include <string>
#include <vector>

namespace kann {

struct AblationOptions {
    int controlDraws = 5;  // random directions, each its own seed
    unsigned seed = 1;     // draw i uses seed + i
    // A streamed exploration runs parts of consecutive sequences whose padded states take at most
    // this many bytes (one sequence at least): as a block of the streamed unroll.
    std::int64_t partBytes = std::int64_t(64) << 20;
};

struct AblationEffect {
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    double meanAbsDeltaOutput = kNone;  // mean |output after - output before| over the batch's outputs
    double accuracy = kNone;            // readout accuracy after the edit; NaN without labels or readout
    double editSize = kNone;            // mean over the edited steps of ‖edit‖ / ‖state before it‖: above 1
                                        // the removal is no small cut (eigenvectors nearly parallel)
};

struct Ablation {
    std::vector<int> modes;                    // removed, conjugate partners included
    AblationEffect removed;
    AblationEffect control;                    // the mean over the draws
    std::vector<AblationEffect> controlDraws;
    RowMatrixXf outputs;                       // after removal, shaped like AblationReport::outputsBefore
};

struct AblationReport {
    std::string output;          // "readout logits" or "decoder reconstruction"
    RowMatrixXf outputsBefore;   // readout: batch x outputs; decoder: batch x (time * outputs)
    double accuracyBefore = AblationEffect::kNone;
    int labelled = 0;            // sequences with a known label
    int controlDraws = 0;
    unsigned seed = 0;
    std::vector<Ablation> ablations;
};

// One ablation per set of modes of e.result (each set removed together), run on e's batch.
// The output compared is the readout's logits of the final states, or for an autoencoder the
// decoding of them over the valid steps. A streamed exploration (states not held) is run a part of
// consecutive sequences at a time, read again from its dataset (pageInput), each part's states no
// more than AblationOptions::partBytes: the whole batch's figures, to float32 rounding of the
// held route's (a part's unroll runs in another batch shape), in memory O(part + (1 + sets) x batch
// x outputs per sequence). Throws InputError when the exploration has no network,
// the network has neither readout nor decoder or cannot be edited, or a mode is out of range;
// Cancelled on cancel (progress counts the network runs).
AblationReport ablateModes(const Exploration& e, const std::vector<std::vector<int>>& modeSets,
                           const AblationOptions& options = {}, const Progress& progress = {});

// The report as one JSON object: {"output", "fit", "k", "residual", "control_draws", "seed", "labelled",
// "ablations": [{"modes", "eigenvalues", "mean_abs_delta_output", "accuracy": {"before", "after"}, "edit_size",
// "control_mean_abs_delta_output", "control_accuracy": {"before", "after"}, "controls": [...]}]}.
std::string ablationJson(const Exploration& e, const AblationReport& report, int indent = 2);

// "J[,J...]" as one set (those modes removed together), or "top:N" as one set for each of the N most
// dominant modes (a pair once), each removed alone.
// Throws InputError("--modes", ...) on anything else or a mode outside 0..k-1.
std::vector<std::vector<int>> parseModeSets(const std::string& text, const KoopmanResult& r);

}  // namespace kann
