#include "core/insight/timeline.h"

#include "core/common/error.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <unistd.h>

using namespace kann;
namespace fs = std::filesystem;

namespace {

// The cheapest assignment by trying every permutation (rows == cols, small).
double bruteForceCost(const Eigen::MatrixXd& cost) {
    std::vector<int> p(cost.cols());
    std::iota(p.begin(), p.end(), 0);
    double best = std::numeric_limits<double>::infinity();
    do {
        double c = 0;
        for (int r = 0; r < cost.rows(); ++r) c += cost(r, p[r]);
        best = std::min(best, c);
    } while (std::next_permutation(p.begin(), p.end()));
    return best;
}

double costOf(const Eigen::MatrixXd& cost, const std::vector<int>& match) {
    double c = 0;
    for (int r = 0; r < cost.rows(); ++r)
        if (match[r] >= 0) c += cost(r, match[r]);
    return c;
}

// Eigenvalues sorted as the analysis sorts them (modulus descending), so order says nothing of identity.
Eigen::VectorXcd sortedByModulus(std::vector<std::complex<double>> values, std::vector<int>& identity) {
    std::vector<int> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return std::abs(values[a]) > std::abs(values[b]); });
    Eigen::VectorXcd out(values.size());
    identity.assign(values.size(), 0);
    for (std::size_t i = 0; i < order.size(); ++i) out[i] = values[order[i]], identity[i] = order[i];
    return out;
}

fs::path tempFolder(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("kann_timeline_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

}  // namespace

TEST_CASE("timeline: the assignment is optimal, as brute force finds it", "[insight][timeline]") {
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> u(0, 1);
    for (int trial = 0; trial < 50; ++trial) {
        const int n = 1 + trial % 6;
        Eigen::MatrixXd cost(n, n);
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) cost(r, c) = u(rng);
        const std::vector<int> match = minimumCostAssignment(cost);
        std::vector<int> columns = match;
        std::sort(columns.begin(), columns.end());
        CHECK(std::adjacent_find(columns.begin(), columns.end()) == columns.end());  // one to one
        CHECK(costOf(cost, match) == Approx(bruteForceCost(cost)).epsilon(1e-12));
    }
}

TEST_CASE("timeline: rectangular assignments leave the extra rows or columns out", "[insight][timeline]") {
    Eigen::MatrixXd tall(3, 2);
    tall << 5, 1,
            1, 5,
            0.5, 0.6;
    // Best: row 2 -> column 0 and row 0 -> column 1 (0.5 + 1 = 1.5), row 1 left over.
    CHECK(minimumCostAssignment(tall) == std::vector<int>{1, -1, 0});
    CHECK(minimumCostAssignment(Eigen::MatrixXd(tall.transpose())) == std::vector<int>{2, 0});
}

TEST_CASE("timeline: eigenvalues that rotate and cross keep their identities", "[insight][timeline]") {
    // Two real eigenvalues pass through each other on the real axis between two spectra (where they
    // coincide within a spectrum, identity means nothing); a conjugate pair rotates
    // while its modulus grows past theirs; a fifth creeps out towards the circle.
    std::vector<Eigen::VectorXcd> spectra;
    std::vector<std::vector<int>> truth;
    for (int s = 0; s <= 20; ++s) {
        const double t = s / 20.0;
        const std::complex<double> rotating = std::polar(0.5 + 0.45 * t, 0.3 + 1.2 * t);
        std::vector<int> identity;
        spectra.push_back(sortedByModulus({0.2 + 0.6 * t, 0.81 - 0.6 * t, rotating, std::conj(rotating), 0.12 + 0.83 * t},
                                          identity));
        truth.push_back(identity);
    }
    const auto tracks = trackSpectra(spectra);
    REQUIRE(tracks.size() == spectra.size());
    // The same identity is the same track in every spectrum.
    std::vector<int> trackOfIdentity(5, -1);
    for (std::size_t s = 0; s < tracks.size(); ++s)
        for (std::size_t i = 0; i < tracks[s].size(); ++i) {
            const int id = truth[s][i];
            if (trackOfIdentity[id] < 0) trackOfIdentity[id] = tracks[s][i];
            INFO("spectrum " << s << ", eigenvalue " << spectra[s][i]);
            CHECK(tracks[s][i] == trackOfIdentity[id]);
        }
    std::vector<int> ids = trackOfIdentity;
    std::sort(ids.begin(), ids.end());
    CHECK(ids == std::vector<int>{0, 1, 2, 3, 4});
}

TEST_CASE("timeline: eigenvalues that appear start new tracks and vanished ones end", "[insight][timeline]") {
    std::vector<Eigen::VectorXcd> spectra(3);
    spectra[0] = Eigen::VectorXcd::Constant(1, 0.5);
    spectra[1] = (Eigen::VectorXcd(2) << 0.9, 0.52).finished();
    spectra[2] = (Eigen::VectorXcd(1) << 0.91).finished();
    const auto tracks = trackSpectra(spectra);
    CHECK(tracks[0] == std::vector<int>{0});
    CHECK(tracks[1] == std::vector<int>{1, 0});  // 0.52 continues 0.5; 0.9 is new
    // 0.91 is nearest the prediction of track 1 (0.9 + 0) rather than track 0's (0.52 + 0.02).
    CHECK(tracks[2] == std::vector<int>{1});
}

TEST_CASE("timeline: a snapshot list is read in step order with its checkpoints", "[insight][timeline]") {
    const fs::path dir = tempFolder("list");
    std::ofstream(dir / "step_000000.pt") << "x";
    std::ofstream(dir / "step_000010.pt") << "x";
    std::ofstream(dir / "snapshots.json") << R"({"metric": "accuracy", "snapshots": [
        {"file": "step_000010.pt", "step": 10, "epoch": 1.0, "train_loss": 0.5, "held_out_loss": 0.4, "held_out_metric": 0.75},
        {"file": "step_000000.pt", "step": 0, "epoch": 0, "train_loss": null, "held_out_loss": 0.9, "held_out_metric": 0.1}]})";
    const SnapshotList list = readSnapshotList(dir.string());
    CHECK(list.metricName == "accuracy");
    REQUIRE(list.entries.size() == 2);
    CHECK(list.entries[0].step == 0);
    CHECK(std::isnan(list.entries[0].trainLoss));
    CHECK(list.entries[1].model == (dir / "step_000010.pt").string());
    CHECK(list.entries[1].metric == 0.75);
}

TEST_CASE("timeline: a missing list or checkpoint is refused by name", "[insight][timeline]") {
    const fs::path dir = tempFolder("missing");
    CHECK_THROWS_WITH(readSnapshotList(dir.string()), Catch::Contains("snapshots.json") && Catch::Contains("--snapshots"));
    std::ofstream(dir / "snapshots.json") << R"({"snapshots": [{"file": "gone.pt", "step": 3}]})";
    CHECK_THROWS_WITH(readSnapshotList(dir.string()), Catch::Contains("gone.pt") && Catch::Contains("not there"));
    std::ofstream(dir / "snapshots.json") << R"({"snapshots": [{"step": 3}]})";
    CHECK_THROWS_AS(readSnapshotList(dir.string()), InputError);
}
