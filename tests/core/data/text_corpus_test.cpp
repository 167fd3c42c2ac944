#include "core/data/text_corpus.h"

#include "core/common/error.h"
#include "test_support.h"

#include <numeric>

using namespace kann;
using Catch::Matchers::Contains;

namespace {

std::string text(const std::string& name) { return test::fixture("text/" + name); }

int countLabel(const Dataset& d, int label) {
    return static_cast<int>(std::count(d.labels.begin(), d.labels.end(), label));
}

}  // namespace

TEST_CASE("label<TAB>text files keep U+0085 inside texts and skip blank lines", "[text]") {
    const Dataset d = loadDataset(text("labelled.tsv"));
    CHECK(d.format == "label-text");
    CHECK(d.kind == Dataset::Kind::Text);
    CHECK(d.source == text("labelled.tsv"));
    REQUIRE(d.size() == 3);
    CHECK(d.texts[1] == "Bad film\xc2\x85 really bad");
    CHECK(d.texts[2] == "OK");  // the CRLF's '\r' is not part of the text
    CHECK(d.labels == std::vector<int>{1, 0, 1});
    CHECK(d.labelNames == std::vector<std::string>{"0", "1"});
}

TEST_CASE("A UTF-8 byte order mark is not part of the first label", "[text]") {
    const Dataset d = loadDataset(text("bom.tsv"));
    CHECK(d.format == "label-text");
    CHECK(d.labels == std::vector<int>{1, 0});
    CHECK(d.texts[0] == "with a BOM");
}

TEST_CASE("The UCI text<TAB>label form is detected", "[text]") {
    const Dataset d = loadDataset(text("uci.txt"));
    CHECK(d.format == "text-label");
    CHECK(d.texts == std::vector<std::string>{"Loved it.  ", "Hated it.", "Meh"});
    CHECK(d.labels == std::vector<int>{1, 0, 0});
}

TEST_CASE("One text per line without labels", "[text]") {
    const Dataset d = loadDataset(text("lines.txt"));
    CHECK(d.format == "lines");
    CHECK(d.texts == std::vector<std::string>{"first text", "  second text", "third"});
    CHECK(d.labels == std::vector<int>{-1, -1, -1});
    CHECK_FALSE(d.hasLabels());
    // A labelled file can be read as plain lines when asked.
    DatasetOptions asLines;
    asLines.format = "lines";
    CHECK(loadDataset(text("uci.txt"), asLines).texts[1] == "Hated it.\t0");
}

TEST_CASE("The rt-polarity pair loads from either file or the stem, neg=0 then pos=1", "[text]") {
    for (const std::string& path : {text("rt.pos"), text("rt.neg"), text("rt")}) {
        INFO(path);
        const Dataset d = loadDataset(path);
        CHECK(d.format == "rt-polarity");
        CHECK(d.texts == std::vector<std::string>{"dull ", "a fine film ", "wonderful"});
        CHECK(d.labels == std::vector<int>{0, 1, 1});
        CHECK(d.labelNames == std::vector<std::string>{"neg", "pos"});
    }
    CHECK_THROWS_WITH(loadDataset(text("labelled.pos")), Contains("labelled.neg: missing"));
}

TEST_CASE("An aclImdb folder loads neg then pos, in review id order", "[text]") {
    const Dataset d = loadDataset(text("aclimdb"));
    CHECK(d.format == "aclimdb");
    CHECK(d.texts == std::vector<std::string>{"Awful.", "Two\nlines.", "Ten out of ten."});
    CHECK(d.labels == std::vector<int>{0, 1, 1});
    CHECK(d.labelNames == std::vector<std::string>{"neg", "pos"});
    CHECK_THROWS_WITH(loadDataset(text("aclimdb/pos")), Contains("not an aclImdb split folder: no 'neg' subfolder"));
}

TEST_CASE("Text files with bad lines or no texts are clear errors", "[text]") {
    DatasetOptions labelText;
    labelText.format = "label-text";
    CHECK_THROWS_WITH(loadDataset(text("bad_no_tab.tsv"), labelText),
                      Contains(text("bad_no_tab.tsv") + ": line 2 has no tab between label and text"));
    CHECK_THROWS_WITH(loadDataset(text("bad_empty_label.tsv"), labelText), Contains("line 2 has an empty label"));
    CHECK_THROWS_WITH(loadDataset(text("empty.txt")), Contains(text("empty.txt") + ": the file is empty"));
    DatasetOptions lines;
    lines.format = "lines";
    CHECK_THROWS_WITH(loadDataset(text("empty.txt"), lines), Contains("the file holds no texts"));
    CHECK_THROWS_WITH(loadDataset(text("absent.tsv")), Contains("absent.tsv: no such file or folder"));
}

TEST_CASE("detectTextFormat needs a label on every line", "[text]") {
    CHECK(detectTextFormat("1\ta\n0\tb\n") == "label-text");
    CHECK(detectTextFormat("a\t1\nb\t0\n") == "text-label");
    CHECK(detectTextFormat("1\ta\nb\t0\n") == "lines");
    CHECK(detectTextFormat("1\ta\nno tab\n") == "lines");
    CHECK(detectTextFormat("a\tb\t1\n") == "text-label");
}

TEST_CASE("Shared: the aclImdb sample holds 5000 reviews, 2500 per class", "[text][shared]") {
    KANN_REQUIRE_SHARED("aclimdb-sample/aclimdb_test_sample5000.tsv", path);
    const Dataset d = loadDataset(path.string());
    CHECK(d.format == "label-text");
    REQUIRE(d.size() == 5000);
    CHECK(countLabel(d, 0) == 2500);
    CHECK(countLabel(d, 1) == 2500);
    CHECK(d.labels[0] == 1);
    CHECK(d.texts[0].rfind("The subject is banal, even in 1942.", 0) == 0);
}

TEST_CASE("Shared: rt-polarity holds 5331 + 5331 snippets", "[text][shared]") {
    KANN_REQUIRE_SHARED("rt-polarity/rt-polarity.pos", path);
    const Dataset d = loadDataset(path.string());
    REQUIRE(d.size() == 10662);
    CHECK(countLabel(d, 0) == 5331);
    CHECK(countLabel(d, 1) == 5331);
    // Line 3 of the .pos file: the third positive snippet.
    CHECK(d.texts[5331 + 2] == "effective but too-tepid biopic");
}

TEST_CASE("Shared: the UCI files hold 1000 sentences each, 500 per class", "[text][shared]") {
    for (const char* name : {"imdb_labelled.txt", "amazon_cells_labelled.txt", "yelp_labelled.txt"}) {
        KANN_REQUIRE_SHARED(std::string("sentiment-labelled-sentences/") + name, path);
        INFO(name);
        const Dataset d = loadDataset(path.string());
        CHECK(d.format == "text-label");
        REQUIRE(d.size() == 1000);
        CHECK(countLabel(d, 0) == 500);
        CHECK(countLabel(d, 1) == 500);
    }
    KANN_REQUIRE_SHARED("sentiment-labelled-sentences/yelp_labelled.txt", yelp);
    CHECK(loadDataset(yelp.string()).texts[0] == "Wow... Loved this place.");
}
