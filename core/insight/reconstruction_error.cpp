#include "core/insight/reconstruction_error.h"

#include "core/common/error.h"
#include "core/pipeline/reconstruction_rmse.h"

#include <algorithm>

namespace kann {

std::vector<SequenceError> reconstructionErrors(const Exploration& e) {
    const InputBatch& in = e.input;
    if (in.kind != InputBatch::Kind::Series || in.features != 1)
        throw InputError("reconstruction error", "needs a batch of one-feature series");
    if (!e.network || e.network->info().decoderOutputs == 0)
        throw InputError(e.spec.modelPath.empty() ? "states" : e.spec.modelPath, "the model has no decoder");
    if (static_cast<int>(e.reconstructionError.size()) != in.batch && e.states.batch != in.batch)
        throw InputError(e.spec.modelPath, "the decoder failed on this batch during the streamed run "
                                           "(--stream off shows why)");
    const std::vector<double> rmse = static_cast<int>(e.reconstructionError.size()) == in.batch
                                         ? e.reconstructionError
                                         : reconstructionRmse(*e.network, e.states, in, e.states.time);
    std::vector<SequenceError> out;
    for (int b = 0; b < in.batch; ++b)
        out.push_back({b, in.rows.empty() ? b : in.rows[b], in.labels.empty() ? -1 : in.labels[b], rmse[b]});
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.rmse > b.rmse; });
    return out;
}

}  // namespace kann
