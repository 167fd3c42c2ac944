#include "core/insight/final_states.h"

#include <stdexcept>
#include <string>

namespace kann {

FinalStates::FinalStates(int batch, int dim) : states_(RowMatrixXf::Zero(batch, dim)), kept_(batch, 0.0) {}

void FinalStates::add(const SequenceBlock& block) {
    const RowMatrixXf last = block.states.lastValidStates();
    for (std::size_t i = 0; i < block.sequences.size(); ++i) {
        states_.row(block.sequences[i]) = last.row(static_cast<Eigen::Index>(i));
        kept_[block.sequences[i]] += 1;
    }
}

void FinalStates::merge(const FinalStates& other) {
    if (other.states_.rows() != states_.rows() || other.states_.cols() != states_.cols())
        throw std::invalid_argument("final states of " + std::to_string(other.states_.rows()) + " x " +
                                    std::to_string(other.states_.cols()) + " merged into " +
                                    std::to_string(states_.rows()) + " x " + std::to_string(states_.cols()));
    states_ += other.states_;  // a row is zero in every part but its own: exact
    for (std::size_t b = 0; b < kept_.size(); ++b) kept_[b] += other.kept_[b];
}

void FinalStates::sumAcross(const ProcessShare& share) {
    if (share.size == 1) return;
    // float -> double -> float is exact, and so is adding the zeros of the other processes' rows.
    kann::sumAcross(share, states_, kept_);
}

const RowMatrixXf& FinalStates::states() const {
    for (std::size_t b = 0; b < kept_.size(); ++b)
        if (kept_[b] != 1)
            throw std::logic_error("sequence " + std::to_string(b) + " was given by " + std::to_string(int(kept_[b])) +
                                   " blocks, not one");
    return states_;
}

}  // namespace kann
