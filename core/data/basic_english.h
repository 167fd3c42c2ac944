#pragma once
// torchtext's basic_english tokenizer (torchtext.data.utils._basic_english_normalize): lower case,
// then its regex list in order: ' split off as a token, " removed, . split off, "<br />" removed,
// , ( ) ! ? split off, ; and : removed, then a split on whitespace. Python's str.lower() is
// followed code point by code point (ICU's full lowercase mapping); a final capital sigma becomes
// ς when a cased letter precedes it and none follows.
#include "core/data/tokenizer.h"

namespace kann {

class BasicEnglishTokenizer : public Tokenizer {
public:
    using Tokenizer::Tokenizer;
    // Each token spans the original bytes it came from (a removed " inside a word is spanned too).
    TokenizedText tokenize(const std::string& text) const override;
    std::string describe() const override;
};

}  // namespace kann
