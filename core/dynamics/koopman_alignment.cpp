#include "core/dynamics/koopman_alignment.h"

#include <Eigen/QR>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <limits>

namespace kann {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// An orthonormal basis of a's column span (rank-revealing: zero or dependent columns drop out).
Eigen::MatrixXd span(const Eigen::MatrixXd& a) {
    if (a.size() == 0) return {};
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(a);
    const Eigen::Index rank = qr.rank();
    const Eigen::MatrixXd q = qr.householderQ();
    return q.leftCols(rank);
}

double median(std::vector<double> v) {
    if (v.empty()) return kNaN;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

PointGeometry pointGeometry(const KoopmanResult& r, const RowMatrixXd& points) {
    PointGeometry g;
    g.reduced = (points.rowwise() - r.mean) * r.basis;
    if (points.rows() < 2) return g;
    const RowMatrixXd centred = points.rowwise() - points.colwise().mean();
    const Eigen::JacobiSVD<Eigen::MatrixXd> svd(centred, Eigen::ComputeThinV);
    const Eigen::VectorXd sigma2 = svd.singularValues().cwiseAbs2();
    if (!(sigma2.sum() > 0)) return g;
    g.direction = svd.matrixV().col(0);
    g.varianceFraction = sigma2(0) / sigma2.sum();
    return g;
}

int dominantRealMode(const KoopmanResult& r) {
    int best = -1;
    for (int j = 0; j < r.k; ++j)
        if (r.partner[j] < 0 && (best < 0 || r.dominance(j) > r.dominance(best))) best = j;
    return best >= 0 ? best : mostDominantMode(r);
}

int mostDominantMode(const KoopmanResult& r) {
    Eigen::Index top = 0;
    r.dominance.maxCoeff(&top);
    return static_cast<int>(top);
}

Eigen::MatrixXd koopmanModeDirection(const KoopmanResult& r, int j) {
    const Eigen::VectorXcd u = r.U.row(j).transpose();
    Eigen::MatrixXd parts(r.basis.rows(), r.partner[j] < 0 ? 1 : 2);
    parts.col(0) = r.basis * u.real();
    if (parts.cols() == 2) parts.col(1) = r.basis * u.imag();
    return span(parts);
}

double subspaceCosine(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    const Eigen::MatrixXd qa = span(a), qb = span(b);
    if (qa.cols() == 0 || qb.cols() == 0) return kNaN;
    const Eigen::MatrixXd overlap = qa.transpose() * qb;
    return std::min(1.0, Eigen::JacobiSVD<Eigen::MatrixXd>(overlap).singularValues()(0));
}

KoopmanAlignment alignKoopman(const KoopmanResult& r, int mode, const PointGeometry& g,
                              const std::vector<Eigen::MatrixXd>& slowDirections, const Eigen::VectorXd& readout) {
    KoopmanAlignment a;
    if (mode < 0 || mode >= r.k) return a;
    a.mode = mode;
    a.eigenvalue = r.eigenvalues(a.mode);
    const Eigen::MatrixXd direction = koopmanModeDirection(r, a.mode);
    if (g.direction.size() > 0) a.line = subspaceCosine(direction, g.direction);
    std::vector<double> slow;
    for (const Eigen::MatrixXd& d : slowDirections) {
        const double c = subspaceCosine(direction, d);
        if (std::isfinite(c)) slow.push_back(c);
    }
    a.slowest = median(slow);
    if (readout.size() > 0) a.readout = subspaceCosine(direction, readout);
    return a;
}

}  // namespace kann
