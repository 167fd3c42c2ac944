#include "core/data/copy_task.h"

#include "core/common/error.h"
#include "core/data/dataset.h"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace kann;

namespace {

// The one-hot index at (b, t), or -1 when the row is not exactly one-hot.
int hot(const InputBatch& in, int b, int t) {
    int index = -1;
    for (int f = 0; f < in.features; ++f) {
        const float v = in.values[(static_cast<std::size_t>(b) * in.time + t) * in.features + f];
        if (v == 1.0f) {
            if (index >= 0) return -1;
            index = f;
        } else if (v != 0.0f) {
            return -1;
        }
    }
    return index;
}

}  // namespace

TEST_CASE("copy task: 5 symbols of 8, delay 15: phases, inputs and targets", "[copy]") {
    CopyTaskSpec spec;
    spec.batch = 16;
    spec.seed = 11;
    const CopyTaskBatch c = makeCopyTask(spec);
    const InputBatch& in = c.inputs;
    REQUIRE(in.kind == InputBatch::Kind::Series);
    REQUIRE(in.time == 5 + 15 + 1 + 5);
    REQUIRE(in.features == 10);
    CHECK(in.lengths == std::vector<int>(16, 26));

    std::vector<CopyPhase> expected(26, CopyPhase::Delay);
    for (int t = 0; t < 5; ++t) expected[t] = CopyPhase::Input;
    expected[20] = CopyPhase::Go;
    for (int t = 21; t < 26; ++t) expected[t] = CopyPhase::Recall;
    CHECK(c.phases == expected);

    for (int b = 0; b < in.batch; ++b) {
        for (int t = 0; t < 26; ++t) {
            const int h = hot(in, b, t), target = c.targets[b * 26 + t];
            INFO("sequence " << b << " step " << t);
            if (t < 5) CHECK((h >= 0 && h < 8));
            else if (t == 20) CHECK(h == 9);  // go
            else CHECK(h == 8);               // blank
            // Recall repeats the inputs in order; every other step expects a blank.
            CHECK(target == (t >= 21 ? hot(in, b, t - 21) : 8));
        }
    }
}

TEST_CASE("copy task: the seed fixes the batch, symbols cover the alphabet", "[copy]") {
    CopyTaskSpec spec;
    spec.batch = 200;
    spec.seed = 1;
    const CopyTaskBatch a = makeCopyTask(spec), b = makeCopyTask(spec);
    CHECK(a.inputs.values == b.inputs.values);
    spec.seed = 2;
    CHECK(makeCopyTask(spec).inputs.values != a.inputs.values);

    std::vector<int> counts(8, 0);
    for (int s = 0; s < 200; ++s)
        for (int t = 21; t < 26; ++t) ++counts[a.targets[s * 26 + t]];
    for (int n : counts) CHECK(n > 1000 / 8 / 2);  // 1000 draws, none of 8 symbols starved
}

TEST_CASE("copy task: impossible sizes are refused", "[copy]") {
    for (auto change : {+[](CopyTaskSpec& s) { s.alphabet = 0; }, +[](CopyTaskSpec& s) { s.symbols = 0; },
                        +[](CopyTaskSpec& s) { s.delay = -1; }, +[](CopyTaskSpec& s) { s.batch = 0; }}) {
        CopyTaskSpec spec;
        change(spec);
        CHECK_THROWS_AS(makeCopyTask(spec), InputError);
    }
    CopyTaskSpec noDelay;
    noDelay.delay = 0;
    CHECK(makeCopyTask(noDelay).phases[noDelay.symbols] == CopyPhase::Go);
    CHECK(std::string(copyPhaseName(CopyPhase::Recall)) == "recall");
}

TEST_CASE("copy task: the .ts file reads back through loadDataset unchanged", "[copy]") {
    CopyTaskSpec spec;
    spec.batch = 3;
    spec.seed = 5;
    const CopyTaskBatch c = makeCopyTask(spec);
    const std::string path = (std::filesystem::temp_directory_path() / "kann_copy_task.ts").string();
    writeCopyTaskTs(path, c);
    const Dataset d = loadDataset(path);
    REQUIRE(d.kind == Dataset::Kind::Series);
    CHECK(d.format == "ts");
    CHECK(d.channels == 10);
    REQUIRE(d.series.size() == 3);
    for (int b = 0; b < 3; ++b) {
        const std::vector<float> expected(c.inputs.values.begin() + b * 260, c.inputs.values.begin() + (b + 1) * 260);
        CHECK(d.series[b] == expected);
    }
}
