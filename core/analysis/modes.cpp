// The cheap per-click queries declared in analysis.h: one mode (or pair) over the whole batch.
#include "core/analysis/analysis.h"
#include "core/analysis/blas.h"
#include "core/common/error.h"

#include <Eigen/LU>
#include <Eigen/QR>
#include <cmath>
#include <stdexcept>

namespace kann {

namespace {

using Eigen::Index;
using ComplexRows = Eigen::Matrix<std::complex<double>, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Zp is there: the result was analysed with AnalysisOptions::keepReduced (a caller's mistake otherwise,
// checked because reading an empty Zp would read past its end).
void requireReduced(const KoopmanResult& r) {
    if (r.reduced.rows() != static_cast<Index>(r.batch) * r.time || r.reduced.cols() != r.k)
        throw std::logic_error("this analysis kept no reduced states (AnalysisOptions::keepReduced was false): "
                               "the per-mode queries need them");
}

void requireMode(const KoopmanResult& r, int j) {
    if (j < 0 || j >= r.k)
        throw InputError("mode", "index " + std::to_string(j) + " is outside 0.." + std::to_string(r.k - 1));
}

// Zp·w for a few columns w, rows beyond each sequence's length set to zero: (batch*time) x cols.
RowMatrixXd projectValid(const KoopmanResult& r, const Eigen::MatrixXd& w) {
    RowMatrixXd out(r.reduced.rows(), w.cols());
    blas::multiply(r.reduced, w, out);
    for (int b = 0; b < r.batch; ++b)
        out.middleRows(static_cast<Index>(b) * r.time + r.lengths[b], r.time - r.lengths[b]).setZero();
    return out;
}

// Per row of a (batch*time) x c matrix, a float: the batch x time grid the views draw.
template <class RowFn>
RowMatrixXf perStep(const KoopmanResult& r, const RowMatrixXd& values, RowFn fn) {
    RowMatrixXf out(r.batch, r.time);
    for (Index i = 0; i < values.rows(); ++i) out(i / r.time, i % r.time) = static_cast<float>(fn(values.row(i)));
    return out;
}

// Re φ_j and Im φ_j from the table (see realModeBasis): a pair's upper member holds Re φ in its own
// column and Im φ in its partner's; the lower member is the conjugate.
RowMatrixXd tabulatedParts(const KoopmanResult& r, int j) {
    RowMatrixXd out(r.modeTable.rows(), 2);
    const int p = r.partner[j];
    const bool upper = p < 0 || r.eigenvalues(j).imag() > 0;
    out.col(0) = r.modeTable.col(upper ? j : p).cast<double>();
    if (p < 0) out.col(1).setZero();
    else out.col(1) = (upper ? 1.0 : -1.0) * r.modeTable.col(upper ? p : j).cast<double>();
    return out;
}

// Columns Re φ_j, Im φ_j: (batch*time) x 2, zero on padding.
RowMatrixXd modeParts(const KoopmanResult& r, int j) {
    requireMode(r, j);
    if (r.modeTable.size() > 0) return tabulatedParts(r, j);
    requireReduced(r);
    Eigen::MatrixXd w(r.k, 2);
    w << r.V.col(j).real(), r.V.col(j).imag();
    return projectValid(r, w);
}

}  // namespace

RowMatrixXf modeMagnitude(const KoopmanResult& r, int j) {
    return perStep(r, modeParts(r, j), [](const auto& row) { return std::hypot(row(0), row(1)); });
}

RowMatrixXf modeRealPart(const KoopmanResult& r, int j) {
    return perStep(r, modeParts(r, j), [](const auto& row) { return row(0); });
}

ComplexRows modeValues(const KoopmanResult& r, int j) {
    const RowMatrixXd parts = modeParts(r, j);
    ComplexRows out(r.batch, r.time);
    for (Index i = 0; i < parts.rows(); ++i) out(i / r.time, i % r.time) = {parts(i, 0), parts(i, 1)};
    return out;
}

// The pair's real invariant directions span{Re v_j, Im v_j}, orthonormalised: the norm of Zp's
// projection onto them does not oscillate with the phase of φ_j as Re φ_j does.
RowMatrixXf pairMagnitude(const KoopmanResult& r, int j) {
    requireMode(r, j);
    if (r.partner[j] < 0) return modeMagnitude(r, j);
    // span = Q·R, so Zp·Q = Zp·span·R⁻¹ = [Re φ_j, Im φ_j]·R⁻¹.
    Eigen::MatrixXd span(r.k, 2);
    span << r.V.col(j).real(), r.V.col(j).imag();
    const Eigen::Matrix2d R = Eigen::HouseholderQR<Eigen::MatrixXd>(span).matrixQR().topRows(2).triangularView<Eigen::Upper>();
    const RowMatrixXd projected = modeParts(r, j) * R.inverse();
    return perStep(r, projected, [](const auto& row) { return row.norm(); });
}

namespace {

// Eq. 11's map from Zp to hidden space: M·Pᵀ (k x dim), M = |V_J U_J| or Re(V_J U_J).
Eigen::MatrixXd pairToHidden(const KoopmanResult& r, int j, ReconstructionForm form) {
    requireMode(r, j);
    Eigen::MatrixXcd projector = r.V.col(j) * r.U.row(j);
    if (r.partner[j] >= 0) projector += r.V.col(r.partner[j]) * r.U.row(r.partner[j]);
    const Eigen::MatrixXd mixing =
        form == ReconstructionForm::PaperAbsolute ? Eigen::MatrixXd(projector.cwiseAbs()) : Eigen::MatrixXd(projector.real());
    return mixing * r.basis.transpose();
}

}  // namespace

RowMatrixXf reconstructRowsFromPair(const KoopmanResult& r, const RowMatrixXf& states, int j, ReconstructionForm form) {
    if (states.cols() != r.dim)
        throw InputError("states", "have dimension " + std::to_string(states.cols()) + ", the analysis " + std::to_string(r.dim));
    const RowMatrixXd reduced = (states.cast<double>().rowwise() - r.mean) * r.basis;
    return ((reduced * pairToHidden(r, j, form)).rowwise() + r.mean).cast<float>();
}

HiddenStates reconstructFromPair(const KoopmanResult& r, int j, ReconstructionForm form) {
    requireReduced(r);
    // Back to hidden space in one product: Zp·(M·Pᵀ).
    const RowMatrixXd hidden = projectValid(r, pairToHidden(r, j, form));
    HiddenStates out = HiddenStates::zeros(r.batch, r.time, r.dim);
    out.lengths = r.lengths;
    for (int b = 0; b < r.batch; ++b)
        for (int t = 0; t < r.lengths[b]; ++t) {
            const Index row = static_cast<Index>(b) * r.time + t;
            Eigen::Map<Eigen::RowVectorXf>(out.row(b, t), r.dim) = (hidden.row(row) + r.mean).cast<float>();
        }
    return out;
}

}  // namespace kann
