#pragma once
// Unicode NFKC case folding and whitespace, as tensorflow_text's case_fold_utf8 and
// WhitespaceTokenizer apply them (ICU's NFKC_Casefold and White_Space), keeping byte origins.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kann {

// Folded text plus, for each of its bytes, the span of original bytes it came from.
struct FoldedText {
    std::string text;
    std::vector<std::uint32_t> originBegin;  // per byte of `text`
    std::vector<std::uint32_t> originEnd;
};

// NFKC_Casefold of UTF-8 `text`. Ill-formed UTF-8 bytes pass through unchanged.
// Throws InputError for texts of 4 GiB or more (origins are 32-bit).
FoldedText caseFold(std::string_view text);

// True for Unicode White_Space characters (space, tab, U+0085, U+00A0, U+2000..U+200A, U+3000, ...).
bool isUnicodeWhitespace(char32_t c);

// Decodes the code point at `pos` and moves `pos` past it; ill-formed bytes give -1 and advance one byte.
std::int32_t nextCodePoint(std::string_view text, std::size_t& pos);

}  // namespace kann
