#include "ui/runners/decoding_runner.h"

#include "core/pipeline/exploration_page.h"
#include "core/pipeline/mode_colouring.h"
#include "ui/runners/insight_runner.h"

namespace kann::ui {

namespace {

std::shared_ptr<const WholeReference> reference(const Exploration& e, const RowMatrixXf& finals, const Progress& progress) {
    WholeReference out;
    progress.step(0, 1, "reading every series");
    // The series read again from the dataset, as a page is: batch x time floats, one decoding's size.
    out.original = medianBand(firstFeature(pageInput(e, 0, e.input.batch)), e.input.lengths);
    const RowMatrixXf full = decodeStates(e, finals, -1, ReconstructionForm::PaperAbsolute, progress);
    out.full = decodingMedians(full, e.network->info().decoderOutputs, e.input.lengths).front();
    return std::make_shared<const WholeReference>(std::move(out));
}

}  // namespace

void DecodingRunner::start(std::shared_ptr<const StudioInsight> insight, std::shared_ptr<const WholeReference> known,
                           int mode, ReconstructionForm form) {
    run([insight, known, mode, form](const Progress& progress) {
        const Exploration& e = *insight->exploration;
        const RowMatrixXf& finals = insight->report.finalStates;
        WholeDecoding out{insight, known, form, {}};
        const double split = known ? 0.0 : 0.5;  // the full decoding costs as much as the pair's
        if (!known) out.reference = reference(e, finals, progressPart(progress, 0.0, split));
        out.band = pairBand(e, finals, e.input.lengths, mode, form, BandReference::EmptyState,
                            progressPart(progress, split, 1.0));
        return out;
    });
}

}  // namespace kann::ui
