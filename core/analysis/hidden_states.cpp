#include "core/analysis/hidden_states.h"

#include "core/common/error.h"

#include <cmath>

namespace kann {

HiddenStates HiddenStates::zeros(int batch, int time, int dim) {
    HiddenStates s;
    s.batch = batch;
    s.time = time;
    s.dim = dim;
    s.values.assign(static_cast<std::size_t>(batch) * time * dim, 0.0f);
    s.lengths.assign(batch, time);
    return s;
}

RowMatrixXf HiddenStates::lastValidStates() const {
    RowMatrixXf out(batch, dim);
    for (int b = 0; b < batch; ++b) out.row(b) = Eigen::Map<const Eigen::RowVectorXf>(row(b, lengths[b] - 1), dim);
    return out;
}

std::int64_t HiddenStates::validPairs() const {
    std::int64_t pairs = 0;
    for (int len : lengths) pairs += len > 1 ? len - 1 : 0;
    return pairs;
}

void HiddenStates::validate(const std::string& source) const {
    if (batch <= 0 || time <= 0 || dim <= 0)
        throw InputError(source, "hidden states are empty (shape [" + std::to_string(batch) + ", " +
                                     std::to_string(time) + ", " + std::to_string(dim) + "])");
    if (values.size() != static_cast<std::size_t>(batch) * time * dim)
        throw InputError(source, "hidden states hold " + std::to_string(values.size()) +
                                     " values, not batch*time*dim");
    if (lengths.size() != static_cast<std::size_t>(batch))
        throw InputError(source, "there are " + std::to_string(lengths.size()) + " lengths for " +
                                     std::to_string(batch) + " sequences");
    for (int b = 0; b < batch; ++b) {
        if (lengths[b] < 1 || lengths[b] > time)
            throw InputError(source, "sequence " + std::to_string(b) + " has length " +
                                         std::to_string(lengths[b]) + ", outside 1.." + std::to_string(time));
        for (int t = 0; t < lengths[b]; ++t) {
            const float* r = row(b, t);
            for (int i = 0; i < dim; ++i) {
                if (!std::isfinite(r[i]))
                    throw InputError(source, "non-finite value " + std::to_string(r[i]) + " at sequence " +
                                                 std::to_string(b) + ", step " + std::to_string(t) +
                                                 ", unit " + std::to_string(i));
            }
        }
    }
}

}  // namespace kann
