// Saved explorations: a round trip keeps every field; changed files warn, missing files and
// broken JSON are refused by name.
#include "core/insight/saved_exploration.h"

#include "core/io/sha256.h"
#include "test_support.h"

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace kann;

namespace {

struct TempDir {
    // Per process: ctest runs the cases of this file in parallel.
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("kann_saved_exploration_test_" + std::to_string(getpid()));
    TempDir() {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::string file(const std::string& name, const std::string& content) const {
        std::ofstream(path / name) << content;
        return (path / name).string();
    }
};

SourceSpec sampleSpec(const TempDir& dir) {
    SourceSpec spec;
    spec.modelPath = dir.file("model.pt", "weights");
    spec.dataPath = dir.file("reviews.tsv", "1\tgood\n0\tbad\n");
    spec.load.arch = "sentiment";
    spec.load.layer = 1;
    spec.load.lstmHiddenAndCell = true;
    spec.data.format = "label-text";
    spec.data.zNormalize = true;
    spec.data.labelColumn = "first";
    spec.selection = {32, 5, 1, 400};
    spec.analysis.k = 17;
    spec.analysis.reduction = Reduction::Pca;
    spec.analysis.includePadding = true;
    spec.analysis.seed = 9;
    return spec;
}

}  // namespace

TEST_CASE("a saved exploration reopens with every field and no warning", "[saved_exploration]") {
    const TempDir dir;
    const SavedExploration saved = describeExploration(sampleSpec(dir), 4, 7, {{"colouring", "kick"}, {"zoom", "2"}});
    CHECK(saved.sha256.at("model") == sha256Hex("weights"));
    CHECK(saved.sha256.size() == 2);
    const std::string json = (dir.path / "e.json").string();
    saveExploration(saved, json);
    const RestoredExploration r = openExploration(json);
    CHECK(r.warnings.empty());
    const SourceSpec& s = r.saved.spec;
    CHECK(s.modelPath == saved.spec.modelPath);
    CHECK(s.dataPath == saved.spec.dataPath);
    CHECK(s.vocabPath.empty());
    CHECK(s.load.arch == "sentiment");
    CHECK(s.load.layer == 1);
    CHECK(s.load.lstmHiddenAndCell);
    CHECK(s.data.format == "label-text");
    CHECK(s.data.zNormalize);
    CHECK(s.data.labelColumn == "first");
    CHECK(s.selection.count == 32);
    CHECK(s.selection.offset == 5);
    CHECK(s.selection.label == 1);
    CHECK(s.selection.maxLength == 400);
    CHECK(s.analysis.k == 17);
    CHECK(s.analysis.reduction == Reduction::Pca);
    CHECK(s.analysis.includePadding);
    CHECK(s.analysis.seed == 9u);
    CHECK(r.saved.selectedMode == 4);
    CHECK(r.saved.selectedReview == 7);
    CHECK(r.saved.view == saved.view);
    CHECK(r.saved.sha256 == saved.sha256);
}

TEST_CASE("relative paths are saved absolute", "[saved_exploration]") {
    const TempDir dir;
    SourceSpec spec;
    spec.statesPath = dir.file("s.npy", "x");
    const auto cwd = std::filesystem::current_path();
    std::filesystem::current_path(dir.path);
    spec.statesPath = "s.npy";
    const SavedExploration saved = describeExploration(spec);
    std::filesystem::current_path(cwd);
    CHECK(saved.spec.statesPath == (dir.path / "s.npy").string());
}

TEST_CASE("a changed file warns, a missing one is refused by name", "[saved_exploration]") {
    const TempDir dir;
    const SourceSpec spec = sampleSpec(dir);
    const std::string json = (dir.path / "e.json").string();
    saveExploration(describeExploration(spec), json);
    dir.file("model.pt", "retrained weights");
    const RestoredExploration r = openExploration(json);
    REQUIRE(r.warnings.size() == 1);
    CHECK_THAT(r.warnings[0], Catch::Contains("model") && Catch::Contains("changed"));
    std::filesystem::remove(spec.dataPath);
    CHECK_THROWS_WITH(openExploration(json), Catch::Contains("reviews.tsv") && Catch::Contains("missing"));
    CHECK_THROWS_WITH(describeExploration(spec), Catch::Contains("reviews.tsv"));
}

TEST_CASE("files that are not saved explorations are refused by name", "[saved_exploration]") {
    const TempDir dir;
    CHECK_THROWS_WITH(openExploration(dir.file("a.json", "{ not json")), Catch::Contains("a.json") && Catch::Contains("JSON"));
    CHECK_THROWS_WITH(openExploration(dir.file("b.json", "{\"x\": 1}")), Catch::Contains("b.json") && Catch::Contains("version"));
    const std::string partial = "{\"kann_exploration\": 1, \"files\": {}, \"options\": {}}";
    CHECK_THROWS_WITH(openExploration(dir.file("c.json", partial)), Catch::Contains("c.json") && Catch::Contains("load"));
    CHECK_THROWS_WITH(openExploration((dir.path / "none.json").string()), Catch::Contains("none.json"));
}

TEST_CASE("an exploration saved by the first format still opens with its options", "[saved_exploration]") {
    const TempDir dir;
    const std::string model = dir.file("model.pt", "weights"), data = dir.file("d.tsv", "1\tgood\n");
    const std::string v1 = R"({"kann_exploration": 1,
        "files": {"model": {"path": ")" + model + R"(", "sha256": ""}, "data": {"path": ")" + data + R"(", "sha256": ""}},
        "options": {"load": {"arch": "stack", "layer": 1, "lstm_hidden_and_cell": true},
                    "dataset": {"format": "auto", "z_normalize": true, "label_column": "last"},
                    "selection": {"count": 8, "offset": 2, "label": 1, "max_length": 50},
                    "analysis": {"k": 5, "reduction": "rsvd", "include_padding": true, "seed": 3}},
        "selected_mode": 2, "selected_review": 1, "view": {}})";
    const SourceSpec s = openExploration(dir.file("v1.json", v1)).saved.spec;
    CHECK(s.modelPath == model);
    CHECK(s.load.arch == "stack");
    CHECK(s.load.layer == 1);
    CHECK(s.load.lstmHiddenAndCell);
    CHECK(s.data.zNormalize);
    CHECK(s.data.labelColumn == "last");
    CHECK(s.selection.count == 8);
    CHECK(s.selection.maxLength == 50);
    CHECK(s.analysis.reduction == Reduction::RandomizedSvd);
    CHECK(s.analysis.seed == 3u);
}

TEST_CASE("an option the file does not name takes its default", "[saved_exploration]") {
    const TempDir dir;
    const std::string states = dir.file("s.npy", "x");
    const std::string v2 = R"({"kann_exploration": 2, "files": {"states": {"path": ")" + states +
                           R"(", "sha256": ""}}, "options": {"selection": {"count": 8}},
        "selected_mode": -1, "selected_review": -1, "view": {}})";
    const SourceSpec s = openExploration(dir.file("v2.json", v2)).saved.spec;
    CHECK(s.selection.count == 8);
    CHECK(s.analysis.k == SourceSpec{}.analysis.k);
    CHECK(s.load.arch == "auto");
}

TEST_CASE("saved explorations are known by .kann and by the older .kann.json", "[saved_exploration]") {
    for (const char* name : {"study.kann", "/home/a/Study.KANN", "old.kann.json", "dir.kann/x.KANN.JSON"})
        CHECK(kann::isExplorationFileName(name));
    for (const char* name : {"model.pt", "results.json", ".kann", "study.kann.bak", "study.kann/model.pt", "kann"})
        CHECK_FALSE(kann::isExplorationFileName(name));
}
