#pragma once
// Fixed points of an explored network beside its Koopman analysis: the analysed layer's cell under a
// constant input, searched from states of the batch, then placed in the reduced space and compared.
#include "core/dynamics/fixed_point_search.h"
#include "core/dynamics/koopman_alignment.h"
#include "core/pipeline/exploration.h"

#include <string>
#include <vector>

namespace kann {

struct FixedPointStudyOptions {
    std::string input = "zero";  // "zero", "mean" (over the batch's valid steps) or a vocabulary token
    int starts = 512;            // starting states sampled from the batch's states
    double noise = 0.01;         // Gaussian noise on each start, as a fraction of the states' RMS
    unsigned seed = 1;
    FixedPointOptions search;
};

struct FixedPointStudy {
    std::string input;                // the constant input, in words
    std::string cell;                 // "RNN", "GRU", "LSTM"
    int layer = 0;                    // the analysed layer
    int stateDim = 0;                 // of the searched states: hidden, or 2 * hidden for an LSTM
    int analysedDim = 0;              // of the Koopman states: the first analysedDim coordinates of a state
    FixedPointSearch search;
    PointGeometry geometry;           // rows: the fixed points, then the slow points
    KoopmanAlignment alignment;           // of the dominant real Koopman mode (a line attractor's is real)
    KoopmanAlignment mostDominant;        // of the most dominant mode, when that one is complex
    std::vector<std::string> notes;   // what was assumed, for stderr and the studio's info line
};

// Needs an exploration of a recurrent state-dict model (not TorchScript, not saved states) with its
// analysis. Throws InputError naming the option or file at fault, Cancelled on cancel.
FixedPointStudy studyFixedPoints(const Exploration& e, const FixedPointStudyOptions& options,
                                 const Progress& progress = {});

// The analysed coordinates of each point's slowest right eigenvector: its real span, analysedDim x 1 or 2.
Eigen::MatrixXd slowDirection(const FixedPoint& p, int analysedDim);

}  // namespace kann
