#include "core/analysis/state_moments.h"

#include "core/analysis/blas.h"
#include "core/analysis/row_blocks.h"

namespace kann {

StateMoments stateMoments(const HiddenStates& states, const std::vector<int>& lengths, const Eigen::RowVectorXd& mean) {
    const Eigen::Index m = states.dim;
    StateMoments out;
    out.gram = out.lagged = out.firsts = out.lasts = Eigen::MatrixXd::Zero(m, m);
    Eigen::RowVectorXd previous(m);  // the last row of the previous block
    forEachBlock(states, lengths, mean, [&](const RowBlock& blk) {
        blas::addGram(blk.values, out.gram);
        for (const Segment& seg : blk.segments) {
            const auto steps = blk.values.middleRows(seg.row, seg.steps);
            if (seg.firstStep > 0) out.lagged.noalias() += previous.transpose() * steps.row(0);
            else out.firsts.noalias() += steps.row(0).transpose() * steps.row(0);
            if (seg.steps > 1) blas::addCrossProduct(steps.topRows(seg.steps - 1), steps.bottomRows(seg.steps - 1), out.lagged);
            if (seg.firstStep + seg.steps == lengths[seg.sequence])
                out.lasts.noalias() += steps.bottomRows(1).transpose() * steps.bottomRows(1);
        }
        previous = blk.values.bottomRows(1);
        out.rows += blk.values.rows();
    });
    out.gram = out.gram.selfadjointView<Eigen::Upper>();
    for (int len : lengths) out.pairs += std::max(0, len - 1);
    return out;
}

}  // namespace kann
