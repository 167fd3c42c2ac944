#include "core/data/basic_english.h"

#include "core/data/text_file.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

using namespace kann;

namespace {

std::vector<std::string> pieces(const TokenizedText& t) {
    std::vector<std::string> out;
    for (const TokenPiece& p : t.pieces) out.push_back(p.piece);
    return out;
}

// A vocabulary holding every token of the truth file, so pieces are the tokens themselves.
BasicEnglishTokenizer tokenizerFor(const nlohmann::json& truth) {
    std::vector<std::string> tokens = {"<unk>"};
    for (const auto& c : truth)
        for (const auto& t : c.at("tokens")) tokens.push_back(t.get<std::string>());
    return BasicEnglishTokenizer(Vocab::fromTokens(tokens, "truth vocabulary"));
}

}  // namespace

TEST_CASE("basic_english gives torchtext's tokens", "[basic-english]") {
    const auto truth = nlohmann::json::parse(readWholeFile(test::fixture("text/basic_english_truth.json")));
    const BasicEnglishTokenizer tokenizer = tokenizerFor(truth);
    for (const auto& c : truth) {
        const std::string text = c.at("text").get<std::string>();
        INFO(text);
        CHECK(pieces(tokenizer.tokenize(text)) == c.at("tokens").get<std::vector<std::string>>());
    }
}

TEST_CASE("basic_english pieces span the original bytes and group into the written words", "[basic-english]") {
    const BasicEnglishTokenizer tokenizer(Vocab::fromTokens({"<unk>", "it", "'", "s", "great", "!", ".", "fun"}));
    const TokenizedText t = tokenizer.tokenize("It's \"GREAT\"!<br />Fun.");
    REQUIRE(pieces(t) == std::vector<std::string>{"it", "'", "s", "great", "!", "fun", "."});
    const auto span = [&](int i) { return t.text.substr(t.pieces[i].begin, t.pieces[i].end - t.pieces[i].begin); };
    CHECK(span(0) == "It");
    CHECK(span(3) == "GREAT");  // the removed quotes lie outside the word
    CHECK(span(5) == "Fun");
    REQUIRE(t.words.size() == 3);  // "It's", "\"GREAT\"!<br", "/>Fun."
    CHECK(t.words[0].pieceCount == 3);
    CHECK(t.words[1].firstPiece == 3);
    CHECK(t.words[1].pieceCount == 2);
    CHECK(t.words[2].pieceCount == 2);
    CHECK(t.pieces[6].word == 2);
    CHECK(tokenizer.tokenize("unknown words").ids() == std::vector<std::int64_t>{0, 0});
}

TEST_CASE("basic_english lowers like Python: full mappings and a final sigma", "[basic-english]") {
    const BasicEnglishTokenizer tokenizer(Vocab::fromTokens({"<unk>", "i\xcc\x87", "\xcf\x83\xce\xb1\xcf\x82"}));
    // "İ" lowers to "i" + combining dot; "ΣΑΣ" to "σας".
    CHECK(tokenizer.tokenize("\xc4\xb0 \xce\xa3\xce\x91\xce\xa3").ids() == std::vector<std::int64_t>{1, 2});
}
