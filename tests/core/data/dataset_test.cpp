#include "core/data/dataset.h"

#include "test_support.h"

using namespace kann;

TEST_CASE("assignLabels keeps non-negative integer labels as they are written", "[dataset]") {
    Dataset d;
    assignLabels(d, {"3", "1", "", "3.0", "+1"});
    CHECK(d.labels == std::vector<int>{3, 1, -1, 3, 1});
    CHECK(d.labelNames == std::vector<std::string>{"", "1", "", "3"});
}

TEST_CASE("assignLabels names other labels in numeric or byte order", "[dataset]") {
    Dataset numbers;
    assignLabels(numbers, {"1", "-1", "-1.0", "0.5"});
    CHECK(numbers.labelNames == std::vector<std::string>{"-1", "0.5", "1"});
    CHECK(numbers.labels == std::vector<int>{2, 0, 0, 1});

    Dataset names;
    assignLabels(names, {"pos", "neg", "", "pos"});
    CHECK(names.labelNames == std::vector<std::string>{"neg", "pos"});
    CHECK(names.labels == std::vector<int>{1, 0, -1, 1});

    Dataset none;
    assignLabels(none, {"", ""});
    CHECK(none.labels == std::vector<int>{-1, -1});
    CHECK(none.labelNames.empty());
    CHECK_FALSE(none.hasLabels());
}

TEST_CASE("textDataset wraps typed texts without labels", "[dataset]") {
    const Dataset d = textDataset({"Hello there", "Second"});
    CHECK(d.kind == Dataset::Kind::Text);
    CHECK(d.format == "free-text");
    CHECK(d.size() == 2);
    CHECK(d.labels == std::vector<int>{-1, -1});
}

TEST_CASE("datasetFormats lists auto first and every loader's format", "[dataset]") {
    const auto& f = datasetFormats();
    CHECK(f.front() == "auto");
    for (const char* name : {"label-text", "text-label", "lines", "aclimdb", "rt-polarity", "text-csv", "text-tsv",
                             "label-text-csv", "jsonl", "arff", "ts", "csv", "npy", "npz"})
        CHECK(std::find(f.begin(), f.end(), name) != f.end());
}
