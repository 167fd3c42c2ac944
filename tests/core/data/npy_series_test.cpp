#include "core/data/npy_series.h"

#include "core/common/error.h"
#include "core/io/npz.h"
#include "test_support.h"

using namespace kann;
using Catch::Matchers::Contains;

namespace {

std::string series(const std::string& name) { return test::fixture("series/" + name); }

}  // namespace

TEST_CASE(".npz series [b, T, f] with labels and lengths", "[npy-series]") {
    const Dataset d = loadDataset(series("batch.npz"));
    CHECK(d.format == "npz");
    CHECK(d.kind == Dataset::Kind::Series);
    REQUIRE(d.size() == 3);
    CHECK(d.channels == 2);
    CHECK(d.seriesLength(0) == 5);
    CHECK(d.seriesLength(1) == 3);
    CHECK(d.seriesLength(2) == 4);
    CHECK(d.labels == std::vector<int>{2, 0, 1});
    // Values in C order [t * channels + c], as numpy wrote them.
    const std::vector<float> x = readNpzArray(series("batch.npz"), "x").toFloat();
    CHECK(d.series[1][0] == x[10]);
    CHECK(d.series[1][5] == x[15]);
    CHECK(d.series[2][7] == x[27]);
    REQUIRE(d.notes.size() >= 2);
    CHECK_THAT(d.notes[1], Contains("'x'") && Contains("'labels'") && Contains("'lengths'"));
}

TEST_CASE(".npy series [b, T] with labels from --labels; binary is never read as text", "[npy-series]") {
    DatasetOptions o;
    o.labelsPath = series("batch_labels.npy");
    const Dataset d = loadDataset(series("batch.npy"), o);
    CHECK(d.format == "npy");
    CHECK(d.channels == 1);
    CHECK(d.size() == 3);
    CHECK(d.seriesLength(2) == 5);
    CHECK(d.labels == std::vector<int>{1, 1, 0});
    const std::vector<float> x = readNpzArray(series("batch.npz"), "x").toFloat();
    CHECK(d.series[1][3] == x[10 + 3 * 2]);
    // Renamed, the array is still found by its magic, not tokenized as text.
    std::ifstream in(series("batch.npy"), std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    CHECK(loadDataset(test::writeTemp("batch.txt", bytes)).format == "npy");
    DatasetOptions lines;
    lines.format = "lines";
    CHECK_THROWS_WITH(loadDataset(series("batch.npy"), lines), Contains("batch.npy") && Contains("binary"));
}

TEST_CASE("Bad NumPy series name the file and the problem", "[npy-series]") {
    CHECK_THROWS_WITH(loadDataset(series("bad_two_series.npz")), Contains("bad_two_series.npz") && Contains("'a', 'b'"));
    CHECK_THROWS_WITH(loadDataset(series("bad_lengths.npz")), Contains("bad_lengths.npz") && Contains("length 6"));
    DatasetOptions o;
    o.labelsPath = series("batch.npy");
    CHECK_THROWS_WITH(loadDataset(series("batch.npz"), o), Contains("batch.npy") && Contains("1-D array"));
    CHECK_THROWS_WITH(loadDataset(test::fixture("npy/f8_4.npy")), Contains("f8_4.npy") && Contains("[b, T]"));
}
