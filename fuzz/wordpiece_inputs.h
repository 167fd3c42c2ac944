#pragma once
// Fuzz target wordpiece: arbitrary text through NFKC case folding and WordPiece, with the vocabulary
// named by $KANN_FUZZ_VOCAB (the script passes the real imdb.vocab) or a small built-in one.
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

inline std::vector<Attempt> wordpieceAttempts(const std::string& bytes) {
    return {[&] {
        const TokenizedText t = fuzzTokenizer().tokenize(bytes);
        for (const TokenPiece& p : t.pieces)  // every span must lie inside the original text
            if (p.begin > p.end || p.end > bytes.size()) throw std::logic_error("piece span outside the text");
    }};
}

}  // namespace kann::fuzz
