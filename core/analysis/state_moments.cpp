#include "core/analysis/state_moments.h"

#include "core/analysis/blas.h"
#include "core/analysis/row_blocks.h"

namespace kann {

namespace {

// Adds the input blocks of one block of states. Every valid step but a sequence's first drives a
// pair, so the sums over all rows are corrected by those first rows rather than split per run.
class InputAccumulator {
public:
    InputAccumulator(const StepInputs& inputs, Eigen::Index dim) : inputs_(inputs), u_(kBlockRows, inputs.dim()) {
        const Eigen::Index d = inputs.dim();
        m_.gram = Eigen::MatrixXd::Zero(d, d);
        m_.stateInput = Eigen::MatrixXd::Zero(dim, d);
        m_.inputNext = Eigen::MatrixXd::Zero(d, dim);
        m_.sum = Eigen::RowVectorXd::Zero(d);
    }

    void add(const RowBlock& blk, const Eigen::RowVectorXd& previous) {
        const Eigen::Index n = blk.values.rows();
        for (const Segment& seg : blk.segments)
            for (Eigen::Index i = 0; i < seg.steps; ++i)
                u_.row(seg.row + i) = Eigen::Map<const Eigen::RowVectorXf>(
                    inputs_.row(seg.sequence, seg.firstStep + static_cast<int>(i)), inputs_.dim()).cast<double>();
        const auto u = u_.topRows(n);
        blas::addGram(u, m_.gram);
        blas::addCrossProduct(u, blk.values, m_.inputNext);
        m_.sum += u.colwise().sum();
        for (const Segment& seg : blk.segments) {
            const auto steps = blk.values.middleRows(seg.row, seg.steps);
            const auto in = u.middleRows(seg.row, seg.steps);
            if (seg.firstStep > 0) {
                m_.stateInput.noalias() += previous.transpose() * in.row(0);
            } else {
                m_.gram.noalias() -= in.row(0).transpose() * in.row(0);
                m_.inputNext.noalias() -= in.row(0).transpose() * steps.row(0);
                m_.sum -= in.row(0);
            }
            if (seg.steps > 1)
                blas::addCrossProduct(steps.topRows(seg.steps - 1), in.bottomRows(seg.steps - 1), m_.stateInput);
        }
    }

    InputMoments finish() {
        m_.gram = m_.gram.selfadjointView<Eigen::Upper>();
        return std::move(m_);
    }

private:
    const StepInputs& inputs_;
    RowMatrixXd u_;  // the inputs of the block's rows
    InputMoments m_;
};

}  // namespace

StateMoments stateMoments(const HiddenStates& states, const std::vector<int>& lengths, const Eigen::RowVectorXd& mean,
                          const StepInputs* inputs) {
    const Eigen::Index m = states.dim;
    StateMoments out;
    out.gram = out.lagged = out.firsts = out.lasts = Eigen::MatrixXd::Zero(m, m);
    out.sum = out.firstSum = out.lastSum = Eigen::RowVectorXd::Zero(m);
    std::optional<InputAccumulator> driven;
    if (inputs) driven.emplace(*inputs, m);
    Eigen::RowVectorXd previous(m);  // the last row of the previous block
    forEachBlock(states, lengths, mean, [&](const RowBlock& blk) {
        blas::addGram(blk.values, out.gram);
        out.sum += blk.values.colwise().sum();
        if (driven) driven->add(blk, previous);
        for (const Segment& seg : blk.segments) {
            const auto steps = blk.values.middleRows(seg.row, seg.steps);
            if (seg.firstStep > 0) {
                out.lagged.noalias() += previous.transpose() * steps.row(0);
            } else {
                out.firsts.noalias() += steps.row(0).transpose() * steps.row(0);
                out.firstSum += steps.row(0);
            }
            if (seg.steps > 1) blas::addCrossProduct(steps.topRows(seg.steps - 1), steps.bottomRows(seg.steps - 1), out.lagged);
            if (seg.firstStep + seg.steps == lengths[seg.sequence]) {
                out.lasts.noalias() += steps.bottomRows(1).transpose() * steps.bottomRows(1);
                out.lastSum += steps.bottomRows(1);
            }
        }
        previous = blk.values.bottomRows(1);
        out.rows += blk.values.rows();
    });
    out.gram = out.gram.selfadjointView<Eigen::Upper>();
    if (driven) out.inputs = driven->finish();
    for (int len : lengths) out.pairs += std::max(0, len - 1);
    return out;
}

}  // namespace kann
