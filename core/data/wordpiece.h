#pragma once
// The reference pipeline's tokenizer: NFKC case folding, whitespace split, then greedy
// longest-match-first WordPiece with "##" continuations (tensorflow_text's WordpieceTokenizer).
#include "core/data/vocab.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kann {

// One token: its id, its vocabulary string, and the bytes of the original text it came from.
struct TokenPiece {
    int id = 0;
    std::string piece;       // e.g. "##ed," or "<unk>"
    std::size_t begin = 0;   // byte span in TokenizedText::text
    std::size_t end = 0;
    int word = 0;            // index into TokenizedText::words
};

// One whitespace-separated word of the original text and its pieces.
struct Word {
    std::size_t begin = 0;
    std::size_t end = 0;
    int firstPiece = 0;
    int pieceCount = 0;
};

struct TokenizedText {
    std::string text;  // the original, unfolded text
    std::vector<TokenPiece> pieces;
    std::vector<Word> words;

    // The token ids, in order.
    std::vector<std::int64_t> ids() const;
};

class WordPieceTokenizer {
public:
    // Words longer than this many bytes (after folding) become "<unk>", as in the reference.
    static constexpr std::size_t kMaxWordBytes = 100;

    // Throws InputError(vocab source, ...) when the vocabulary has no "<unk>" token.
    explicit WordPieceTokenizer(Vocab vocab);

    // Tokenizes `text`; a word with any piece missing from the vocabulary becomes one "<unk>".
    TokenizedText tokenize(const std::string& text) const;
    const Vocab& vocab() const { return vocab_; }

private:
    Vocab vocab_;
};

}  // namespace kann
