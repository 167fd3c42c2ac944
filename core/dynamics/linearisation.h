#pragma once
// The linearisation of a map at a point: eigenvalues of its Jacobian and the slowest direction.
#include <Eigen/Core>
#include <complex>

namespace kann {

struct Linearisation {
    Eigen::VectorXcd eigenvalues;  // by modulus, descending
    int slowest = 0;               // index of the eigenvalue of modulus nearest 1 (longest time constant)
    Eigen::VectorXcd right;        // unit right eigenvector of the slowest eigenvalue: J r = λ r
    Eigen::VectorXcd left;         // unit left eigenvector of the same eigenvalue: lᵀ J = λ lᵀ

    std::complex<double> slowestEigenvalue() const { return eigenvalues(slowest); }
};

// Eigen decomposition of `jacobian` (LAPACK). Throws AnalysisError when it fails.
Linearisation linearise(const Eigen::MatrixXd& jacobian);

// Steps over which a perturbation along an eigenvalue's direction grows or decays by e:
// 1 / |ln |λ||; infinite on the unit circle.
double timeConstant(std::complex<double> lambda);

}  // namespace kann
