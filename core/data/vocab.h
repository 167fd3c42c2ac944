#pragma once
// A WordPiece vocabulary: one token per line, id = line number (the reference imdb.vocab format).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kann {

class Vocab {
public:
    // Reads `path`, split on '\n' only (tokens may hold other control characters). Throws
    // InputError(path, ...) when the file is missing or holds no tokens.
    static Vocab load(const std::string& path);
    // A vocabulary of the given tokens, id = index; `source` names it in errors.
    static Vocab fromTokens(std::vector<std::string> tokens, const std::string& source = "vocabulary");

    // Id of `token`, or -1. For a repeated token the first line wins.
    int find(std::string_view token) const;
    // Id of the continuation token "##" + `piece`, or -1, without building that string.
    int findContinuation(std::string_view piece) const;
    // Id of "<unk>", or -1 when the vocabulary has none.
    int unkId() const { return unk_; }
    const std::string& token(int id) const;
    // Bytes of the longest token (continuations counted without "##"): longer pieces never match.
    std::size_t longestToken() const;
    std::size_t size() const;
    // The file it came from (or the name given to fromTokens), for error messages.
    const std::string& source() const;

private:
    Vocab() = default;
    struct Table;
    std::shared_ptr<const Table> table_;  // shared: copies are cheap and lookups keep views into it
    int unk_ = -1;
};

}  // namespace kann
