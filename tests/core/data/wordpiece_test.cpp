#include "core/data/wordpiece.h"

#include "core/common/error.h"
#include "core/data/dataset.h"
#include "test_support.h"

#include <chrono>

using namespace kann;
using Catch::Matchers::Contains;

namespace {

// The pieces joined by spaces, as the reference prints a tokenized review.
std::string joined(const TokenizedText& t) {
    std::string out;
    for (const TokenPiece& p : t.pieces) out += (out.empty() ? "" : " ") + p.piece;
    return out;
}

std::string spanOf(const TokenizedText& t, const TokenPiece& p) { return t.text.substr(p.begin, p.end - p.begin); }

WordPieceTokenizer small(std::vector<std::string> tokens) {
    return WordPieceTokenizer(Vocab::fromTokens(std::move(tokens), "small vocab"));
}

}  // namespace

TEST_CASE("WordPiece reproduces the reference pipeline's published example", "[wordpiece][shared]") {
    KANN_REQUIRE_SHARED("imdb-vocab/imdb.vocab", vocabPath);
    const WordPieceTokenizer tokenizer(Vocab::load(vocabPath.string()));
    const TokenizedText t = tokenizer.tokenize(
        "Watched this on KQED, with Frank Baxter commenting, as I recall. Have never seen it since, but would "
        "like to find out where it is available.<br /><br />It is amazing");
    CHECK(joined(t) ==
          "watched this on k ##q ##ed, with frank baxter commenting ##, as i recall ##. have never seen it since, "
          "but would like to find out where it is available. ##<br /><br />it is amazing");
    // Ids are line numbers: "k" is line 54 (1-based), "<unk>" line 1.
    CHECK(t.pieces[3].id == 53);
    CHECK(tokenizer.vocab().unkId() == 0);
    CHECK(tokenizer.vocab().size() == 32379);
    // "KQED," is one word of three pieces, each pointing at its original bytes.
    const Word& kqed = t.words[3];
    CHECK(t.text.substr(kqed.begin, kqed.end - kqed.begin) == "KQED,");
    REQUIRE(kqed.pieceCount == 3);
    CHECK(spanOf(t, t.pieces[kqed.firstPiece]) == "K");
    CHECK(spanOf(t, t.pieces[kqed.firstPiece + 1]) == "Q");
    CHECK(spanOf(t, t.pieces[kqed.firstPiece + 2]) == "ED,");
    CHECK(t.pieces[kqed.firstPiece + 2].word == 3);
}

TEST_CASE("WordPiece matches the longest piece first and continues with ##", "[wordpiece]") {
    const auto tok = small({"<unk>", "un", "##aff", "##able", "##a", "unaff", "hello", "##,"});
    const TokenizedText t = tok.tokenize("  Unaffable\tHELLO,\n");
    CHECK(joined(t) == "unaff ##able hello ##,");
    CHECK(t.ids() == std::vector<std::int64_t>{5, 3, 6, 7});
    REQUIRE(t.words.size() == 2);
    CHECK(t.words[0].begin == 2);
    CHECK(t.words[0].end == 11);
    CHECK(t.words[1].firstPiece == 2);
    CHECK(t.words[1].pieceCount == 2);
    CHECK(spanOf(t, t.pieces[1]) == "able");
    CHECK(spanOf(t, t.pieces[3]) == ",");
    CHECK(t.text == "  Unaffable\tHELLO,\n");
}

TEST_CASE("A word with a piece missing from the vocabulary becomes one <unk>", "[wordpiece]") {
    const auto tok = small({"<unk>", "un", "##aff", "ok"});
    const TokenizedText t = tok.tokenize("unaffx ok unaff");
    CHECK(joined(t) == "<unk> ok un ##aff");
    CHECK(t.pieces[0].id == 0);
    CHECK(spanOf(t, t.pieces[0]) == "unaffx");
    CHECK(t.words[0].pieceCount == 1);
}

TEST_CASE("Words over 100 bytes become <unk>, words of 100 bytes still split", "[wordpiece]") {
    const auto tok = small({"<unk>", "a", "##a"});
    const TokenizedText hundred = tok.tokenize(std::string(100, 'A'));
    CHECK(hundred.pieces.size() == 100);
    CHECK(hundred.pieces[99].piece == "##a");
    const TokenizedText longer = tok.tokenize(std::string(101, 'a') + " a");
    CHECK(joined(longer) == "<unk> a");
    CHECK(longer.pieces[0].end == 101);
    // The limit counts folded bytes: 50 two-byte "é" are 100 bytes, 51 are over.
    const auto accents = small({"<unk>", "\xc3\xa9", "##\xc3\xa9"});
    std::string e50;
    for (int i = 0; i < 50; ++i) e50 += "\xc3\x89";  // "É" folds to "é"
    CHECK(accents.tokenize(e50).pieces.size() == 50);
    CHECK(joined(accents.tokenize(e50 + "\xc3\x89")) == "<unk>");
}

