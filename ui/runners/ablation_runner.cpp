#include "ui/runners/ablation_runner.h"

#include "core/pipeline/exploration_page.h"
#include "core/pipeline/reconstruction_rmse.h"

#include <cmath>

namespace kann::ui {

namespace {

// The RMSE over every valid step of the batch of each decoding, from the per-sequence ones.
double batchRmse(const InputBatch& series, const RowMatrixXf& decoded) {
    double squares = 0, steps = 0;
    for (int b = 0; b < series.batch; ++b) {
        const double rmse = decodingRmse(series, decoded, b);
        squares += rmse * rmse * series.lengths[b];
        steps += series.lengths[b];
    }
    return std::sqrt(squares / steps);
}

void addRmse(StudioAblation& a) {
    const Exploration& e = *a.exploration;
    if (!hasReconstruction(*e.network, e.input)) return;  // kind and features stay when values are dropped
    // A streamed batch's series are read again from its dataset: batch x time floats, one decoding's size.
    const bool held = e.states.batch > 0;
    const InputBatch series = held ? InputBatch() : pageInput(e, 0, e.input.batch);
    const InputBatch& in = held ? e.input : series;
    a.rmseBefore = batchRmse(in, a.report.outputsBefore);
    a.rmseAfter = batchRmse(in, a.ablation().outputs);
}

}  // namespace

void AblationRunner::start(std::shared_ptr<const Exploration> exploration, int mode) {
    run([exploration, mode](const Progress& progress) {
        StudioAblation out{exploration, ablateModes(*exploration, {{mode}}, {}, progress)};
        addRmse(out);
        return out;
    });
}

}  // namespace kann::ui
