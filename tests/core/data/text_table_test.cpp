#include "core/data/text_table.h"

#include "core/common/error.h"
#include "test_support.h"

using namespace kann;
using Catch::Matchers::Contains;

namespace {

std::string text(const std::string& name) { return test::fixture("text/" + name); }

const std::vector<std::string> kTexts = {"A fine film, truly.", "She said \"wow\", then left", "Two lines:\nthe second, too",
                                         "  padded and plain  "};

DatasetOptions columns(const std::string& textColumn, const std::string& labelColumn) {
    DatasetOptions o;
    o.textColumn = textColumn;
    o.labelColumn = labelColumn;
    return o;
}

bool noted(const Dataset& d, const std::string& part) {
    return std::any_of(d.notes.begin(), d.notes.end(), [&](const std::string& n) { return n.find(part) != std::string::npos; });
}

}  // namespace

TEST_CASE("A CSV with a header: text and label columns found by name, string labels mapped", "[text-table]") {
    const Dataset d = loadDataset(text("header.csv"));
    CHECK(d.format == "text-csv");
    CHECK(d.kind == Dataset::Kind::Text);
    CHECK(d.texts == kTexts);
    CHECK(d.labelNames == std::vector<std::string>{"neg", "pos"});
    CHECK(d.labels == std::vector<int>{1, 0, 1, 0});
    CHECK(noted(d, "format 'text-csv' (detected"));
    CHECK(noted(d, "texts from column 'text'"));
    CHECK(noted(d, "labels from column 'label'"));
    CHECK(noted(d, "neg = 0, pos = 1"));
}

TEST_CASE("pandas' CSV: the unnamed index column is skipped, review and sentiment found", "[text-table]") {
    const Dataset d = loadDataset(text("pandas.csv"));
    CHECK(d.format == "text-csv");
    CHECK(d.texts == kTexts);
    CHECK(d.labelNames == std::vector<std::string>{"negative", "positive"});
    CHECK(d.labels == std::vector<int>{1, 0, 1, 0});
}

TEST_CASE("Headerless label-first CSV and headered TSV", "[text-table]") {
    const Dataset first = loadDataset(text("label_first.csv"));
    CHECK(first.format == "label-text-csv");
    CHECK(first.texts == kTexts);
    CHECK(first.labels == std::vector<int>{1, 0, 1, 0});

    const Dataset tsv = loadDataset(text("headered.tsv"));
    CHECK(tsv.format == "text-tsv");
    CHECK(tsv.texts == kTexts);
    CHECK(tsv.labels == std::vector<int>{1, 0, 1, 0});
    CHECK(noted(tsv, "texts from column 'sentence'"));
}

TEST_CASE("JSON Lines: fields found by name; booleans are labels false = 0, true = 1", "[text-table]") {
    const Dataset d = loadDataset(text("reviews.jsonl"));
    CHECK(d.format == "jsonl");
    CHECK(d.texts == kTexts);
    CHECK(d.labels == std::vector<int>{1, 0, 1, 0});
    CHECK(noted(d, "field 'review'"));
    const Dataset b = loadDataset(text("bools.jsonl"));
    CHECK(b.labelNames == std::vector<std::string>{"false", "true"});
    CHECK(b.labels == std::vector<int>{1, 0, 1, 0});
}

TEST_CASE("Columns chosen by name or 1-based number; labels can be left out", "[text-table]") {
    DatasetOptions o = columns("1", "none");
    o.format = "text-csv";
    const Dataset byNumber = loadDataset(text("ambiguous.csv"), o);
    CHECK(byNumber.texts == std::vector<std::string>{"x", "one, two"});
    CHECK_FALSE(byNumber.hasLabels());
    const Dataset byName = loadDataset(text("ambiguous.csv"), columns("b", "C"));
    CHECK(byName.format == "text-csv");  // a given text column makes the table readable
    CHECK(byName.texts == std::vector<std::string>{"y", "three"});
    CHECK(byName.labelNames == std::vector<std::string>{"four", "z"});
    const Dataset jsonId = loadDataset(text("reviews.jsonl"), columns("review", "id"));
    CHECK(jsonId.labels == std::vector<int>{0, 1, 2, 3});
}

TEST_CASE("Ambiguous or broken tables are refused with the file, the problem and the flag", "[text-table]") {
    CHECK_THROWS_WITH(loadDataset(text("ambiguous.csv")),
                      Contains("ambiguous.csv") && Contains("no header naming a text column") && Contains("--text-column") &&
                          Contains("--format lines"));
    CHECK_THROWS_WITH(loadDataset(text("header.csv"), columns("nope", "auto")),
                      Contains("header.csv") && Contains("no column 'nope' for --text-column") && Contains("'text', 'label'"));
    CHECK_THROWS_WITH(loadDataset(text("reviews.jsonl"), columns("9", "auto")), Contains("--text-field"));
    CHECK_THROWS_WITH(loadDataset(text("header.csv"), columns("text", "text")), Contains("both"));
    DatasetOptions csv;
    csv.format = "text-csv";
    CHECK_THROWS_WITH(loadDataset(text("bad_unclosed.csv"), csv), Contains("bad_unclosed.csv") && Contains("never closed"));
    CHECK_THROWS_WITH(loadDataset(text("bad_unclosed.csv")), Contains("bad_unclosed.csv") && Contains("never closed"));
    CHECK_THROWS_WITH(loadDataset(text("bad_ragged.csv")), Contains("bad_ragged.csv") && Contains("line 3 has 3 fields"));
    CHECK_THROWS_WITH(loadDataset(text("bad_array.json")), Contains("bad_array.json") && Contains("JSON array"));
    CHECK_THROWS_WITH(loadDataset(text("bad_line.jsonl")), Contains("bad_line.jsonl") && Contains("line 2"));
}

TEST_CASE("Label-first lines with unquoted commas are refused, not read as lines", "[text-table]") {
    const std::string path = test::writeTemp("unquoted.csv", "1,I liked it, a lot\n0,dull\n");
    CHECK_THROWS_WITH(loadDataset(path), Contains("unquoted.csv") && Contains("--format label-text-csv") &&
                                             Contains("--format lines"));
    // Prose with commas in uneven numbers stays one text per line.
    CHECK(loadDataset(test::writeTemp("prose.txt", "Well, it was fine.\nDull\nSo, so, so bad\n")).format == "lines");
}

TEST_CASE("Two columns named like a text are refused, naming both", "[text-table]") {
    const std::string path = test::writeTemp("two.csv", "text,review,label\na,b,1\nc,d,0\n");
    CHECK_THROWS_WITH(loadDataset(path), Contains("'text' and 'review'") && Contains("--text-column"));
}

TEST_CASE("A table offers the names of its columns and fields from its first line", "[text-table]") {
    using V = std::vector<std::string>;
    CHECK(textTableColumns(text("header.csv")) == V{"text", "label"});
    CHECK(textTableColumns(text("pandas.csv")) == V{"", "review", "sentiment"});
    CHECK(textTableColumns(text("reviews.jsonl")) == V{"id", "review", "sentiment"});
    CHECK(textTableColumns(text("headered.tsv")) == V{"sentence", "label"});
    CHECK(textTableColumns(text("lines.txt")).empty());  // plain lines: no columns
    CHECK(textTableColumns(test::fixture("npy/states_f4.npy")).empty());  // binary: never read as text
    CHECK(textTableColumns(text("absent.csv")).empty());  // the loader says what is wrong
}
