#include "core/analysis/reduction.h"

#include "core/analysis/blas.h"
#include "core/analysis/row_blocks.h"
#include "core/common/error.h"

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>
#include <random>
#include <sstream>

namespace kann {

const char* reductionName(Reduction r) {
    switch (r) {
    case Reduction::Svd: return "svd";
    case Reduction::Pca: return "pca";
    case Reduction::RandomizedSvd: return "rsvd";
    }
    return "?";
}

Reduction parseReduction(const std::string& s) {
    return kReductions.parse(s);
}

namespace {

using Eigen::Index;

constexpr int kOversampling = 10;
constexpr int kPowerIterations = 2;

Index countRows(const std::vector<int>& lengths) {
    Index n = 0;
    for (int len : lengths) n += len;
    return n;
}

Eigen::RowVectorXd meanRow(const HiddenStates& s, const std::vector<int>& lengths) {
    const Eigen::RowVectorXd none = Eigen::RowVectorXd::Zero(s.dim);
    Eigen::RowVectorXd sum = none;
    forEachBlock(s, lengths, none, [&](const RowBlock& blk) { sum += blk.values.colwise().sum(); });
    return sum / static_cast<double>(countRows(lengths));
}

// Flips each column so that its entry of largest magnitude is positive: a reproducible basis
// (the paper's reconstruction |V_J U_J| depends on the signs).
void canonicalSigns(Eigen::MatrixXd& basis) {
    for (Index j = 0; j < basis.cols(); ++j) {
        Index i = 0;
        basis.col(j).cwiseAbs().maxCoeff(&i);
        if (basis(i, j) < 0) basis.col(j) *= -1.0;
    }
}

// Eigenvectors of the Gram matrix: the right singular vectors of the rows it came from.
ReductionResult gramBasis(const Eigen::MatrixXd& gram, Index rows, Eigen::RowVectorXd mean, int k) {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(gram);
    if (eig.info() != Eigen::Success) throw AnalysisError("the Gram matrix of the states has no eigen decomposition");
    const Index available = std::min<Index>(rows, gram.rows());
    ReductionResult r;
    // Eigenvalues come ascending; rounding can push zero ones slightly negative.
    r.singularValues = eig.eigenvalues().reverse().head(available).cwiseMax(0.0).cwiseSqrt();
    r.basis = eig.eigenvectors().rowwise().reverse().leftCols(k);
    r.mean = std::move(mean);
    return r;
}

ReductionResult exactBasis(const HiddenStates& s, const std::vector<int>& lengths, Eigen::RowVectorXd mean,
                           int k) {
    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(s.dim, s.dim);
    forEachBlock(s, lengths, mean, [&](const RowBlock& blk) { blas::addGram(blk.values, gram); });
    return gramBasis(gram.selfadjointView<Eigen::Upper>(), countRows(lengths), std::move(mean), k);
}

ReductionResult randomizedBasis(const HiddenStates& s, const std::vector<int>& lengths, Eigen::RowVectorXd mean,
                                int k, unsigned seed) {
    const int width = k + kOversampling;
    if (width >= s.dim) return exactBasis(s, lengths, std::move(mean), k);
    const Index n = countRows(lengths);
    // range = Z·right (n x width) and its counterpart Zᵀ·left (dim x width), streamed over the rows.
    RowMatrixXd range(n, width);
    auto sampleRange = [&](const Eigen::MatrixXd& right) {
        forEachBlock(s, lengths, mean, [&](const RowBlock& blk) {
            blas::multiply(blk.values, right, range.middleRows(blk.offset, blk.values.rows()));
        });
    };
    auto transposedProduct = [&](const RowMatrixXd& left) {
        Eigen::MatrixXd out = Eigen::MatrixXd::Zero(s.dim, width);
        forEachBlock(s, lengths, mean, [&](const RowBlock& blk) {
            blas::addCrossProduct(blk.values, left.middleRows(blk.offset, blk.values.rows()), out);
        });
        return out;
    };
    std::mt19937_64 gen(seed);
    std::normal_distribution<double> normal;
    sampleRange(Eigen::MatrixXd::NullaryExpr(s.dim, width, [&] { return normal(gen); }));
    for (int i = 0; i < kPowerIterations; ++i)
        sampleRange(blas::orthonormalColumns(transposedProduct(blas::orthonormalColumns(range))));
    // Zᵀ Q = (Qᵀ Z)ᵀ: its left singular vectors are the right singular vectors of Z's projection.
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(transposedProduct(blas::orthonormalColumns(range)), Eigen::ComputeThinU);
    ReductionResult r;
    r.singularValues = svd.singularValues();
    r.basis = svd.matrixU().leftCols(k);
    r.mean = std::move(mean);
    return r;
}

void requireRank(const Eigen::VectorXd& sigma, int k) {
    if (sigma.size() == 0 || !(sigma(0) > 0)) throw AnalysisError("the hidden states are all zero");
    const double ratio = sigma(k - 1) / sigma(0);
    if (ratio > kRankTolerance) return;
    const int rank = numericalRank(sigma);
    std::ostringstream msg;
    msg << "the hidden states span only " << rank << " dimensions, fewer than k = " << k << " (sigma_" << k
        << " / sigma_1 = " << ratio << "); choose k <= " << rank;
    throw AnalysisError(msg.str());
}

}  // namespace

int numericalRank(const Eigen::VectorXd& sigma) {
    int rank = 0;
    while (rank < sigma.size() && sigma(rank) > kRankTolerance * sigma(0)) ++rank;
    return rank;
}

Eigen::RowVectorXd reductionMean(const HiddenStates& states, const std::vector<int>& lengths, Reduction how) {
    return how == Reduction::Pca ? meanRow(states, lengths) : Eigen::RowVectorXd::Zero(states.dim);
}

namespace {

// The chosen k (clamped to the numerical rank when asked), checked, with a reproducible sign.
ReductionResult finished(ReductionResult r, int k, bool clampToRank) {
    if (clampToRank && numericalRank(r.singularValues) < k) {
        k = std::max(1, numericalRank(r.singularValues));
        r.basis = r.basis.leftCols(k).eval();
    }
    requireRank(r.singularValues, k);
    canonicalSigns(r.basis);
    return r;
}

}  // namespace

ReductionResult reductionFromGram(const Eigen::MatrixXd& gram, std::int64_t rows, Eigen::RowVectorXd mean, int k,
                                  bool clampToRank) {
    return finished(gramBasis(gram, rows, std::move(mean), k), k, clampToRank);
}

ReductionResult fitReduction(const HiddenStates& states, const std::vector<int>& lengths, int k, Reduction how,
                             unsigned seed, bool clampToRank) {
    Eigen::RowVectorXd mean = reductionMean(states, lengths, how);
    ReductionResult r = how == Reduction::RandomizedSvd ? randomizedBasis(states, lengths, std::move(mean), k, seed)
                                                        : exactBasis(states, lengths, std::move(mean), k);
    return finished(std::move(r), k, clampToRank);
}

RowMatrixXd project(const HiddenStates& states, const std::vector<int>& lengths, const ReductionResult& r) {
    const Index k = r.basis.cols();
    RowMatrixXd out = RowMatrixXd::Zero(static_cast<Index>(states.batch) * states.time, k);
    RowMatrixXd block(kBlockRows, k);
    forEachBlock(states, lengths, r.mean, [&](const RowBlock& blk) {
        blas::multiply(blk.values, r.basis, block.topRows(blk.values.rows()));
        for (const Segment& seg : blk.segments)
            out.middleRows(RowBlock::batchRow(seg, states.time), seg.steps) = block.middleRows(seg.row, seg.steps);
    });
    return out;
}

}  // namespace kann
