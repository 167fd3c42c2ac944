#include "core/analysis/blas.h"

#include "core/common/error.h"

#include <algorithm>
#include <cassert>
#include <cblas.h>
#include <cstddef>
#include <string>
#include <vector>

extern "C" {
// LAPACK's Fortran interface (gfortran passes the lengths of character arguments last).
void dgeev_(const char* jobvl, const char* jobvr, const int* n, double* a, const int* lda, double* wr, double* wi,
            double* vl, const int* ldvl, double* vr, const int* ldvr, double* work, const int* lwork, int* info,
            std::size_t jobvlLength, std::size_t jobvrLength);
void dgeqrf_(const int* m, const int* n, double* a, const int* lda, double* tau, double* work, const int* lwork,
             int* info);
void dorgqr_(const int* m, const int* n, const int* k, double* a, const int* lda, const double* tau, double* work,
             const int* lwork, int* info);
}

namespace kann::blas {

// A row-major n x p block with row stride ld is, to column-major BLAS, the p x n matrix aᵀ.

void addGram(const ConstRows& a, Eigen::MatrixXd& g) {
    assert(g.rows() == a.cols() && g.cols() == a.cols());
    if (a.rows() == 0 || a.cols() == 0) return;
    cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, static_cast<int>(a.cols()), static_cast<int>(a.rows()),
                1.0, a.data(), static_cast<int>(a.outerStride()), 1.0, g.data(), static_cast<int>(g.rows()));
}

void addCrossProduct(const ConstRows& a, const ConstRows& b, Eigen::MatrixXd& out) {
    assert(a.rows() == b.rows() && out.rows() == a.cols() && out.cols() == b.cols());
    if (a.rows() == 0 || out.size() == 0) return;
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, static_cast<int>(a.cols()), static_cast<int>(b.cols()),
                static_cast<int>(a.rows()), 1.0, a.data(), static_cast<int>(a.outerStride()), b.data(),
                static_cast<int>(b.outerStride()), 1.0, out.data(), static_cast<int>(out.rows()));
}

void multiply(const ConstRows& a, const Eigen::MatrixXd& b, Eigen::Ref<RowMatrixXd> out) {
    assert(a.cols() == b.rows() && out.rows() == a.rows() && out.cols() == b.cols());
    if (out.size() == 0) return;
    if (a.cols() == 0) {
        out.setZero();
        return;
    }
    // b is column-major p x q, i.e. row-major q x p: transposed in row-major terms.
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(a.rows()), static_cast<int>(b.cols()),
                static_cast<int>(a.cols()), 1.0, a.data(), static_cast<int>(a.outerStride()), b.data(),
                static_cast<int>(b.rows()), 0.0, out.data(), static_cast<int>(out.outerStride()));
}

Eigen::MatrixXd orthonormalColumns(Eigen::MatrixXd a) {
    const int m = static_cast<int>(a.rows()), n = static_cast<int>(a.cols());
    if (n == 0) return a;
    std::vector<double> tau(static_cast<std::size_t>(n));
    // One workspace query serves both calls: dorgqr needs no more than dgeqrf for the same shape.
    int info = 0, lwork = -1;
    double optimal = 0;
    dgeqrf_(&m, &n, a.data(), &m, tau.data(), &optimal, &lwork, &info);
    lwork = std::max(static_cast<int>(optimal), n);
    std::vector<double> work(static_cast<std::size_t>(lwork));
    dgeqrf_(&m, &n, a.data(), &m, tau.data(), work.data(), &lwork, &info);
    if (info == 0) dorgqr_(&m, &n, &n, a.data(), &m, tau.data(), work.data(), &lwork, &info);
    if (info != 0) throw AnalysisError("QR factorisation failed (LAPACK info " + std::to_string(info) + ")");
    return a;
}

RealEigen eigenDecomposition(const Eigen::MatrixXd& a) {
    assert(a.rows() == a.cols());
    const int n = static_cast<int>(a.rows()), one = 1;
    Eigen::MatrixXd work = a, right(n, n);
    Eigen::VectorXd re(n), im(n);
    int info = 0, lwork = -1;
    double optimal = 0;
    dgeev_("N", "V", &n, work.data(), &n, re.data(), im.data(), nullptr, &one, right.data(), &n, &optimal, &lwork,
           &info, 1, 1);
    lwork = static_cast<int>(optimal);
    std::vector<double> scratch(static_cast<std::size_t>(std::max(lwork, 1)));
    dgeev_("N", "V", &n, work.data(), &n, re.data(), im.data(), nullptr, &one, right.data(), &n, scratch.data(),
           &lwork, &info, 1, 1);
    if (info != 0)
        throw AnalysisError("the eigen decomposition of C did not converge (LAPACK dgeev info " +
                            std::to_string(info) + ")");
    RealEigen out{Eigen::VectorXcd(n), Eigen::MatrixXcd(n, n)};
    for (int j = 0; j < n; ++j) {
        out.values(j) = {re(j), im(j)};
        // A pair (j, j+1) is stored as real part in column j and imaginary part in column j+1.
        if (im(j) > 0) {
            out.vectors.col(j).real() = right.col(j);
            out.vectors.col(j).imag() = right.col(j + 1);
        } else if (im(j) < 0) {
            out.vectors.col(j) = out.vectors.col(j - 1).conjugate();
        } else {
            out.vectors.col(j) = right.col(j).cast<std::complex<double>>();
        }
    }
    return out;
}

}  // namespace kann::blas
