#pragma once
// The reference pipeline's tokenizer: NFKC case folding, whitespace split, then greedy
// longest-match-first WordPiece with "##" continuations (tensorflow_text's WordpieceTokenizer).
#include "core/data/tokenizer.h"

namespace kann {

class WordPieceTokenizer : public Tokenizer {
public:
    // Words longer than this many bytes (after folding) become "<unk>", as in the reference.
    static constexpr std::size_t kMaxWordBytes = 100;

    // Throws InputError(vocab source, ...) when the vocabulary has no unknown token.
    explicit WordPieceTokenizer(Vocab vocab);

    // Tokenizes `text`; a word with any piece missing from the vocabulary becomes one unknown token.
    TokenizedText tokenize(const std::string& text) const override;
    std::string describe() const override;
};

}  // namespace kann
