#include "core/analysis/blas.h"

#include "synthetic.h"

#include <catch2/catch.hpp>

using namespace kann;

namespace {

// Row blocks with a row stride wider than their width, as the analysis passes them.
RowMatrixXd randomRows(int rows, int cols, std::mt19937& gen) { return test::gaussian(rows, cols, gen); }

}  // namespace

TEST_CASE("BLAS products match Eigen's on strided row blocks", "[blas]") {
    std::mt19937 gen(1);
    const RowMatrixXd wide = randomRows(37, 9, gen), other = randomRows(37, 7, gen);
    const auto a = wide.leftCols(5);   // row stride 9
    const auto b = other.middleCols(1, 4);  // row stride 7

    Eigen::MatrixXd gram = Eigen::MatrixXd::Constant(5, 5, 1.0);
    blas::addGram(a, gram);
    const Eigen::MatrixXd expectedGram = Eigen::MatrixXd(a.transpose() * a).array() + 1.0;
    CHECK(Eigen::MatrixXd(gram.triangularView<Eigen::Upper>()).isApprox(
        Eigen::MatrixXd(expectedGram.triangularView<Eigen::Upper>()), 1e-13));
    CHECK(gram(4, 0) == 1.0);  // lower triangle untouched

    Eigen::MatrixXd cross = Eigen::MatrixXd::Ones(5, 4);
    blas::addCrossProduct(a, b, cross);
    CHECK(cross.isApprox(Eigen::MatrixXd((a.transpose() * b).array() + 1.0), 1e-13));

    const Eigen::MatrixXd right = test::gaussian(5, 3, gen);
    RowMatrixXd out = RowMatrixXd::Constant(37, 6, 7.0);
    blas::multiply(a, right, out.leftCols(3));
    CHECK(out.leftCols(3).isApprox(a * right, 1e-13));
    CHECK((out.rightCols(3).array() == 7.0).all());
}
