#pragma once
// Per-click values the views paint: one mode over one sequence, by word (text) or by step (series).
#include "core/pipeline/exploration.h"

#include <vector>

namespace kann {

enum class Colouring {
    Magnitude,  // |phi_j| (the paper's)
    Signed,     // Re(phi_j), oriented so positive goes with the readout's positive class
    Kick,       // |phi_j(after) - lambda_j^n phi_j(before)|: what a word (n pieces) changed in the mode
    InputKick   // Re(u·B·v_j) summed over a word's pieces, oriented like Signed: the push the fit with
                // inputs gives the mode for the input u alone; NaN (uncoloured) without input terms
};

// Values of mode j along sequence `seq`: one per valid step, in the tokens' order (states analysed
// in reversed time, NetworkInfo::timeReversed, are mapped back onto their tokens).
std::vector<float> stepValues(const Exploration& e, int seq, int mode, Colouring c);
// Values of mode j for each word of a text sequence (Magnitude/Signed: at the word's last piece,
// in the states' own time order; InputKick: summed over its pieces).
std::vector<float> wordValues(const Exploration& e, int seq, int mode, Colouring c);
// +1 or -1: the sign that makes Re(phi_j) at the final state correlate positively with the
// readout logit over the batch; +1 without a readout.
double modeOrientation(const Exploration& e, int mode);

// The ECG autoencoder's decoding of the batch (Eq. 11 when `mode` >= 0, all states when -1):
// batch x (time * outputs). Throws InputError when the model has no decoder.
RowMatrixXf decodeBatch(const Exploration& e, int mode, ReconstructionForm form);
// The same from the final valid state of each sequence (n x state dim, in any order: row i of the
// result decodes row i), e.g. a streamed run's (FinalStates), over e.result.time steps. The decoder
// runs kDecodeRows sequences at a time, so that its own states stay small whatever the batch, and
// the same rows decode to the bit in every route.
// Cancelled on cancel (progress counts the sequences decoded).
RowMatrixXf decodeStates(const Exploration& e, const RowMatrixXf& finalStates, int mode, ReconstructionForm form,
                         const Progress& progress = {});
constexpr Eigen::Index kDecodeRows = 256;

// Median and median absolute deviation over the batch at each step: the paper's ECG plot.
struct MedianBand {
    std::vector<float> median, mad;
};
MedianBand medianBand(const RowMatrixXf& series, const std::vector<int>& lengths);
// A series batch's first feature: batch x time, zero on padding (the originals of the ECG plot).
RowMatrixXf firstFeature(const InputBatch& in);

}  // namespace kann
