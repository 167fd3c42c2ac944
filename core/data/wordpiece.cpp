#include "core/data/wordpiece.h"

#include "core/common/error.h"
#include "core/data/case_fold.h"

#include <algorithm>
#include <string_view>

namespace kann {

namespace {

// Tokenizes one folded word [begin, end) into `out`, longest match first; false when a piece is missing.
bool splitWord(const Vocab& vocab, std::string_view folded, std::size_t begin, std::size_t end,
               std::vector<std::size_t>& ends, std::vector<std::pair<int, std::size_t>>& out) {
    out.clear();
    for (std::size_t start = begin; start < end;) {
        // Candidate ends on code point boundaries, tried from the longest that could be a token.
        ends.clear();
        const std::size_t limit = std::min(end, start + vocab.longestToken());
        for (std::size_t pos = start; pos < limit;) {
            nextCodePoint(folded, pos);
            ends.push_back(pos);
        }
        int id = -1;
        std::size_t matched = start;
        for (auto e = ends.rbegin(); e != ends.rend() && id < 0; ++e) {
            const std::string_view candidate = folded.substr(start, *e - start);
            id = start == begin ? vocab.find(candidate) : vocab.findContinuation(candidate);
            matched = *e;
        }
        if (id < 0) return false;
        out.emplace_back(id, matched);
        start = matched;
    }
    return true;
}

// Whether the character at `pos` is whitespace; moves `pos` past it.
bool whitespaceAt(std::string_view text, std::size_t& pos) {
    return isUnicodeWhitespace(static_cast<char32_t>(nextCodePoint(text, pos)));
}

}  // namespace

WordPieceTokenizer::WordPieceTokenizer(Vocab vocab) : Tokenizer(std::move(vocab)) {
    if (vocab_.unkId() < 0)
        throw InputError(vocab_.source(), "the vocabulary has no unknown token (<unk>, [UNK], <UNK> or UNK) for unknown "
                                          "words: name one with --unk");
}

std::string WordPieceTokenizer::describe() const {
    return "tokenizer wordpiece (NFKC case folding, whitespace split, greedy WordPiece with ## pieces); " + vocab_.describe();
}

TokenizedText WordPieceTokenizer::tokenize(const std::string& text) const {
    const FoldedText folded = caseFold(text);
    const std::string_view f = folded.text;
    TokenizedText out;
    out.text = text;
    std::vector<std::size_t> ends;
    std::vector<std::pair<int, std::size_t>> split;
    out.pieces.reserve(f.size() / 4);
    const auto addPiece = [&](int id, std::size_t fb, std::size_t fe) {
        out.pieces.push_back({id, vocab_.token(id), folded.originBegin[fb], folded.originEnd[fe - 1],
                              static_cast<int>(out.words.size())});
    };
    for (std::size_t pos = 0; pos < f.size();) {
        std::size_t next = pos;
        if (whitespaceAt(f, next)) {
            pos = next;
            continue;
        }
        const std::size_t begin = pos;
        std::size_t end = next;
        for (std::size_t after = end; end < f.size() && !whitespaceAt(f, after);) end = after;
        pos = end;
        Word word{folded.originBegin[begin], folded.originEnd[end - 1], static_cast<int>(out.pieces.size()), 0};
        if (end - begin <= kMaxWordBytes && splitWord(vocab_, f, begin, end, ends, split)) {
            std::size_t start = begin;
            for (const auto& [id, stop] : split) {
                addPiece(id, start, stop);
                start = stop;
            }
        } else {
            addPiece(vocab_.unkId(), begin, end);
        }
        word.pieceCount = static_cast<int>(out.pieces.size()) - word.firstPiece;
        out.words.push_back(word);
    }
    return out;
}

}  // namespace kann
