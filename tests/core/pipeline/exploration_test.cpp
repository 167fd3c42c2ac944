#include "core/pipeline/exploration.h"

#include "test_support.h"

#include <algorithm>
#include <vector>

using namespace kann;

namespace {

// Every report of one run, as fractions of the whole.
std::vector<double> fractionsOf(const SourceSpec& spec) {
    std::vector<double> seen;
    Progress progress;
    progress.report = [&seen](std::int64_t done, std::int64_t total, const std::string&) {
        seen.push_back(static_cast<double>(done) / static_cast<double>(total));
    };
    runExploration(spec, progress);
    return seen;
}

}  // namespace

TEST_CASE("one run reports one progress from 0 to 1 over loading, unrolling and the analysis", "[exploration]") {
    SourceSpec spec;
    spec.modelPath = KANN_FIXTURES "/torch/scripted_series.pt";
    spec.dataPath = KANN_FIXTURES "/series/label_last.arff";
    const std::vector<double> seen = fractionsOf(spec);
    REQUIRE(seen.size() > 4);
    CHECK(seen.front() == Approx(0.0));
    CHECK(seen.back() == Approx(1.0));
    for (std::size_t i = 1; i < seen.size(); ++i) CHECK(seen[i] >= seen[i - 1]);  // never back to 0 per stage
    // The unroll ends where the analysis starts: 70 % of the bar.
    CHECK(std::any_of(seen.begin(), seen.end(), [](double f) { return f == Approx(0.7); }));
}

TEST_CASE("a run on saved states gives the whole bar to the analysis", "[exploration]") {
    SourceSpec spec;
    spec.statesPath = KANN_FIXTURES "/npy/states_f4.npy";
    const std::vector<double> seen = fractionsOf(spec);
    REQUIRE(!seen.empty());
    CHECK(seen.front() == Approx(0.0));
    CHECK(seen.back() == Approx(1.0));
    for (std::size_t i = 1; i < seen.size(); ++i) CHECK(seen[i] >= seen[i - 1]);
}
