#include "core/insight/reconstruction_error.h"

#include "core/common/error.h"
#include "core/pipeline/mode_colouring.h"

#include <algorithm>
#include <cmath>

namespace kann {

double reconstructionRmse(const InputBatch& in, const RowMatrixXf& decoded, int b) {
    double sum = 0;
    const int len = in.lengths[b];
    for (int t = 0; t < len; ++t) {
        const double d = decoded(b, t) - in.values[static_cast<std::size_t>(b) * in.time + t];
        sum += d * d;
    }
    return std::sqrt(sum / len);
}

std::vector<SequenceError> reconstructionErrors(const Exploration& e) {
    const InputBatch& in = e.input;
    if (in.kind != InputBatch::Kind::Series || in.features != 1)
        throw InputError("reconstruction error", "needs a batch of one-feature series");
    const RowMatrixXf decoded = decodeBatch(e, -1, ReconstructionForm::ExactRealPart);
    std::vector<SequenceError> out;
    for (int b = 0; b < in.batch; ++b)
        out.push_back({b, in.rows.empty() ? b : in.rows[b], in.labels.empty() ? -1 : in.labels[b],
                       reconstructionRmse(in, decoded, b)});
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.rmse > b.rmse; });
    return out;
}

}  // namespace kann
