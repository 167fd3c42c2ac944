#pragma once
// Hidden states with known answers for the analysis tests: linear dynamics of known spectrum,
// embedded in more dimensions, and small hand-written batches.
#include "core/analysis/hidden_states.h"

#include <Eigen/Dense>
#include <algorithm>
#include <complex>
#include <random>
#include <vector>

namespace kann::test {

using Eigenvalues = std::vector<std::complex<double>>;

inline Eigen::MatrixXd gaussian(int rows, int cols, std::mt19937& gen) {
    std::normal_distribution<double> normal;
    return Eigen::MatrixXd::NullaryExpr(rows, cols, [&] { return normal(gen); });
}

// rows x cols with orthonormal rows (rows <= cols).
inline Eigen::MatrixXd orthonormalRows(int rows, int cols, std::mt19937& gen) {
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(gaussian(cols, rows, gen));
    return (qr.householderQ() * Eigen::MatrixXd::Identity(cols, rows)).transpose();
}

// Real map A (row-vector convention z[t+1] = z[t]·A) with the given eigenvalues: each entry with
// Im > 0 stands for a conjugate pair. A = S^-1·blockdiag·S with a random, well-conditioned S.
inline Eigen::MatrixXd linearMap(const Eigenvalues& eigen, std::mt19937& gen) {
    int d = 0;
    for (auto l : eigen) d += l.imag() > 0 ? 2 : 1;
    Eigen::MatrixXd block = Eigen::MatrixXd::Zero(d, d);
    int i = 0;
    for (auto l : eigen) {
        if (l.imag() > 0) {
            block.block(i, i, 2, 2) << l.real(), l.imag(), -l.imag(), l.real();
            i += 2;
        } else {
            block(i, i) = l.real();
            ++i;
        }
    }
    const Eigen::MatrixXd s = Eigen::MatrixXd::Identity(d, d) + 0.3 * gaussian(d, d, gen) / std::sqrt(d);
    return s.inverse() * block * s;
}

// All eigenvalues (pairs expanded) in the analysis order: modulus desc, imaginary part desc.
inline Eigenvalues expectedOrder(const Eigenvalues& eigen) {
    Eigenvalues all;
    for (auto l : eigen) {
        all.push_back(l);
        if (l.imag() > 0) all.push_back(std::conj(l));
    }
    std::sort(all.begin(), all.end(), [](auto a, auto b) {
        if (std::abs(a) != std::abs(b)) return std::abs(a) > std::abs(b);
        return a.imag() > b.imag();
    });
    return all;
}

// z[t+1] = z[t]·A from a random z[0] per sequence, stored as h = z·embed (float); steps beyond a
// sequence's length hold `padding`.
inline HiddenStates simulate(const Eigen::MatrixXd& a, const Eigen::MatrixXd& embed, int time,
                             const std::vector<int>& lengths, std::mt19937& gen, float padding = 0.0f) {
    HiddenStates s = HiddenStates::zeros(static_cast<int>(lengths.size()), time, static_cast<int>(embed.cols()));
    s.lengths = lengths;
    std::fill(s.values.begin(), s.values.end(), padding);
    for (int b = 0; b < s.batch; ++b) {
        Eigen::RowVectorXd z = gaussian(1, static_cast<int>(a.rows()), gen);
        for (int t = 0; t < lengths[b]; ++t, z = z * a)
            Eigen::Map<Eigen::RowVectorXf>(s.row(b, t), s.dim) = (z * embed).cast<float>();
    }
    return s;
}

inline std::vector<int> randomLengths(int batch, int lo, int hi, std::mt19937& gen) {
    std::uniform_int_distribution<int> pick(lo, hi);
    std::vector<int> lengths(batch);
    for (int& l : lengths) l = pick(gen);
    return lengths;
}

// A batch written out by hand: sequences of rows, padded with zeros to the longest.
inline HiddenStates handStates(const std::vector<std::vector<std::vector<float>>>& sequences) {
    int time = 0;
    for (const auto& seq : sequences) time = std::max(time, static_cast<int>(seq.size()));
    const int dim = static_cast<int>(sequences.at(0).at(0).size());
    HiddenStates s = HiddenStates::zeros(static_cast<int>(sequences.size()), time, dim);
    for (int b = 0; b < s.batch; ++b) {
        s.lengths[b] = static_cast<int>(sequences[b].size());
        for (int t = 0; t < s.lengths[b]; ++t) std::copy(sequences[b][t].begin(), sequences[b][t].end(), s.row(b, t));
    }
    return s;
}

}  // namespace kann::test
