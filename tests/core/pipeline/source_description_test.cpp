// What the studio shows before a run: the model's layout with the load options applied, the
// dataset's kind, size and labels; bad files are named.
#include "core/pipeline/source_description.h"

#include "core/common/error.h"
#include "test_support.h"

using namespace kann;

TEST_CASE("a model is described with its load options applied", "[source_description]") {
    SourceSpec spec;
    spec.modelPath = test::fixture("torch/stack_gru.pt");
    const FileDescription last = describeModel(spec);
    CHECK_THAT(last.summary, Catch::Contains("stack") && Catch::Contains("GRU"));
    spec.load.layer = 0;
    CHECK_THAT(describeModel(spec).summary, Catch::Contains("layer 0 analysed"));
    spec.modelPath = test::fixture("torch/ecg_lstm.pt");
    spec.load = {};
    spec.load.lstmHiddenAndCell = true;
    CHECK_THAT(describeModel(spec).summary, Catch::Contains("states h and c"));
}

TEST_CASE("a dataset is described by kind, size, format and labels", "[source_description]") {
    SourceSpec spec;
    spec.dataPath = test::fixture("series/label_last.arff");
    const FileDescription series = describeData(spec);
    CHECK_THAT(series.summary, Catch::StartsWith("series, 2 sequences (arff)") && Catch::Contains("3 steps x 1 channels"));
    spec.dataPath = test::fixture("text/labelled.tsv");
    CHECK_THAT(describeData(spec).summary, Catch::StartsWith("text, ") && Catch::Contains("labels:"));
}

TEST_CASE("a file that cannot be read is named", "[source_description]") {
    SourceSpec spec;
    spec.modelPath = test::fixture("torch/bad_truncated.pt");
    CHECK_THROWS_WITH(describeModel(spec), Catch::Contains("bad_truncated.pt"));
    spec.dataPath = test::fixture("series/bad_ragged.csv");
    CHECK_THROWS_WITH(describeData(spec), Catch::Contains("bad_ragged.csv"));
}

TEST_CASE("what was detected in a table is said before the run, and its columns offered", "[source_description]") {
    SourceSpec spec;
    spec.dataPath = test::fixture("text/header.csv");
    const FileDescription table = describeData(spec);
    std::string notes;
    for (const std::string& n : table.notes) notes += n + "\n";
    CHECK_THAT(notes, Catch::Contains("format 'text-csv' (detected") && Catch::Contains("texts from column 'text'") &&
                          Catch::Contains("labels from column 'label'") && Catch::Contains("neg = 0"));
    using V = std::vector<std::string>;
    const auto values = optionValuesIn(spec, "data");
    CHECK(values.at("text-column") == V{"text", "label"});
    CHECK(values.at("label-column") == V{"text", "label"});
    CHECK(optionValuesIn(spec, "model").empty());  // no model named
}

TEST_CASE("a checkpoint offers its readings even when it refuses to choose one", "[source_description]") {
    SourceSpec spec;
    spec.modelPath = test::fixture("torch/role_two_stack.pt");
    CHECK_THROWS_WITH(describeModel(spec), Catch::Contains("pick one with --stack"));
    CHECK(optionValuesIn(spec, "model").at("stack") == std::vector<std::string>{"rnn1", "rnn2", "rnn1,rnn2"});
    // A TorchScript program is not run to list anything; a corrupt file lists nothing.
    spec.modelPath = test::fixture("torch/scripted.pt");
    CHECK(optionValuesIn(spec, "model").empty());
    spec.modelPath = test::fixture("torch/bad_truncated.pt");
    CHECK(optionValuesIn(spec, "model").empty());
}
