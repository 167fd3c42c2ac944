#include "core/data/tokenizer.h"

#include "core/common/error.h"
#include "test_support.h"

using namespace kann;
using Catch::Matchers::Contains;

namespace {

std::string text(const std::string& name) { return test::fixture("text/" + name); }

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

TEST_CASE("JSON vocabularies: an object with gaps in its ids, a list, and [UNK]", "[tokenizer][vocab]") {
    const Vocab object = Vocab::load(text("vocab_object.json"));
    CHECK(object.size() == 8);  // ids run to 7; id 6 is a gap
    CHECK(object.find("good") == 7);
    CHECK(object.token(6).empty());
    CHECK(object.unkId() == 0);
    CHECK_THAT(object.describe(), Contains("JSON object") && Contains("'<unk>'"));
    const Vocab list = Vocab::load(text("vocab_list.json"));
    CHECK(list.find("film") == 3);
    CHECK(list.unkId() == 1);
    CHECK_THAT(list.describe(), Contains("JSON list") && Contains("'[UNK]'"));
    const Vocab lines = Vocab::load(text("vocab_bracket_unk.txt"));  // starts with "[PAD]", yet is not JSON
    CHECK(lines.size() == 4);
    CHECK(lines.unkId() == 1);
    const Vocab named = Vocab::load(text("vocab_list.json"), "[PAD]");
    CHECK(named.unkId() == 0);
    CHECK_THAT(named.describe(), Contains("(--unk)"));
}

TEST_CASE("Bad vocabularies name the file and the problem", "[tokenizer][vocab]") {
    CHECK_THROWS_WITH(Vocab::load(text("bad_vocab_duplicate.json")),
                      Contains("bad_vocab_duplicate.json") && Contains("'the' appears twice"));
    CHECK_THROWS_WITH(Vocab::load(text("bad_vocab_shared_id.json")), Contains("share id 1"));
    CHECK_THROWS_WITH(Vocab::load(text("vocab_list.json"), "<oov>"), Contains("vocab_list.json") && Contains("'<oov>'") &&
                                                                        Contains("--unk"));
    CHECK_THROWS_WITH(Vocab::load(vocabFile("neg.json", "{\"a\": -1}")), Contains("id -1"));
    CHECK_THROWS_WITH(Vocab::load(vocabFile("broken.json", "{\"a\": 1")), Contains("broken.json") && Contains("not valid JSON"));
}
