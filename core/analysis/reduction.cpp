#include "core/analysis/reduction.h"

#include "core/analysis/blas.h"
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
    for (Reduction r : {Reduction::Svd, Reduction::Pca, Reduction::RandomizedSvd})
        if (s == reductionName(r)) return r;
    throw InputError("--reduction", "expects svd, pca or rsvd, got '" + s + "'");
}

namespace {

using Eigen::Index;

// Rows per block: large enough for BLAS to run at full speed, small enough to stay in cache.
constexpr Index kBlockRows = 2048;
constexpr int kOversampling = 10;
constexpr int kPowerIterations = 2;

struct RowBlock {
    Eigen::Ref<const RowMatrixXd> values;  // (row - mean) in double
    Index offset;                          // index of the first row among the fitted rows
    const std::vector<Index>& rows;        // index of each row in the (batch*time) matrix
};

// Calls fn(RowBlock) on the rows t < lengths[b] in [b][t] order, a block at a time.
template <class Fn>
void forEachBlock(const HiddenStates& s, const std::vector<int>& lengths, const Eigen::RowVectorXd& mean,
                  Fn&& fn) {
    RowMatrixXd block(kBlockRows, s.dim);
    std::vector<Index> rows;
    rows.reserve(kBlockRows);
    Index offset = 0;
    auto flush = [&] {
        if (rows.empty()) return;
        fn(RowBlock{block.topRows(static_cast<Index>(rows.size())), offset, rows});
        offset += static_cast<Index>(rows.size());
        rows.clear();
    };
    for (int b = 0; b < s.batch; ++b) {
        for (int t = 0; t < lengths[b]; ++t) {
            block.row(static_cast<Index>(rows.size())) =
                Eigen::Map<const Eigen::RowVectorXf>(s.row(b, t), s.dim).cast<double>() - mean;
            rows.push_back(static_cast<Index>(b) * s.time + t);
            if (static_cast<Index>(rows.size()) == kBlockRows) flush();
        }
    }
    flush();
}

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

ReductionResult exactBasis(const HiddenStates& s, const std::vector<int>& lengths, Eigen::RowVectorXd mean,
                           int k) {
    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(s.dim, s.dim);
    forEachBlock(s, lengths, mean, [&](const RowBlock& blk) { blas::addGram(blk.values, gram); });
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(gram.selfadjointView<Eigen::Upper>());
    if (eig.info() != Eigen::Success) throw AnalysisError("the Gram matrix of the states has no eigen decomposition");
    const Index available = std::min<Index>(countRows(lengths), s.dim);
    ReductionResult r;
    // Eigenvalues come ascending; rounding can push zero ones slightly negative.
    r.singularValues = eig.eigenvalues().reverse().head(available).cwiseMax(0.0).cwiseSqrt();
    r.basis = eig.eigenvectors().rowwise().reverse().leftCols(k);
    r.mean = std::move(mean);
    return r;
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

ReductionResult fitReduction(const HiddenStates& states, const std::vector<int>& lengths, int k, Reduction how,
                             unsigned seed, bool clampToRank) {
    Eigen::RowVectorXd mean =
        how == Reduction::Pca ? meanRow(states, lengths) : Eigen::RowVectorXd::Zero(states.dim);
    ReductionResult r = how == Reduction::RandomizedSvd ? randomizedBasis(states, lengths, std::move(mean), k, seed)
                                                        : exactBasis(states, lengths, std::move(mean), k);
    if (clampToRank && numericalRank(r.singularValues) < k) {
        k = std::max(1, numericalRank(r.singularValues));
        r.basis = r.basis.leftCols(k).eval();
    }
    requireRank(r.singularValues, k);
    canonicalSigns(r.basis);
    return r;
}

RowMatrixXd project(const HiddenStates& states, const std::vector<int>& lengths, const ReductionResult& r) {
    const Index k = r.basis.cols();
    RowMatrixXd out(static_cast<Index>(states.batch) * states.time, k);
    for (int b = 0; b < states.batch; ++b)
        out.middleRows(static_cast<Index>(b) * states.time + lengths[b], states.time - lengths[b]).setZero();
    RowMatrixXd scattered(kBlockRows, k);
    forEachBlock(states, lengths, r.mean, [&](const RowBlock& blk) {
        const Index n = blk.values.rows();
        if (blk.rows.back() - blk.rows.front() + 1 == n) {  // contiguous: write in place
            blas::multiply(blk.values, r.basis, out.middleRows(blk.rows.front(), n));
            return;
        }
        blas::multiply(blk.values, r.basis, scattered.topRows(n));
        for (Index i = 0; i < n; ++i) out.row(blk.rows[i]) = scattered.row(i);
    });
    return out;
}

}  // namespace kann
