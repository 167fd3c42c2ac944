#include "core/data/basic_english.h"

#include "core/data/case_fold.h"

#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <string_view>

namespace kann {

namespace {

// One code point of the original text, lowered, with its bytes in the original.
struct Unit {
    std::string lowered;
    std::size_t begin = 0, end = 0;
    enum class Kind { Word, Split, Drop } kind = Kind::Word;  // Split: a token of its own; Drop: a separator
};

std::string utf8(char32_t c) {
    char buf[4];
    std::int32_t n = 0;
    UBool error = false;
    U8_APPEND(buf, n, 4, c, error);
    return error ? std::string() : std::string(buf, static_cast<std::size_t>(n));
}

// Python's str.lower() for one code point: the full mapping (İ -> i̇), final sigma from context.
std::string lowered(char32_t c, char32_t before, char32_t after) {
    if (c < 0x80) return std::string(1, static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    if (c == 0x3A3 && u_hasBinaryProperty(before, UCHAR_CASED) && !u_hasBinaryProperty(after, UCHAR_CASED))
        return utf8(0x3C2);
    UChar src[2], dest[8];
    std::int32_t n = 0;
    U16_APPEND_UNSAFE(src, n, c);
    UErrorCode status = U_ZERO_ERROR;
    const std::int32_t length = u_strToLower(dest, 8, src, n, "", &status);
    if (U_FAILURE(status)) return utf8(c);
    std::string out;
    for (std::int32_t i = 0; i < length;) {
        UChar32 d;
        U16_NEXT(dest, i, length, d);
        out += utf8(static_cast<char32_t>(d));
    }
    return out;
}

// Python's str.isspace(), which also counts the information separators U+001C..U+001F.
bool pythonSpace(std::int32_t c) { return (c >= 0x1C && c <= 0x1F) || isUnicodeWhitespace(static_cast<char32_t>(c)); }

Unit::Kind kindOf(std::int32_t c) {
    switch (c) {
    case '\'': case '.': case ',': case '(': case ')': case '!': case '?': return Unit::Kind::Split;
    case ';': case ':': return Unit::Kind::Drop;
    default: return pythonSpace(c) ? Unit::Kind::Drop : Unit::Kind::Word;
    }
}

// The text's code points, lowered and classified; '"' is gone, as its rule removes it first.
std::vector<Unit> units(std::string_view text) {
    std::vector<std::int32_t> cps;
    std::vector<std::size_t> starts;
    for (std::size_t pos = 0; pos < text.size();) {
        starts.push_back(pos);
        cps.push_back(nextCodePoint(text, pos));
    }
    starts.push_back(text.size());
    std::vector<Unit> out;
    for (std::size_t i = 0; i < cps.size(); ++i) {
        const std::int32_t c = cps[i];
        if (c == '"') continue;
        const char32_t before = i > 0 && cps[i - 1] > 0 ? cps[i - 1] : 0, after = i + 1 < cps.size() && cps[i + 1] > 0 ? cps[i + 1] : 0;
        std::string low = c < 0 ? std::string(text.substr(starts[i], 1)) : lowered(static_cast<char32_t>(c), before, after);
        out.push_back({std::move(low), starts[i], starts[i + 1], c < 0 ? Unit::Kind::Word : kindOf(c)});
    }
    return out;
}

// Marks every "<br />" (after lowering and the removal of '"') as separators, left to right.
void dropBreaks(std::vector<Unit>& u) {
    static const char* const kBreak[] = {"<", "b", "r", " ", "/", ">"};
    for (std::size_t i = 0; i + 6 <= u.size();) {
        bool match = true;
        for (std::size_t k = 0; k < 6 && match; ++k) match = u[i + k].lowered == kBreak[k];
        if (!match) {
            ++i;
            continue;
        }
        for (std::size_t k = 0; k < 6; ++k) u[i + k].kind = Unit::Kind::Drop;
        i += 6;
    }
}

}  // namespace

TokenizedText BasicEnglishTokenizer::tokenize(const std::string& text) const {
    std::vector<Unit> u = units(text);
    dropBreaks(u);
    TokenizedText out;
    out.text = text;
    std::string word;
    std::size_t wordBegin = 0, wordEnd = 0;
    const auto flush = [&] {
        if (!word.empty()) appendPiece(out, vocab_, word, wordBegin, wordEnd);
        word.clear();
    };
    for (const Unit& x : u) {
        if (x.kind != Unit::Kind::Word) {
            flush();
            if (x.kind == Unit::Kind::Split) appendPiece(out, vocab_, x.lowered, x.begin, x.end);
            continue;
        }
        if (word.empty()) wordBegin = x.begin;
        word += x.lowered;
        wordEnd = x.end;
    }
    flush();
    groupWords(out);
    return out;
}

std::string BasicEnglishTokenizer::describe() const {
    return "tokenizer basic_english (torchtext: lower case, ' . , ( ) ! ? split off, \" ; : <br /> removed); " +
           vocab_.describe();
}

}  // namespace kann
