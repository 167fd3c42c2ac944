#pragma once
// Fuzz target wordpiece: arbitrary text through NFKC case folding and WordPiece (and the
// basic_english and char tokenizers), with the vocabulary named by $KANN_FUZZ_VOCAB (the script
// passes the real imdb.vocab) or a small built-in one.
#include "core/data/basic_english.h"
#include "core/data/wordpiece.h"
#include "fuzz/fuzz_inputs.h"

#include <cstdlib>

namespace kann::fuzz {

inline const WordPieceTokenizer& fuzzTokenizer() {
    static const WordPieceTokenizer tokenizer = [] {
        if (const char* path = std::getenv("KANN_FUZZ_VOCAB")) return WordPieceTokenizer(Vocab::load(path));
        return WordPieceTokenizer(Vocab::fromTokens({"<pad>", "<unk>", "the", "film", "##s", "##'", "s", "end",
                                                     "##ing", ",", "un", "##expected", "##ly", "fine", "strasse",
                                                     "東", "##京", "1", "⁄", "##2", "e", "##t", "##é", "é", "##"}));
    }();
    return tokenizer;
}

// Every span must lie inside the original text, and every word's pieces inside the pieces.
inline void checkSpans(const TokenizedText& t) {
    for (const TokenPiece& p : t.pieces)
        if (p.begin > p.end || p.end > t.text.size()) throw std::logic_error("piece span outside the text");
    for (const Word& w : t.words)
        if (w.firstPiece < 0 || w.pieceCount < 0 || w.firstPiece + w.pieceCount > static_cast<int>(t.pieces.size()))
            throw std::logic_error("word pieces outside the pieces");
}

inline std::vector<Attempt> wordpieceAttempts(const std::string& bytes) {
    static const BasicEnglishTokenizer basicEnglish(fuzzTokenizer().vocab());
    return {[&] { checkSpans(fuzzTokenizer().tokenize(bytes)); }, [&] { checkSpans(basicEnglish.tokenize(bytes)); }};
}

}  // namespace kann::fuzz
