#pragma once
// Causal checks of what a mode means: remove modes from the hidden state while the network runs,
// and a control edit of the same size in a random direction. With φ = ((h - mean)·P)·V the removal
// subtracts Σ_{j ∈ J} φ_j U_j Pᵀ (U = V⁻¹), J closed under conjugation so h stays real: in the
// reduced space the projection onto the modes' eigenspace along all the others.
#include "core/analysis/analysis.h"

#include <Eigen/Core>
#include <vector>

namespace kann {

class ModeRemoval {
public:
    // Removes `modes` of r and their conjugate partners. Throws InputError("--modes", ...) for an empty
    // list or a mode outside 0..k-1.
    ModeRemoval(const KoopmanResult& r, const std::vector<int>& modes);
    // The modes removed, partners included, ascending.
    const std::vector<int>& modes() const { return modes_; }
    // The part removed from each row of states (n x dim) in place: n x dim.
    RowMatrixXd removedPart(const Eigen::Ref<const RowMatrixXf>& states) const;
    // states -= removedPart(states).
    void apply(Eigen::Ref<RowMatrixXf> states) const;

private:
    std::vector<int> modes_;
    Eigen::MatrixXd left_;   // dim x r: P times the modes' eigenvectors in real form
    Eigen::MatrixXd right_;  // r x dim: the matching rows of U in real form, times Pᵀ
    Eigen::RowVectorXd mean_;
};

// The control: each row loses a vector as long as `removal` would take from it, along one fixed
// random unit direction d of the reduced space (mapped by Pᵀ), signed to shrink the row's
// component along d. Seeded: the same seed draws the same direction.
class RandomDirectionControl {
public:
    RandomDirectionControl(const KoopmanResult& r, const ModeRemoval& removal, unsigned seed);
    void apply(Eigen::Ref<RowMatrixXf> states) const;
    const Eigen::RowVectorXd& direction() const { return direction_; }  // 1 x dim, unit

private:
    const ModeRemoval& removal_;
    Eigen::RowVectorXd direction_;
    Eigen::RowVectorXd mean_;
};

}  // namespace kann
