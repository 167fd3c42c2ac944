#pragma once
// Explorations built without Torch for the insight tests: given states, analysed, with an
// optional linear readout standing in for the network.
#include "core/pipeline/exploration.h"

#include <memory>
#include <stdexcept>

namespace kann::test {

// logit = h·w: a readout whose answer is known for any state.
class LinearReadout : public Network {
public:
    explicit LinearReadout(Eigen::VectorXf w) : w_(std::move(w)) {
        info_.layout = "test";
        info_.stateDim = static_cast<int>(w_.size());
        info_.readoutOutputs = 1;
    }
    const NetworkInfo& info() const override { return info_; }
    HiddenStates unroll(const InputBatch&, const Progress&) const override {
        throw std::logic_error("LinearReadout has no recurrence");
    }
    RowMatrixXf readout(const RowMatrixXf& states) const override { return states * w_; }

private:
    Eigen::VectorXf w_;
    NetworkInfo info_;
};

// The exploration of `states` (analysed with k components), with the readout's logits filled in.
inline Exploration explorationOf(HiddenStates states, int k, std::shared_ptr<const Network> network = {}) {
    Exploration e;
    e.states = std::move(states);
    AnalysisOptions options;
    options.k = k;
    e.result = analyze(e.states, options);
    e.network = std::move(network);
    e.input.batch = e.states.batch;
    e.input.lengths = e.states.lengths;
    if (e.network && e.network->info().readoutOutputs > 0) e.readoutLogits = e.network->readout(e.states.lastValidStates());
    return e;
}

}  // namespace kann::test
