#include "core/data/batch.h"
#include "core/data/wordpiece.h"

#include "core/common/error.h"
#include "test_support.h"

using namespace kann;
using Catch::Matchers::Contains;

namespace {

// Five series of lengths 1..5 (values 10*i + t), labels 0,1,0,1,2.
Dataset fiveSeries() {
    Dataset d;
    d.source = "five";
    d.kind = Dataset::Kind::Series;
    for (int i = 0; i < 5; ++i) {
        std::vector<float> s;
        for (int t = 0; t <= i; ++t) s.push_back(static_cast<float>(10 * i + t));
        d.series.push_back(s);
    }
    assignLabels(d, {"0", "1", "0", "1", "2"});
    return d;
}

BatchSelection pick(int count, int offset = 0, int label = -1, int maxLength = 0) {
    BatchSelection s;
    s.count = count;
    s.offset = offset;
    s.label = label;
    s.maxLength = maxLength;
    return s;
}

WordPieceTokenizer tokenizer() {
    return WordPieceTokenizer(Vocab::fromTokens({"<unk>", "good", "bad", "film", "##s", "very"}));
}

}  // namespace

TEST_CASE("selectSeriesBatch pads to the longest selected series", "[batch]") {
    const InputBatch b = selectSeriesBatch(fiveSeries(), pick(2, 1));
    CHECK(b.kind == InputBatch::Kind::Series);
    CHECK(b.rows == std::vector<int>{1, 2});
    CHECK(b.batch == 2);
    CHECK(b.time == 3);
    CHECK(b.features == 1);
    CHECK(b.lengths == std::vector<int>{2, 3});
    CHECK(b.labels == std::vector<int>{1, 0});
    CHECK(b.values == std::vector<float>{10, 11, 0, 20, 21, 22});
}

TEST_CASE("selectSeriesBatch filters by label, skips the offset among matches, truncates", "[batch]") {
    const InputBatch b = selectSeriesBatch(fiveSeries(), pick(64, 1, 1, 2));
    CHECK(b.rows == std::vector<int>{3});
    CHECK(b.lengths == std::vector<int>{2});
    CHECK(b.values == std::vector<float>{30, 31});
    CHECK(selectSeriesBatch(fiveSeries(), pick(64)).batch == 5);
    CHECK(selectSeriesBatch(fiveSeries(), pick(0, 1)).batch == 4);  // all: every one after the offset
}

TEST_CASE("selectSeriesBatch interleaves channels as features", "[batch]") {
    Dataset d = fiveSeries();
    d.channels = 2;
    d.series = {{1, 2, 3, 4}, {5, 6}};
    d.labels = {-1, -1};
    const InputBatch b = selectSeriesBatch(d, pick(2));
    CHECK(b.features == 2);
    CHECK(b.time == 2);
    CHECK(b.lengths == std::vector<int>{2, 1});
    CHECK(b.values == std::vector<float>{1, 2, 3, 4, 5, 6, 0, 0});
}

TEST_CASE("An empty selection says why", "[batch]") {
    const Dataset d = fiveSeries();
    CHECK_THROWS_WITH(selectSeriesBatch(d, pick(4, 0, 3)), Contains("five: no sequences with label 3 (labels present: 0, 1, 2)"));
    CHECK_THROWS_WITH(selectSeriesBatch(d, pick(4, 2, 1)), Contains("offset 2 is past the 2 sequences with label 1"));
    CHECK_THROWS_WITH(selectSeriesBatch(d, pick(4, 9)), Contains("offset 9 is past the 5 sequences"));
    CHECK_THROWS_WITH(selectSeriesBatch(d, pick(-1)), Contains("must not be negative"));
    CHECK_THROWS_WITH(selectTextBatch(d, pick(1), tokenizer()), Contains("holds series, not texts"));
    const Dataset text = textDataset({"good"});
    CHECK_THROWS_WITH(selectTextBatch(text, pick(1, 0, 1), tokenizer()), Contains("no sequences with label 1: the dataset has no labels"));
    CHECK_THROWS_WITH(selectSeriesBatch(text, pick(1)), Contains("holds texts, not series"));
    CHECK_THROWS_WITH(selectSeriesBatch(textDataset({}), pick(1)), Contains("holds texts"));
    CHECK_THROWS_WITH(selectRows(textDataset({}), pick(1)), Contains("the dataset is empty"));
}

TEST_CASE("Named labels appear in the explanation", "[batch]") {
    Dataset d = textDataset({"a", "b"});
    assignLabels(d, {"neg", "neg"});
    CHECK_THROWS_WITH(selectRows(d, pick(1, 5, 0)), Contains("offset 5 is past the 2 sequences with label 0 (neg)"));
}

TEST_CASE("selectTextBatch tokenizes, pads with 0 and keeps the pieces", "[batch]") {
    const Dataset d = textDataset({"Good films", "bad", "very very good film"});
    const TextBatch b = selectTextBatch(d, pick(3), tokenizer());
    CHECK(b.input.kind == InputBatch::Kind::Tokens);
    CHECK(b.input.time == 4);
    CHECK(b.input.lengths == std::vector<int>{3, 1, 4});
    CHECK(b.input.tokens == std::vector<std::int64_t>{1, 3, 4, 0, 2, 0, 0, 0, 5, 5, 1, 3});
    CHECK(b.input.labels == std::vector<int>{-1, -1, -1});
    REQUIRE(b.tokenized.size() == 3);
    CHECK(b.tokenized[0].pieces[2].piece == "##s");
}

TEST_CASE("selectTextBatch truncates ids, pieces and words to maxLength", "[batch]") {
    const Dataset d = textDataset({"Good films bad", "very good"});
    const TextBatch b = selectTextBatch(d, pick(2, 0, -1, 2), tokenizer());
    CHECK(b.input.lengths == std::vector<int>{2, 2});
    CHECK(b.input.tokens == std::vector<std::int64_t>{1, 3, 5, 1});
    const TokenizedText& t = b.tokenized[0];
    CHECK(t.pieces.size() == 2);
    REQUIRE(t.words.size() == 2);
    CHECK(t.words[1].pieceCount == 1);  // "films" keeps "film", loses "##s"
    CHECK(t.text == "Good films bad");
}

TEST_CASE("A blank text cannot make a sequence", "[batch]") {
    CHECK_THROWS_WITH(selectTextBatch(textDataset({"good", "   "}), pick(2), tokenizer()),
                      Contains("text 1 has no tokens (it is blank)"));
}

TEST_CASE("Shared: a batch of ECG beats of class 1", "[batch][shared]") {
    KANN_REQUIRE_SHARED("ecg5000/ECG5000_TRAIN.arff", path);
    const Dataset d = loadDataset(path.string());
    const InputBatch b = selectSeriesBatch(d, pick(20, 0, 1));
    CHECK(b.batch == 20);
    CHECK(b.time == 140);
    for (int l : b.labels) CHECK(l == 1);
    CHECK(b.values[0] == d.series[b.rows[0]][0]);
    CHECK_THROWS_WITH(selectSeriesBatch(d, pick(1, 0, 7)), Contains("no sequences with label 7 (labels present: 1, 2, 3, 4, 5)"));
    CHECK(selectSeriesBatch(d, pick(64, 0, 5)).batch == 2);
}
