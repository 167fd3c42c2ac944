#include "core/data/vocab_builder.h"

#include "core/data/wordpiece.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace kann;

namespace {

std::vector<std::string> pieces(const WordPieceTokenizer& tokenizer, const std::string& text) {
    std::vector<std::string> out;
    for (const auto& p : tokenizer.tokenize(text).pieces) out.push_back(p.piece);
    return out;
}

const std::vector<std::string> kTexts = {
    "A great movie, truly GREAT.", "The movie was dull (dull!) and long.", "Great acting; a dull plot.",
    "It's a movie I'd watch again, great fun.", "Long, dull, and the movie's end was great."};

}  // namespace

TEST_CASE("buildWordPieceVocab: <unk> first, characters, then frequent pieces", "[vocab]") {
    const std::vector<std::string> vocab = buildWordPieceVocab(kTexts);
    REQUIRE(vocab.front() == "<unk>");
    auto has = [&](const std::string& t) { return std::find(vocab.begin(), vocab.end(), t) != vocab.end(); };
    CHECK(has("great"));   // folded: "GREAT." counts as great + ##.
    CHECK(has("##."));
    CHECK(has("##,"));
    CHECK(has("movie"));
    CHECK(has("dull"));
    CHECK(has("g"));
    CHECK(has("##g"));
    CHECK_FALSE(has("GREAT"));
    CHECK_FALSE(has("truly"));  // seen once, below minCount 2
    // "great" (5 times) ranks before "dull" (4 times) among the word pieces.
    const auto at = [&](const std::string& t) { return std::find(vocab.begin(), vocab.end(), t) - vocab.begin(); };
    CHECK(at("great") < at("dull"));
    CHECK(buildWordPieceVocab(kTexts) == vocab);
}

TEST_CASE("buildWordPieceVocab: the project's tokenizer splits text as the counts assumed", "[vocab]") {
    const WordPieceTokenizer tokenizer(Vocab::fromTokens(buildWordPieceVocab(kTexts)));
    CHECK(pieces(tokenizer, "Great movie, dull.") == std::vector<std::string>{"great", "movie", "##,", "dull", "##."});
    // A rare word of known characters is spelled out rather than lost.
    CHECK(pieces(tokenizer, "tame") == std::vector<std::string>{"t", "##a", "##m", "##e"});
    // Characters never seen still become <unk>.
    CHECK(pieces(tokenizer, "zzz") == std::vector<std::string>{"<unk>"});
}

TEST_CASE("buildWordPieceVocab keeps to the token budget", "[vocab]") {
    VocabBuildOptions o;
    o.maxTokens = 10;
    o.minCount = 1;
    const auto vocab = buildWordPieceVocab(kTexts, o);
    CHECK(vocab.size() == 10);
    CHECK(vocab.front() == "<unk>");
}
