#include "core/data/case_fold.h"

#include "core/common/error.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <limits>

namespace kann {

namespace {

const icu::Normalizer2& nfkcCasefold() {
    static const icu::Normalizer2* instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
        if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU NFKC_Casefold unavailable: ") + u_errorName(status));
        return n;
    }();
    return *instance;
}

void appendFolded(FoldedText& out, std::string_view bytes, std::size_t begin, std::size_t end) {
    out.text.append(bytes);
    out.originBegin.insert(out.originBegin.end(), bytes.size(), static_cast<std::uint32_t>(begin));
    out.originEnd.insert(out.originEnd.end(), bytes.size(), static_cast<std::uint32_t>(end));
}

}  // namespace

std::int32_t nextCodePoint(std::string_view text, std::size_t& pos) {
    UChar32 c;
    std::int32_t i = static_cast<std::int32_t>(pos);
    U8_NEXT(text.data(), i, static_cast<std::int32_t>(text.size()), c);
    // ICU skips a whole ill-formed sequence; step one byte so every byte keeps its origin.
    pos = c < 0 ? pos + 1 : static_cast<std::size_t>(i);
    return c;
}

bool isUnicodeWhitespace(char32_t c) {
    if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
    return u_isUWhiteSpace(static_cast<UChar32>(c));
}

FoldedText caseFold(std::string_view text) {
    if (text.size() >= std::numeric_limits<std::uint32_t>::max())
        throw InputError("", "a text of " + std::to_string(text.size()) + " bytes is too long to tokenize");
    const icu::Normalizer2& nfkc = nfkcCasefold();
    FoldedText out;
    out.text.reserve(text.size());
    out.originBegin.reserve(text.size());
    out.originEnd.reserve(text.size());
    const auto isAscii = [&](std::size_t i) { return i >= text.size() || static_cast<unsigned char>(text[i]) < 0x80; };
    std::string folded;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t start = i;
        // ASCII followed by ASCII cannot interact with its neighbours: only A-Z change.
        if (isAscii(i) && isAscii(i + 1)) {
            const char c = text[i++];
            out.text.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
            out.originBegin.push_back(static_cast<std::uint32_t>(start));
            out.originEnd.push_back(static_cast<std::uint32_t>(i));
            continue;
        }
        if (nextCodePoint(text, i) < 0) {
            appendFolded(out, text.substr(start, 1), start, i);
            continue;
        }
        // A segment ends before the next character with a normalization boundary, so folding
        // segment by segment equals folding the whole text, and each output byte has one origin.
        while (i < text.size()) {
            std::size_t j = i;
            const std::int32_t c = nextCodePoint(text, j);
            if (c < 0 || nfkc.hasBoundaryBefore(c)) break;
            i = j;
        }
        folded.clear();
        icu::StringByteSink<std::string> sink(&folded);
        UErrorCode status = U_ZERO_ERROR;
        nfkc.normalizeUTF8(0, icu::StringPiece(text.data() + start, static_cast<std::int32_t>(i - start)), sink,
                           nullptr, status);
        if (U_FAILURE(status)) folded.assign(text.substr(start, i - start));
        appendFolded(out, folded, start, i);
    }
    return out;
}

}  // namespace kann
