#pragma once
// The few dense kernels the analysis spends its time in, done by the system BLAS and LAPACK
// (OpenBLAS, multithreaded). Eigen's own kernels run single-threaded on SSE2 here, 2-5x slower.
// Matrices are row-major with contiguous rows (any row stride): blocks of rows of the states.
#include "core/analysis/hidden_states.h"

#include <Eigen/Core>

namespace kann::blas {

using ConstRows = Eigen::Ref<const RowMatrixXd>;

// Upper triangle of g += aᵀ·a (g: cols x cols; the lower triangle is left untouched).
void addGram(const ConstRows& a, Eigen::MatrixXd& g);
// out += aᵀ·b, a: n x p, b: n x q, out: p x q.
void addCrossProduct(const ConstRows& a, const ConstRows& b, Eigen::MatrixXd& out);
// out = a·b, a: n x p, b: p x q, out: n x q.
void multiply(const ConstRows& a, const Eigen::MatrixXd& b, Eigen::Ref<RowMatrixXd> out);

// An orthonormal basis of a's columns (Householder QR, LAPACK dgeqrf + dorgqr): rows x cols.
Eigen::MatrixXd orthonormalColumns(Eigen::MatrixXd a);

struct RealEigen {
    Eigen::VectorXcd values;  // conjugate pairs adjacent, positive imaginary part first
    Eigen::MatrixXcd vectors; // right eigenvectors as columns, unit norm
};
// Eigenvalues and right eigenvectors of a real square matrix (LAPACK dgeev);
// throws AnalysisError if the QR algorithm does not converge.
RealEigen eigenDecomposition(const Eigen::MatrixXd& a);

}  // namespace kann::blas
