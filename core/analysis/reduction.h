#pragma once
// Step 2 of KANN: a k-dimensional basis for the hidden states, and the states in it.
// Only the rows t < lengths[b] of each sequence enter (the caller passes all-`time` lengths to
// reproduce the reference notebook, which fits over padding).
#include "core/analysis/hidden_states.h"
#include "core/common/named_values.h"

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

namespace kann {

enum class Reduction { Svd, Pca, RandomizedSvd };
const char* reductionName(Reduction r);          // "svd", "pca", "rsvd"
inline constexpr NamedValues<Reduction, 3> kReductions{
    "--reduction", {Reduction::Svd, Reduction::Pca, Reduction::RandomizedSvd}, reductionName};
Reduction parseReduction(const std::string& s);  // throws InputError("--reduction", ...)

struct ReductionResult {
    Eigen::VectorXd singularValues;  // descending: min(rows, dim) of them (exact), k + oversampling (rsvd)
    Eigen::MatrixXd basis;           // P: dim x k, orthonormal columns, each column's largest entry > 0
    Eigen::RowVectorXd mean;         // subtracted before projecting: zero except for PCA
};

// Ratio σ_k / σ_1 below which the states count as rank-deficient. The states are float (relative
// precision 6e-8), so smaller singular values are rounding noise, and the Gram matrix used by the
// exact SVD resolves σ only down to about sqrt(dim·1e-16)·σ_1.
constexpr double kRankTolerance = 1e-6;

// Fits the basis of k components on the rows t < lengths[b].
//  Svd: exact truncated SVD without centering, from the Gram matrix Zᵀ Z accumulated in double
//       over blocks of rows (σ agrees with a full SVD to ~1e-16·(σ_1/σ_i)², see the tests).
//  Pca: the same after subtracting the mean of those rows.
//  RandomizedSvd: Halko et al. with 10 oversampling columns and 2 power iterations, seeded;
//       when k + 10 >= dim it is no cheaper than the exact SVD, which it then uses.
// With clampToRank (the default k), k shrinks to the states' numerical rank, since directions of
// rounding noise carry no dynamics; otherwise throws AnalysisError when σ_k <= kRankTolerance·σ_1
// (the states have fewer than k dimensions). basis.cols() is the k used.
ReductionResult fitReduction(const HiddenStates& states, const std::vector<int>& lengths, int k,
                             Reduction how, unsigned seed, bool clampToRank = false);

// The exact reduction (Svd, Pca) from the Gram matrix of `rows` rows with `mean` already subtracted,
// as fitReduction does it; for callers that accumulate the Gram matrix with more in the same pass.
ReductionResult reductionFromGram(const Eigen::MatrixXd& gram, std::int64_t rows, Eigen::RowVectorXd mean, int k,
                                  bool clampToRank = false);

// The mean that `how` subtracts: of the rows t < lengths[b] for Pca, zero otherwise.
Eigen::RowVectorXd reductionMean(const HiddenStates& states, const std::vector<int>& lengths, Reduction how);

// Number of singular values above kRankTolerance·σ_1.
int numericalRank(const Eigen::VectorXd& singularValues);

// Zp = (Z - mean)·P for every row: (batch*time) x k, zero on rows t >= lengths[b].
RowMatrixXd project(const HiddenStates& states, const std::vector<int>& lengths, const ReductionResult& r);

}  // namespace kann
