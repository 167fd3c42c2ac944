// The one-pass moments against sums written out row by row, with sequences that end at different
// steps and a batch long enough to span several row blocks.
#include "core/analysis/state_moments.h"

#include "core/analysis/row_blocks.h"

#include <catch2/catch.hpp>

#include <random>

using namespace kann;

namespace {

Eigen::RowVectorXd centred(const HiddenStates& s, int b, int t, const Eigen::RowVectorXd& mean) {
    Eigen::RowVectorXd z(s.dim);
    for (int j = 0; j < s.dim; ++j) z(j) = s.row(b, t)[j] - mean(j);
    return z;
}

}  // namespace

TEST_CASE("state moments are the Gram, lagged, first-row and last-row sums over valid rows", "[state_moments]") {
    const int batch = 5, time = static_cast<int>(kBlockRows) / 2 + 37, dim = 4;
    HiddenStates s = HiddenStates::zeros(batch, time, dim);
    std::mt19937 rng(7);
    std::normal_distribution<float> normal;
    for (float& v : s.values) v = normal(rng);
    const std::vector<int> lengths = {time, 1, time - 3, 2, 300};
    const Eigen::RowVectorXd mean = Eigen::RowVectorXd::LinSpaced(dim, -0.5, 0.25);

    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(dim, dim), lagged = gram, firsts = gram, lasts = gram;
    std::int64_t rows = 0, pairs = 0;
    for (int b = 0; b < batch; ++b) {
        for (int t = 0; t < lengths[b]; ++t) {
            const Eigen::RowVectorXd z = centred(s, b, t, mean);
            gram += z.transpose() * z;
            ++rows;
            if (t + 1 < lengths[b]) {
                lagged += z.transpose() * centred(s, b, t + 1, mean);
                ++pairs;
            }
        }
        const Eigen::RowVectorXd first = centred(s, b, 0, mean), last = centred(s, b, lengths[b] - 1, mean);
        firsts += first.transpose() * first;
        lasts += last.transpose() * last;
    }

    const StateMoments m = stateMoments(s, lengths, mean);
    CHECK(m.rows == rows);
    CHECK(m.pairs == pairs);
    const double scale = gram.norm();
    CHECK((m.gram - gram).norm() <= 1e-10 * scale);
    CHECK((m.lagged - lagged).norm() <= 1e-10 * scale);
    CHECK((m.firsts - firsts).norm() <= 1e-10 * scale);
    CHECK((m.lasts - lasts).norm() <= 1e-10 * scale);
    // Padding holds garbage here, and none of it may leak into the sums.
    CHECK(m.rows < static_cast<std::int64_t>(batch) * time);
}
