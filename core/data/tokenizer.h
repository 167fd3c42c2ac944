#pragma once
// Tokenizers: text -> vocabulary ids, each piece keeping the bytes of the original text it came
// from so the studio can colour the words people wrote. WordPiece (the paper's pipeline),
// whitespace, torchtext's basic_english and characters share this interface.
#include "core/data/vocab.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
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

// One whitespace-separated word of the original text and its pieces (none for text a tokenizer
// drops, such as torchtext's "<br />").
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

struct TokenizerOptions {
    std::string kind = "wordpiece";  // one of tokenizerKinds()
    std::string unk;                 // the unknown token; empty: the first of <unk>, [UNK], <UNK>, UNK present
};

// wordpiece, whitespace, basic_english, char.
const std::vector<std::string>& tokenizerKinds();

class Tokenizer {
public:
    explicit Tokenizer(Vocab vocab) : vocab_(std::move(vocab)) {}
    virtual ~Tokenizer() = default;

    // Tokenizes `text`. Throws InputError(vocab source, ...) for a token missing from a vocabulary
    // without an unknown token.
    virtual TokenizedText tokenize(const std::string& text) const = 0;
    // What it does, in words: its rule, its vocabulary and the unknown token used.
    virtual std::string describe() const = 0;
    const Vocab& vocab() const { return vocab_; }

protected:
    Vocab vocab_;
};

// Helpers for tokenizers. The id of `token`, else the unknown token's; throws InputError(vocab
// source, ...) when there is neither.
int tokenIdOrUnknown(const Vocab& vocab, std::string_view token);
// Appends the piece for t.text[begin, end) (or for `token`, its normalised form).
void appendPiece(TokenizedText& t, const Vocab& vocab, std::size_t begin, std::size_t end);
void appendPiece(TokenizedText& t, const Vocab& vocab, std::string_view token, std::size_t begin, std::size_t end);
// Sets t.words to the whitespace-separated words of t.text and gives each piece the word it lies
// in; a piece between words (a space, for characters) goes with the word after it.
void groupWords(TokenizedText& t);

// Reads the vocabulary at `vocabPath` (any form Vocab::load reads) and builds the tokenizer
// options.kind names. Throws InputError naming the vocabulary or the option at fault.
std::shared_ptr<const Tokenizer> makeTokenizer(const std::string& vocabPath, const TokenizerOptions& options);

}  // namespace kann
