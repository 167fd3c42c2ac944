#include "core/data/tokenizer.h"

#include "core/common/error.h"
#include "test_support.h"

using namespace kann;
using Catch::Matchers::Contains;

namespace {

std::string vocabFile(const std::string& name, const std::string& content) { return test::writeTemp(name, content); }

TokenizerOptions kind(const std::string& k, const std::string& unk = "") {
    TokenizerOptions o;
    o.kind = k;
    o.unk = unk;
    return o;
}

}  // namespace

TEST_CASE("makeTokenizer builds each kind over the same vocabulary", "[tokenizer]") {
    const std::string vocab = vocabFile("words.txt", "<unk>\nGood\ngood\nfilm\n,\n");
    const auto ws = makeTokenizer(vocab, kind("whitespace"));
    CHECK(ws->tokenize("Good film, good").ids() == std::vector<std::int64_t>{1, 0, 2});  // "film," is unknown
    CHECK_THAT(ws->describe(), Contains("whitespace") && Contains("unknown token '<unk>'"));
    const auto be = makeTokenizer(vocab, kind("basic_english"));
    CHECK(be->tokenize("Good film, good").ids() == std::vector<std::int64_t>{2, 3, 4, 2});
    CHECK(makeTokenizer(vocab, kind("wordpiece"))->tokenize("Good film").ids() == std::vector<std::int64_t>{2, 3});
    CHECK_THROWS_WITH(makeTokenizer(vocab, kind("bpe")), Contains("--tokenizer") && Contains("basic_english"));
}

TEST_CASE("The char tokenizer maps each code point, spaces included, and groups them into words", "[tokenizer]") {
    const std::string vocab = vocabFile("chars.json", "[\" \", \"a\", \"b\", \"\\u00e9\"]");
    const auto chars = makeTokenizer(vocab, kind("char"));
    const TokenizedText t = chars->tokenize("ab \xc3\xa9");
    CHECK(t.ids() == std::vector<std::int64_t>{1, 2, 0, 3});
    CHECK(t.pieces[3].begin == 3);
    CHECK(t.pieces[3].end == 5);
    REQUIRE(t.words.size() == 2);
    CHECK(t.words[0].pieceCount == 2);
    CHECK(t.words[1].firstPiece == 2);  // the space goes with the word after it
    CHECK(t.words[1].pieceCount == 2);
    CHECK_THROWS_WITH(chars->tokenize("abc"), Contains("chars.json") && Contains("'c'") && Contains("--unk"));
}
