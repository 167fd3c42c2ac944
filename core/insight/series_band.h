#pragma once
// For series with a decoder: where in the beat each dominant conjugate pair's reconstruction
// (Eq. 11) differs most from the decoding of the full states, so a student sees "this pair
// carries the QRS complex".
#include "core/pipeline/mode_colouring.h"

#include <vector>

namespace kann {

struct PairBand {
    int mode = 0;        // the pair's representative (Im λ >= 0)
    int partner = -1;    // -1 for a real eigenvalue
    int start = 0, end = 0;  // [start, end): the steps of the band
    int peak = 0;            // step of the largest difference
    double peakDifference = 0;
    // Per step: |median decoding of the pair - median decoding of the reference| (the norm over
    // the decoder's outputs when it has several); NaN where no sequence is that long.
    std::vector<double> difference;
    MedianBand pairMedian;   // the pair's decoding (first output), for the plot
};

// Median ± MAD over the sequences of each output of a decoding (batch x time * outputs), within
// each sequence's length.
std::vector<MedianBand> decodingMedians(const RowMatrixXf& decoded, int outputs, const std::vector<int>& lengths);

// The contiguous run of steps around the maximum of `difference` where it stays at or above
// `fraction` of that maximum. NaN steps end the run. {0, 0} when there is no finite value.
std::pair<int, int> bandAround(const std::vector<double>& difference, double fraction = 0.5);

// What each pair's decoding is compared with.
enum class BandReference {
    FullDecoding,  // the decoding of the network's own final states: the band is where the pair
                   // alone falls short of the beat
    EmptyState     // the decoding of the state with every mode removed (zero; the mean for PCA):
                   // the band is where the pair adds to the beat
};

// The bands of the `pairs` most dominant pairs (a real eigenvalue counts as one), most dominant
// first. Throws InputError when the model has no decoder.
std::vector<PairBand> pairBands(const Exploration& e, int pairs = 3,
                                ReconstructionForm form = ReconstructionForm::PaperAbsolute,
                                BandReference reference = BandReference::FullDecoding);
// The same from the final valid state of each sequence (batch x state dim) and the sequences'
// lengths, without the states: a streamed run's (FinalStates). Equal to the held route's when the
// final states are: the same decoder batches, the same exact medians.
std::vector<PairBand> pairBands(const Exploration& e, const RowMatrixXf& finalStates, const std::vector<int>& lengths,
                                int pairs = 3, ReconstructionForm form = ReconstructionForm::PaperAbsolute,
                                BandReference reference = BandReference::FullDecoding);
// The band of the pair holding `mode` (either member; PairBand::mode is its representative), from
// the final states as above: one decoding of the batch, where pairBands decodes each pair's.
// Throws InputError for a mode out of range or a model without decoder; Cancelled on cancel
// (progress counts the pair's sequences decoded).
PairBand pairBand(const Exploration& e, const RowMatrixXf& finalStates, const std::vector<int>& lengths, int mode,
                  ReconstructionForm form = ReconstructionForm::PaperAbsolute,
                  BandReference reference = BandReference::FullDecoding, const Progress& progress = {});

}  // namespace kann
