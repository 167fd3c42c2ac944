#pragma once
// Hidden states of a batch of sequences: float [batch, time, dim], row-major, with valid lengths.
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

namespace kann {

using RowMatrixXf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowMatrixXd = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct HiddenStates {
    int batch = 0;
    int time = 0;
    int dim = 0;
    std::vector<float> values;   // batch * time * dim, index ((b * time) + t) * dim + i
    std::vector<int> lengths;    // valid steps per sequence, 1..time; steps beyond are padding

    // Zero states of the given shape, every sequence full length.
    static HiddenStates zeros(int batch, int time, int dim);

    float* row(int b, int t) { return values.data() + (static_cast<std::int64_t>(b) * time + t) * dim; }
    const float* row(int b, int t) const {
        return values.data() + (static_cast<std::int64_t>(b) * time + t) * dim;
    }
    // All states as a (batch*time) x dim matrix view, rows in [b][t] order.
    Eigen::Map<const RowMatrixXf> matrix() const {
        return {values.data(), static_cast<Eigen::Index>(batch) * time, dim};
    }
    Eigen::Map<RowMatrixXf> matrix() {
        return {values.data(), static_cast<Eigen::Index>(batch) * time, dim};
    }
    // The last valid state of each sequence: batch x dim (what a readout or a decoder reads).
    RowMatrixXf lastValidStates() const;
    // Number of valid consecutive pairs (t, t+1) over all sequences.
    std::int64_t validPairs() const;
    // Throws InputError(source, ...) if shapes, lengths or values are inconsistent or non-finite.
    void validate(const std::string& source) const;
};

}  // namespace kann
