#pragma once
// Fuzz target vocab: a vocabulary file, then the tokenizer built on it run over a fixed text and
// over the file itself (so every token, piece and odd byte of the vocabulary gets looked up).
#include "core/data/wordpiece.h"
#include "fuzz/fuzz_inputs.h"

namespace kann::fuzz {

inline std::vector<Attempt> vocabAttempts(const std::string& bytes) {
    return {[&] {
        const TempFile file(bytes, "input.vocab");
        const WordPieceTokenizer tokenizer(Vocab::load(file.path()));
        tokenizer.tokenize("The film's ending, UNEXPECTEDLY moving: ﬁne Straße — 東京 ½ e\xCC\x81t\xC3\xA9 \xFF\xFE");
        tokenizer.tokenize(bytes);
    }};
}

}  // namespace kann::fuzz
