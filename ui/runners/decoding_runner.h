#pragma once
// The Series view's decoding plot over the whole batch of a streamed exploration, whose states
// were never held: the median ± MAD of the originals, of the full decoding and of one pair's Eq. 11
// decoding, decoded from each sequence's final state kept by the insight pass
// (InsightReport::finalStates), off the GUI thread.
#include "core/insight/series_band.h"
#include "ui/runners/background_runner.h"

#include <memory>

namespace kann::ui {

struct StudioInsight;

// What does not depend on the pair: computed once per insight.
struct WholeReference {
    MedianBand original, full;  // first feature / output
};

struct WholeDecoding {
    std::shared_ptr<const StudioInsight> insight;     // whose exploration and final states
    std::shared_ptr<const WholeReference> reference;
    ReconstructionForm form = ReconstructionForm::PaperAbsolute;
    PairBand band;  // the pair against the empty state, with its median ± MAD (pairBand)
};

class DecodingRunner : public Runner<WholeDecoding> {
public:
    using Runner::Runner;
    // Decodes the pair holding `mode` over insight's whole batch, and the reference unless `known`
    // (of the same insight). Replaces running work.
    void start(std::shared_ptr<const StudioInsight> insight, std::shared_ptr<const WholeReference> known, int mode,
               ReconstructionForm form);
};

}  // namespace kann::ui
