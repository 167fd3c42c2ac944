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

void addMoments(StateMoments& total, const StateMoments& part) {
    total.gram += part.gram;
    total.lagged += part.lagged;
    total.firsts += part.firsts;
    total.lasts += part.lasts;
    total.sum += part.sum;
    total.firstSum += part.firstSum;
    total.lastSum += part.lastSum;
    if (total.inputs && part.inputs) {
        total.inputs->gram += part.inputs->gram;
        total.inputs->stateInput += part.inputs->stateInput;
        total.inputs->inputNext += part.inputs->inputNext;
        total.inputs->sum += part.inputs->sum;
    }
    total.rows += part.rows;
    total.pairs += part.pairs;
}

StateMoments centredMoments(const StateMoments& m, const Eigen::RowVectorXd& mean) {
    // Σ (a - μ)ᵀ(b - μ) = Σ aᵀb - (Σ a)ᵀμ - μᵀ(Σ b) + n μᵀμ, over the rows each sum covers.
    const Eigen::MatrixXd outer = mean.transpose() * mean;
    const auto centre = [&](const Eigen::MatrixXd& ab, const Eigen::RowVectorXd& a, const Eigen::RowVectorXd& b,
                            std::int64_t n) -> Eigen::MatrixXd {
        return ab - a.transpose() * mean - mean.transpose() * b + static_cast<double>(n) * outer;
    };
    const std::int64_t sequences = m.rows - m.pairs;
    StateMoments c;
    c.gram = centre(m.gram, m.sum, m.sum, m.rows);
    c.lagged = centre(m.lagged, m.sum - m.lastSum, m.sum - m.firstSum, m.pairs);
    c.firsts = centre(m.firsts, m.firstSum, m.firstSum, sequences);
    c.lasts = centre(m.lasts, m.lastSum, m.lastSum, sequences);
    c.sum = m.sum - static_cast<double>(m.rows) * mean;
    c.firstSum = m.firstSum - static_cast<double>(sequences) * mean;
    c.lastSum = m.lastSum - static_cast<double>(sequences) * mean;
    if (m.inputs) {
        c.inputs = *m.inputs;
        c.inputs->stateInput -= mean.transpose() * m.inputs->sum;
        c.inputs->inputNext -= m.inputs->sum.transpose() * mean;
    }
    c.rows = m.rows;
    c.pairs = m.pairs;
    return c;
}

}  // namespace kann
