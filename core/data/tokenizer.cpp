#include "core/data/tokenizer.h"

#include "core/common/error.h"
#include "core/data/basic_english.h"
#include "core/data/case_fold.h"
#include "core/data/wordpiece.h"

#include <string_view>

namespace kann {

namespace {

bool whitespaceAt(std::string_view text, std::size_t& pos) {
    return isUnicodeWhitespace(static_cast<char32_t>(nextCodePoint(text, pos)));
}

// Byte spans of the runs of non-whitespace in `text`.
std::vector<std::pair<std::size_t, std::size_t>> whitespaceWords(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t next = pos;
        if (whitespaceAt(text, next)) {
            pos = next;
            continue;
        }
        std::size_t end = next;
        for (std::size_t after = end; end < text.size() && !whitespaceAt(text, after);) end = after;
        spans.emplace_back(pos, end);
        pos = end;
    }
    return spans;
}

// Byte spans of the code points of `text` (an ill-formed byte is a span of its own).
std::vector<std::pair<std::size_t, std::size_t>> codePoints(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t begin = pos;
        nextCodePoint(text, pos);
        spans.emplace_back(begin, pos);
    }
    return spans;
}

// Tokens are spans of the text looked up as written: whitespace-separated words (Python's
// str.split()) or single characters, spaces included (character-level models).
class SpanTokenizer : public Tokenizer {
public:
    using Spans = std::vector<std::pair<std::size_t, std::size_t>> (*)(std::string_view);
    SpanTokenizer(Vocab vocab, Spans spans, std::string rule)
        : Tokenizer(std::move(vocab)), spans_(spans), rule_(std::move(rule)) {}
    TokenizedText tokenize(const std::string& text) const override {
        TokenizedText out;
        out.text = text;
        for (const auto& [begin, end] : spans_(text)) appendPiece(out, vocab_, begin, end);
        groupWords(out);
        return out;
    }
    std::string describe() const override { return "tokenizer " + rule_ + "; " + vocab_.describe(); }

private:
    Spans spans_;
    std::string rule_;
};

}  // namespace

std::vector<std::int64_t> TokenizedText::ids() const {
    std::vector<std::int64_t> out;
    out.reserve(pieces.size());
    for (const TokenPiece& p : pieces) out.push_back(p.id);
    return out;
}

const std::vector<std::string>& tokenizerKinds() {
    static const std::vector<std::string> kinds = {"wordpiece", "whitespace", "basic_english", "char"};
    return kinds;
}

int tokenIdOrUnknown(const Vocab& vocab, std::string_view token) {
    const int id = vocab.find(token);
    if (id >= 0) return id;
    if (vocab.unkId() >= 0) return vocab.unkId();
    throw InputError(vocab.source(), "the token '" + std::string(token) +
                                         "' is not in the vocabulary, which has no unknown token: name one with --unk");
}

void appendPiece(TokenizedText& t, const Vocab& vocab, std::size_t begin, std::size_t end) {
    appendPiece(t, vocab, std::string_view(t.text).substr(begin, end - begin), begin, end);
}

void appendPiece(TokenizedText& t, const Vocab& vocab, std::string_view token, std::size_t begin, std::size_t end) {
    const int id = tokenIdOrUnknown(vocab, token);
    t.pieces.push_back({id, vocab.token(id), begin, end, 0});
}

void groupWords(TokenizedText& t) {
    t.words.clear();
    for (const auto& [begin, end] : whitespaceWords(t.text)) t.words.push_back({begin, end, 0, 0});
    if (t.words.empty() && !t.pieces.empty()) t.words.push_back({0, t.text.size(), 0, 0});
    std::size_t w = 0;
    for (TokenPiece& p : t.pieces) {
        while (w + 1 < t.words.size() && t.words[w].end <= p.begin) ++w;
        p.word = static_cast<int>(w);
    }
    // Each word's pieces are contiguous; a word without pieces starts where the next piece is.
    std::size_t piece = 0;
    for (std::size_t i = 0; i < t.words.size(); ++i) {
        t.words[i].firstPiece = static_cast<int>(piece);
        while (piece < t.pieces.size() && t.pieces[piece].word == static_cast<int>(i)) ++piece;
        t.words[i].pieceCount = static_cast<int>(piece) - t.words[i].firstPiece;
    }
}

std::shared_ptr<const Tokenizer> makeTokenizer(const std::string& vocabPath, const TokenizerOptions& options) {
    Vocab vocab = Vocab::load(vocabPath, options.unk);
    if (options.kind == "wordpiece") return std::make_shared<WordPieceTokenizer>(std::move(vocab));
    if (options.kind == "whitespace")
        return std::make_shared<SpanTokenizer>(std::move(vocab), whitespaceWords,
                                               "whitespace (split on whitespace, tokens as written, case kept)");
    if (options.kind == "basic_english") return std::make_shared<BasicEnglishTokenizer>(std::move(vocab));
    if (options.kind == "char")
        return std::make_shared<SpanTokenizer>(std::move(vocab), codePoints, "char (one token per character, spaces included)");
    throw InputError("--tokenizer", "expects wordpiece, whitespace, basic_english or char; got '" + options.kind + "'");
}

}  // namespace kann
