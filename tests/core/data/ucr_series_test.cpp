#include "core/data/ucr_series.h"

#include "core/common/error.h"
#include "test_support.h"

#include <cmath>
#include <numeric>

using namespace kann;
using Catch::Matchers::Contains;

namespace {

std::string series(const std::string& name) { return test::fixture("series/" + name); }

Dataset load(const std::string& name, const std::string& labelColumn = "auto", bool z = false) {
    DatasetOptions o;
    o.labelColumn = labelColumn;
    o.zNormalize = z;
    return loadDataset(series(name), o);
}

std::string loadError(const std::string& name) {
    try {
        load(name);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("UCR text files: whitespace-separated, label first", "[series]") {
    const Dataset d = load("ucr_first.txt");
    CHECK(d.format == "csv");
    CHECK(d.kind == Dataset::Kind::Series);
    REQUIRE(d.size() == 3);
    CHECK(d.series[0] == std::vector<float>{0.5f, 1.5f, 2.5f});
    CHECK(d.series[1] == std::vector<float>{-1, 0, 1});
    CHECK(d.labels == std::vector<int>{1, 2, 1});
    CHECK(d.labelNames == std::vector<std::string>{"", "1", "2"});
    CHECK(d.seriesLength(2) == 3);
}

TEST_CASE("Float-written labels are classes, negative ones become named indices", "[series]") {
    const Dataset d = load("ucr_float_labels.txt");
    CHECK(d.series[0] == std::vector<float>{1, 2, 3});
    CHECK(d.labelNames == std::vector<std::string>{"-1", "1"});
    CHECK(d.labels == std::vector<int>{1, 0});
}

TEST_CASE("A headerless .arff is a table with its label last", "[series]") {
    const Dataset d = load("label_last.arff");
    CHECK(d.format == "arff");
    CHECK(d.series[0] == std::vector<float>{0.5f, 1.5f, 2.5f});
    CHECK(d.labels == std::vector<int>{1, 2});
    // Overridden: the first column as label, or no label at all.
    CHECK(load("label_last.arff", "first").series[1] == std::vector<float>{0, 1, 2});
    const Dataset none = load("label_last.arff", "none");
    CHECK(none.series[0] == std::vector<float>{0.5f, 1.5f, 2.5f, 1});
    CHECK_FALSE(none.hasLabels());
}

TEST_CASE("An .arff with a header takes its nominal class attribute", "[series]") {
    const Dataset d = load("with_header.arff");
    REQUIRE(d.size() == 3);
    CHECK(d.series[0] == std::vector<float>{0.25f, 0.75f});
    CHECK(d.labelNames == std::vector<std::string>{"abnormal", "normal"});
    CHECK(d.labels == std::vector<int>{1, 0, 1});
}

TEST_CASE("CSV with a header row and a named label column", "[series]") {
    const Dataset d = load("header.csv");
    CHECK(d.series[1] == std::vector<float>{0.4f, 0.5f, 0.6f});
    CHECK(d.labelNames == std::vector<std::string>{"a", "b"});
    CHECK(d.labels == std::vector<int>{0, 1});
}

TEST_CASE("Auto label column: the integer end column", "[series]") {
    const Dataset d = load("no_label_guess.tsv");
    CHECK(d.labels == std::vector<int>{7, 8});
    CHECK(d.series[0] == std::vector<float>{1.5f, 2.5f});
    CHECK(load("no_label_guess.tsv", "last").labels == std::vector<int>{0, 1});  // 2.5 and 4.5 named
}

TEST_CASE(".ts files, univariate of unequal length and multivariate", "[series]") {
    const Dataset u = load("univariate.ts");
    CHECK(u.format == "ts");
    CHECK(u.series[0] == std::vector<float>{1, 2, 3, 4});
    CHECK(u.series[1] == std::vector<float>{4, 3.5f, 3});
    CHECK(u.labelNames == std::vector<std::string>{"down", "up"});
    CHECK(u.labels == std::vector<int>{1, 0});

    const Dataset m = load("multivariate.ts");
    CHECK(m.channels == 2);
    CHECK(m.seriesLength(0) == 3);
    CHECK(m.series[1] == std::vector<float>{4, 40, 5, 50, 6, 60});  // [t * channels + c]
    CHECK(m.labels == std::vector<int>{1, 2});
}

TEST_CASE("z-normalisation gives each series and channel mean 0 and deviation 1", "[series]") {
    const Dataset d = load("multivariate.ts", "auto", true);
    for (const auto& s : d.series) {
        for (int c = 0; c < 2; ++c) {
            double sum = 0, squares = 0;
            for (int t = 0; t < 3; ++t) sum += s[t * 2 + c];
            for (int t = 0; t < 3; ++t) squares += s[t * 2 + c] * s[t * 2 + c];
            CHECK(sum == Approx(0).margin(1e-6));
            CHECK(squares / 3 == Approx(1).epsilon(1e-6));
        }
    }
    // {1,2,3} -> {-sqrt(1.5), 0, sqrt(1.5)} (population deviation sqrt(2/3)).
    CHECK(d.series[0][0] == Approx(-std::sqrt(1.5)));
    // A constant series only loses its mean.
    CHECK(load("ucr_first.txt", "auto", true).series[2] == std::vector<float>{0, 0, 0});
}

TEST_CASE("Bad series files name the file, the line and the problem", "[series]") {
    CHECK_THAT(loadError("bad_ragged.csv"), Contains(series("bad_ragged.csv") + ": line 2 has 3 fields, line 1 has 4 (ragged rows)"));
    CHECK_THAT(loadError("bad_nan.csv"), Contains("line 2, column 2: non-finite value 'nan'"));
    CHECK_THAT(loadError("bad_inf.csv"), Contains("line 2, column 2: non-finite value '1e999'"));
    CHECK_THAT(loadError("bad_word.csv"), Contains("line 2, column 2: 'five' is not a number"));
    CHECK_THAT(loadError("bad_dims.ts"), Contains("line 4 has 1 dimensions, line 3 has 2"));
    CHECK_THAT(loadError("bad_channel_length.ts"), Contains("line 3: dimension 2 has 1 values, dimension 1 has 2"));
    CHECK_THAT(loadError("bad_length.ts"), Contains("line 5 has 2 steps, line 4 has 3, though @equalLength is true"));
    CHECK_THAT(loadError("bad_missing.ts"), Contains("line 3, dimension 1, value 2: '?' is not a number"));
    CHECK_THAT(loadError("bad_blank.csv"), Contains("the file is empty"));
    DatasetOptions csv;
    csv.format = "csv";
    CHECK_THROWS_WITH(loadDataset(series("bad_blank.csv"), csv), Contains("the file holds no series"));
    CHECK_THROWS_WITH(load("ucr_first.txt", "middle"), Contains("unknown label column 'middle'"));
    DatasetOptions unknown;
    unknown.format = "xlsx";
    CHECK_THROWS_WITH(loadDataset(series("ucr_first.txt"), unknown), Contains("unknown dataset format 'xlsx'"));
}

TEST_CASE("looksLikeSeriesTable tells numbers from sentences", "[series]") {
    CHECK(looksLikeSeriesTable("1,2,3\n4,5,6\n"));
    CHECK(looksLikeSeriesTable("a,b,c\n1,2,3\n"));
    CHECK(looksLikeSeriesTable("0.1 0.2 normal\n"));
    CHECK_FALSE(looksLikeSeriesTable("Wow... Loved this place.\t1\n"));
    CHECK_FALSE(looksLikeSeriesTable("1\tGreat film\n"));
    CHECK(looksLikeSeriesTable("1,2,3\nhello world\n"));  // the parser then reports line 2
    CHECK_FALSE(looksLikeSeriesTable("t1,t2\n"));
    CHECK_FALSE(looksLikeSeriesTable(""));
}

TEST_CASE("Shared: ECG5000_TRAIN.arff holds 500 beats of 140 samples, classes 292/177/10/19/2", "[series][shared]") {
    KANN_REQUIRE_SHARED("ecg5000/ECG5000_TRAIN.arff", path);
    const Dataset d = loadDataset(path.string());
    CHECK(d.format == "arff");
    REQUIRE(d.size() == 500);
    for (std::size_t i = 0; i < d.size(); ++i) REQUIRE(d.seriesLength(i) == 140);
    std::vector<int> counts(6, 0);
    for (int l : d.labels) ++counts.at(l);
    CHECK(counts == std::vector<int>{0, 292, 177, 10, 19, 2});
    CHECK(d.series[0][0] == -0.11252183f);
    CHECK(d.series[0][1] == -2.8272038f);
    CHECK(d.labels[0] == 1);
    // The beats are already z-normalised by UCR: normalising again changes little.
    DatasetOptions z;
    z.zNormalize = true;
    CHECK(loadDataset(path.string(), z).series[0][0] == Approx(-0.11252183f).margin(1e-3));
}
