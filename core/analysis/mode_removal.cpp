#include "core/analysis/mode_removal.h"

#include "core/common/error.h"

#include <algorithm>
#include <random>

namespace kann {

namespace {

std::vector<int> closedUnderConjugation(const KoopmanResult& r, const std::vector<int>& modes) {
    if (modes.empty()) throw InputError("--modes", "no mode to remove");
    std::vector<int> out;
    for (int j : modes) {
        if (j < 0 || j >= r.k) throw InputError("--modes", "mode " + std::to_string(j) + " is outside 0.." + std::to_string(r.k - 1));
        out.push_back(j);
        if (r.partner[j] >= 0) out.push_back(r.partner[j]);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace

ModeRemoval::ModeRemoval(const KoopmanResult& r, const std::vector<int>& modes)
    : modes_(closedUnderConjugation(r, modes)), mean_(r.mean) {
    // Σ_J v_j U_j is real: a real mode adds v_j U_j, a pair adds 2 Re(v_j U_j) =
    // Re v_j · 2 Re U_j + Im v_j · (-2 Im U_j), counted once from its member with Im λ > 0.
    std::vector<Eigen::VectorXd> columns;
    std::vector<Eigen::RowVectorXd> rows;
    for (int j : modes_) {
        if (r.partner[j] < 0) {
            columns.push_back(r.V.col(j).real());
            rows.push_back(r.U.row(j).real());
        } else if (r.eigenvalues(j).imag() > 0) {
            columns.push_back(r.V.col(j).real());
            rows.push_back(2.0 * r.U.row(j).real());
            columns.push_back(r.V.col(j).imag());
            rows.push_back(-2.0 * r.U.row(j).imag());
        }
    }
    Eigen::MatrixXd v(r.k, columns.size()), u(rows.size(), r.k);
    for (std::size_t i = 0; i < columns.size(); ++i) v.col(i) = columns[i], u.row(i) = rows[i];
    left_ = r.basis * v;
    right_ = u * r.basis.transpose();
}

RowMatrixXd ModeRemoval::removedPart(const Eigen::Ref<const RowMatrixXf>& states) const {
    const RowMatrixXd centred = states.cast<double>().rowwise() - mean_;
    return (centred * left_) * right_;
}

void ModeRemoval::apply(Eigen::Ref<RowMatrixXf> states) const { states -= removedPart(states).cast<float>(); }

RandomDirectionControl::RandomDirectionControl(const KoopmanResult& r, const ModeRemoval& removal, unsigned seed)
    : removal_(removal), mean_(r.mean) {
    std::mt19937_64 gen(seed);
    std::normal_distribution<double> normal;
    const Eigen::RowVectorXd d = Eigen::RowVectorXd::NullaryExpr(r.k, [&] { return normal(gen); }).normalized();
    direction_ = d * r.basis.transpose();
}

void RandomDirectionControl::apply(Eigen::Ref<RowMatrixXf> states) const {
    const Eigen::VectorXd size = removal_.removedPart(states).rowwise().norm();
    const Eigen::VectorXd along = (states.cast<double>().rowwise() - mean_) * direction_.transpose();
    for (Eigen::Index i = 0; i < states.rows(); ++i)
        states.row(i) -= ((along(i) < 0 ? -size(i) : size(i)) * direction_).cast<float>();
}

}  // namespace kann
