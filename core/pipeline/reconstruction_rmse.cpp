#include "core/pipeline/reconstruction_rmse.h"

#include <cmath>

namespace kann {

double decodingRmse(const InputBatch& input, const RowMatrixXf& decoded, int b) {
    double sum = 0;
    const int len = input.lengths[b];
    for (int t = 0; t < len; ++t) {
        const double d = decoded(b, t) - input.values[static_cast<std::size_t>(b) * input.time + t];
        sum += d * d;
    }
    return std::sqrt(sum / len);
}

bool hasReconstruction(const Network& network, const InputBatch& input) {
    return network.info().decoderOutputs > 0 && input.kind == InputBatch::Kind::Series && input.features == 1;
}

std::vector<double> reconstructionRmse(const Network& network, const HiddenStates& states, const InputBatch& input,
                                       int time) {
    if (!hasReconstruction(network, input)) return {};
    const RowMatrixXf decoded = network.decode(states.lastValidStates(), time);
    std::vector<double> out(input.batch);
    for (int b = 0; b < input.batch; ++b) out[b] = decodingRmse(input, decoded, b);
    return out;
}

}  // namespace kann