TEST_CASE("Case folding is NFKC_Casefold and spans point at the original bytes", "[wordpiece]") {
    const auto tok = small({"<unk>", "hello", "strasse", "fine", "caf\xc3\xa9", "don", "\xcc\x81t", "x", "y"});
    // Fullwidth letters, sharp s, the fi ligature, decomposed e + combining acute.
    const std::string fullwidth = "\xef\xbc\xa8\xef\xbd\x85\xef\xbd\x8c\xef\xbd\x8c\xef\xbd\x8f";  // "Ｈｅｌｌｏ"
    const TokenizedText t = tok.tokenize(fullwidth + " Stra\xc3\x9f" "e \xef\xac\x81ne Cafe\xcc\x81");
    CHECK(joined(t) == "hello strasse fine caf\xc3\xa9");
    CHECK(spanOf(t, t.pieces[0]) == fullwidth);
    CHECK(spanOf(t, t.pieces[3]) == "Cafe\xcc\x81");
    // U+00B4 ACUTE ACCENT folds to a space and a combining acute: the word splits, as in the reference.
    CHECK(joined(tok.tokenize("Don\xc2\xb4t")) == "don \xcc\x81t");
}

TEST_CASE("Unicode whitespace separates words, U+0085 and NBSP included", "[wordpiece]") {
    const auto tok = small({"<unk>", "x", "y"});
    for (const char* sep : {" ", "\t", "\n", "\r", "\v", "\f", "\xc2\x85", "\xc2\xa0", "\xe2\x80\x83", "\xe3\x80\x80"}) {
        INFO("separator bytes " << sep);
        const TokenizedText t = tok.tokenize(std::string("x") + sep + "Y");
        CHECK(joined(t) == "x y");
        CHECK(t.words.size() == 2);
    }
    CHECK(tok.tokenize("").pieces.empty());
    CHECK(tok.tokenize(" \t\xc2\x85 ").words.empty());
}

TEST_CASE("Pieces never split a multi-byte character, ill-formed bytes become <unk>", "[wordpiece]") {
    // Byte-wise matching would take "caf\xc3" then "##\xa9"; pieces end on character boundaries.
    const auto tok = small({"<unk>", "caf\xc3", "##\xa9", "caf", "##\xc3\xa9", "ok"});
    CHECK(joined(tok.tokenize("caf\xc3\xa9")) == "caf ##\xc3\xa9");
    const TokenizedText bad = tok.tokenize("ok caf\xff ok");
    CHECK(joined(bad) == "ok <unk> ok");
    CHECK(spanOf(bad, bad.pieces[1]) == "caf\xff");
}

TEST_CASE("WordPiece needs an unknown token and says which option names one", "[wordpiece]") {
    CHECK_THROWS_WITH(WordPieceTokenizer(Vocab::fromTokens({"a", "b"}, "my.vocab")),
                      Contains("my.vocab: the vocabulary has no unknown token") && Contains("--unk"));
}

TEST_CASE("The aclImdb sample tokenizes into consistent pieces", "[wordpiece][shared]") {
    KANN_REQUIRE_SHARED("imdb-vocab/imdb.vocab", vocabPath);
    KANN_REQUIRE_SHARED("aclimdb-sample/aclimdb_test_sample5000.tsv", samplePath);
    const WordPieceTokenizer tokenizer(Vocab::load(vocabPath.string()));
    const Dataset data = loadDataset(samplePath.string());
    std::size_t pieces = 0, unknown = 0, words = 0;
    for (const std::string& review : data.texts) {
        const TokenizedText t = tokenizer.tokenize(review);
        words += t.words.size();
        for (std::size_t w = 0; w < t.words.size(); ++w) {
            const Word& word = t.words[w];
            REQUIRE(word.pieceCount >= 1);
            // Pieces tile their word: first starts it, last ends it, spans never go backwards.
            CHECK(t.pieces[word.firstPiece].begin == word.begin);
            CHECK(t.pieces[word.firstPiece + word.pieceCount - 1].end == word.end);
            for (int p = word.firstPiece; p < word.firstPiece + word.pieceCount; ++p) {
                REQUIRE(t.pieces[p].word == static_cast<int>(w));
                REQUIRE(t.pieces[p].begin < t.pieces[p].end);
                REQUIRE(tokenizer.vocab().token(t.pieces[p].id) == t.pieces[p].piece);
                if (p > word.firstPiece) REQUIRE(t.pieces[p].begin >= t.pieces[p - 1].begin);
            }
        }
        pieces += t.pieces.size();
        for (const TokenPiece& p : t.pieces) unknown += p.id == 0;
    }
    // 5000 reviews of about 230 words each; the vocabulary was built on this corpus, so unknowns are rare.
    CHECK(words > 1000000);
    CHECK(pieces > words);
    CHECK(unknown < pieces / 100);
    WARN("aclImdb sample: " << words << " words, " << pieces << " pieces, " << unknown << " <unk>");
}

TEST_CASE("Benchmark: tokenizing the aclImdb sample", "[.][bench]") {
    KANN_REQUIRE_SHARED("imdb-vocab/imdb.vocab", vocabPath);
    KANN_REQUIRE_SHARED("aclimdb-sample/aclimdb_test_sample5000.tsv", samplePath);
    const WordPieceTokenizer tokenizer(Vocab::load(vocabPath.string()));
    const Dataset data = loadDataset(samplePath.string());
    const auto start = std::chrono::steady_clock::now();
    std::size_t pieces = 0;
    for (const std::string& review : data.texts) pieces += tokenizer.tokenize(review).pieces.size();
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    WARN("tokenized " << data.texts.size() << " reviews (" << pieces << " pieces) in " << ms << " ms");
}
