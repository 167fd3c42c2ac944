#pragma once
// A vocabulary: one token per line, id = line number (the reference imdb.vocab format), a JSON
// object {token: id} (torchtext's get_stoi(), Keras' word_index) or a JSON list (id = index).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kann {

class Vocab {
public:
    // Reads `path`: JSON when it parses as an object or list (or is named .json), else lines split
    // on '\n' only (tokens may hold other control characters). `unk` names the unknown token;
    // empty: the first of kUnknownTokens present. Throws InputError(path, ...) when the file is
    // missing or empty, a JSON token or id repeats, an id is not a non-negative integer, or `unk`
    // is absent.
    static Vocab load(const std::string& path, const std::string& unk = "");
    // A vocabulary of the given tokens, id = index; `source` names it in errors. Ids missing from
    // a JSON object are held by "" tokens, which never match text.
    static Vocab fromTokens(std::vector<std::string> tokens, const std::string& source = "vocabulary",
                            const std::string& unk = "");

    // The unknown tokens looked for, in this order, when none is named.
    static const std::vector<std::string> kUnknownTokens;

    // Id of `token`, or -1. For a repeated token the first line wins.
    int find(std::string_view token) const;
    // Id of the continuation token "##" + `piece`, or -1, without building that string.
    int findContinuation(std::string_view piece) const;
    // Id of the unknown token, or -1 when the vocabulary has none.
    int unkId() const { return unk_; }
    // The vocabulary in words: its file, form, size and unknown token (and whether it was named).
    std::string describe() const;
    const std::string& token(int id) const;
    // Bytes of the longest token (continuations counted without "##"): longer pieces never match.
    std::size_t longestToken() const;
    std::size_t size() const;
    // The file it came from (or the name given to fromTokens), for error messages.
    const std::string& source() const;

private:
    Vocab() = default;
    static Vocab build(std::vector<std::string> tokens, const std::string& source, const std::string& unk,
                       const std::string& form);
    struct Table;
    std::shared_ptr<const Table> table_;  // shared: copies are cheap and lookups keep views into it
    int unk_ = -1;
    bool unkNamed_ = false;
};

}  // namespace kann
