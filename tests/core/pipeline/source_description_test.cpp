// What the studio shows before a run: the model's layout with the load options applied, the
// dataset's kind, size and labels; bad files are named.
#include "core/pipeline/source_description.h"

#include "core/common/error.h"
#include "core/data/text_file.h"
#include "test_support.h"

#include <chrono>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <unistd.h>

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

TEST_CASE("an aclImdb folder is described from its listing, exactly as loading it would say", "[source_description]") {
    SourceSpec spec;
    spec.dataPath = test::fixture("text/aclimdb");
    const FileDescription folder = describeData(spec);
    CHECK(folder.summary == "text, 3 sequences (aclimdb); labels: neg (1) pos (2)");
    const Dataset loaded = loadDataset(spec.dataPath);  // what the run reads, as independent truth
    CHECK(loaded.size() == 3);
    CHECK(folder.notes == loaded.notes);
    CHECK(folder.detected == loaded.detected);
    CHECK(folder.detected.at("format") == "aclimdb");
    spec.data.format = "aclimdb";  // given, not detected: no note says it was
    CHECK(describeData(spec).notes == loadDataset(spec.dataPath, spec.data).notes);
    spec.dataPath = test::fixture("text/aclimdb/pos");
    CHECK_THROWS_WITH(describeData(spec), Catch::Contains("no 'neg' subfolder"));
    // The whole download holds the splits: the refusal names the folder to choose.
    const auto whole = std::filesystem::path(test::writeTemp("whole_aclimdb.txt", "")).parent_path() / "aclImdb";
    std::filesystem::create_directories(whole / "test" / "neg");
    spec.dataPath = whole.string();
    CHECK_THROWS_WITH(describeData(spec), Catch::Contains("the whole aclImdb") && Catch::Contains((whole / "test").string()));
}

TEST_CASE("a folder of binary reviews is refused before the run", "[source_description]") {
    const auto root = std::filesystem::path(test::writeTemp("binary_corpus.txt", "")).parent_path() / "binary_corpus";
    for (const char* label : {"neg", "pos"}) std::filesystem::create_directories(root / label);
    std::ofstream((root / "neg" / "1_1.txt").string(), std::ios::binary) << std::string("\x00\x01 not text", 11);
    std::ofstream((root / "pos" / "2_9.txt").string()) << "fine";
    SourceSpec spec;
    spec.dataPath = root.string();
    CHECK_THROWS_WITH(describeData(spec), Catch::Contains("1_1.txt"));
}

TEST_CASE("what detection settled is named by the option that overrides it", "[source_description]") {
    SourceSpec spec;
    spec.dataPath = test::fixture("text/header.csv");
    const auto data = describeData(spec).detected;
    CHECK(data == std::map<std::string, std::string>{{"format", "text-csv"}, {"text-column", "text"}, {"label-column", "label"}});
    spec.data.textColumn = "text";  // chosen: nothing to detect
    CHECK(describeData(spec).detected.count("text-column") == 0);
    spec.modelPath = test::fixture("torch/role_training_checkpoint.pt");
    const auto model = describeModel(spec).detected;
    CHECK(model.at("arch") == "stack");
    CHECK(model.at("embedding") == "embed.weight");
    CHECK(model.at("head") == "classifier.0+classifier.3");
    spec.load.arch = "stack";
    CHECK(describeModel(spec).detected.count("arch") == 0);
}

// Times loading spec's dataset whole against describing it, `beforeEach` run untimed before each,
// and prints both figures.
void printLoadAgainstDescribe(const SourceSpec& spec, const std::function<void()>& beforeEach) {
    auto timed = [&beforeEach](const std::function<void()>& work) {
        beforeEach();
        const auto start = std::chrono::steady_clock::now();
        work();
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    };
    std::string summary;
    const double load = timed([&] { loadDataset(spec.dataPath); });
    const double describe = timed([&] { summary = describeData(spec).summary; });
    std::printf("%s (%s):\n  loading it whole   %8.1f ms\n  describing it      %8.1f ms\n", spec.dataPath.c_str(),
                summary.c_str(), load, describe);
}

// A split of the full aclImdb (12,500 reviews per class) made from the shared sample's reviews,
// or from generated text when it is absent; the description before the run against loading it.
TEST_CASE("Benchmark: describing an aclImdb split of 25000 reviews before the run", "[.][bench]") {
    const std::filesystem::path root = std::filesystem::temp_directory_path() / "kann_bench_aclimdb_test";
    const std::filesystem::path sample = test::sharedData() / "aclimdb-sample/aclimdb_test_sample5000.tsv";
    std::vector<std::string> texts;
    if (std::filesystem::exists(sample)) {
        const std::string rows = readTextFile(sample.string());  // the lines view it: it must outlive them
        for (std::string_view line : splitLines(rows, true))
            texts.emplace_back(line.substr(line.find('\t') + 1));
    } else {
        texts.assign(1, std::string(1300, 'a'));
    }
    if (!std::filesystem::exists(root / "pos" / "12499_7.txt")) {
        for (const char* label : {"neg", "pos"}) {
            std::filesystem::create_directories(root / label);
            for (int i = 0; i < 12500; ++i)
                std::ofstream((root / label / (std::to_string(i) + "_7.txt")).string()) << texts[i % texts.size()];
        }
    }
    SourceSpec spec;
    spec.dataPath = root.string();
    // A folder just chosen is seldom in memory: each figure starts with the reviews' pages dropped.
    ::sync();
    printLoadAgainstDescribe(spec, [&root] {
        for (const auto& label : std::filesystem::directory_iterator(root))
            for (const auto& file : std::filesystem::directory_iterator(label.path())) {
                const int fd = ::open(file.path().c_str(), O_RDONLY);
                ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
                ::close(fd);
            }
    });
}

// One table file of the full aclImdb's size (25,000 reviews, 33 MB) made from the shared sample's
// rows, or from generated text when it is absent; described before the run against loading it.
TEST_CASE("Benchmark: describing a TSV of 25000 reviews before the run", "[.][bench]") {
    const std::filesystem::path table = std::filesystem::temp_directory_path() / "kann_bench_reviews.tsv";
    const std::filesystem::path sample = test::sharedData() / "aclimdb-sample/aclimdb_test_sample5000.tsv";
    const std::string rows = std::filesystem::exists(sample) ? readTextFile(sample.string())
                                                             : "1\t" + std::string(1300, 'a') + "\n";
    {
        std::ofstream out(table.string());
        for (std::size_t copy = 0, n = splitLines(rows, true).size(); copy < 25000 / n; ++copy) out << rows;
    }
    SourceSpec spec;
    spec.dataPath = table.string();
    printLoadAgainstDescribe(spec, [] {});
}
