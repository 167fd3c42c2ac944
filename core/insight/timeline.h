#pragma once
// A network's Koopman spectrum through training: one analysis per checkpoint on the same batch,
// each eigenvalue followed from one checkpoint to the next so that a mode keeps its identity.
#include "core/pipeline/exploration.h"

#include <Eigen/Core>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace kann {

// One checkpoint of a training run; step, epoch and the figures are NaN/-1 when not known.
struct SnapshotEntry {
    std::string model;        // checkpoint path
    std::int64_t step = -1;   // optimiser steps taken
    double epoch = std::numeric_limits<double>::quiet_NaN();
    double trainLoss = std::numeric_limits<double>::quiet_NaN();
    double metric = std::numeric_limits<double>::quiet_NaN();  // held-out accuracy or error
};

struct SnapshotList {
    std::string source;      // the folder (or "command line")
    std::string metricName;  // "recall accuracy", "accuracy", "L1 error"; empty when not known
    std::vector<SnapshotEntry> entries;  // in training order
};

// The snapshots.json that `kann train --snapshots` writes in `folder`. Throws InputError naming the
// file for a missing list, a malformed entry, or a listed checkpoint that is not there.
SnapshotList readSnapshotList(const std::string& folder);

// Checkpoints named one by one, in the order given, with nothing known of their training.
SnapshotList snapshotListOf(const std::vector<std::string>& models);

// The optimal one-to-one assignment of rows to columns for `cost` (rows x cols), by the Hungarian
// method: result[row] is its column, or -1 for the rows left over when rows > cols.
std::vector<int> minimumCostAssignment(const Eigen::MatrixXd& cost);

// Identities of eigenvalues along a sequence of spectra: tracks[s][i] is the track of eigenvalue i
// of spectra[s], numbered 0, 1, ... in order of first appearance. Each spectrum is assigned to the
// tracks of the one before by least total distance to where each track is predicted to be (its
// last position plus its last move), so two eigenvalues that cross keep their identities.
// Eigenvalues left over start new tracks; tracks left over end.
std::vector<std::vector<int>> trackSpectra(const std::vector<Eigen::VectorXcd>& spectra);

// Eigenvalues of modulus above this count as memory (near the unit circle).
inline constexpr double kNearCircleModulus = 0.9;

struct TimelineFrame {
    SnapshotEntry snapshot;
    Eigen::VectorXcd eigenvalues;   // analysis order (modulus descending)
    Eigen::VectorXd dominance;      // Eq. 10
    std::vector<int> track;         // per eigenvalue
    double residual = 0;            // relative one-step error of the fit
    int nearCircle = 0;             // eigenvalues with |λ| > kNearCircleModulus
    std::shared_ptr<const Exploration> exploration;  // the whole analysis, when kept
};

struct Timeline {
    std::string metricName;
    std::vector<TimelineFrame> frames;  // one per snapshot, in training order
    int tracks = 0;
};

// Analyses every snapshot of `list` on the batch `base` describes (its model path is replaced by
// each snapshot's) and tracks the eigenvalues. With keepExplorations every frame keeps its whole
// exploration (for views that follow the snapshot shown), analysed with base's options; without,
// only the spectra (the analysis streams, holding nothing of the states' size). Progress: one step
// per snapshot, stage "snapshot i/n". Throws InputError/AnalysisError naming the checkpoint (and
// InputError when the kept explorations would not fit in memory), Cancelled on cancel.
Timeline buildTimeline(const SnapshotList& list, const SourceSpec& base, const Progress& progress = {},
                       bool keepExplorations = false);

// The first frame at which `count` eigenvalues are near the circle, or -1.
int firstFrameWithNearCircle(const Timeline& timeline, int count);
// The first frame whose metric reaches `level`, or -1.
int firstFrameWithMetric(const Timeline& timeline, double level);

}  // namespace kann
