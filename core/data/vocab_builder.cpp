#include "core/data/vocab_builder.h"

#include "core/common/error.h"
#include "core/data/case_fold.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

namespace kann {

namespace {

bool isMark(std::int32_t c) { return c < 128 && c != '\'' && !std::isalnum(c) && c > ' '; }

using Counts = std::map<std::string, std::size_t>;

// Counts the pieces of one whitespace-free word; characters go to `chars`.
void countWord(std::string_view word, Counts& pieces, Counts& chars) {
    std::size_t pos = 0, runStart = 0;
    bool afterMark = false;
    auto flushRun = [&](std::size_t end) {
        if (end > runStart) ++pieces[(afterMark ? "##" : "") + std::string(word.substr(runStart, end - runStart))];
    };
    while (pos < word.size()) {
        const std::size_t begin = pos;
        const std::int32_t c = nextCodePoint(word, pos);
        ++chars[std::string(word.substr(begin, pos - begin))];
        if (!isMark(c)) continue;
        flushRun(begin);
        ++pieces[(begin > 0 ? "##" : "") + std::string(word.substr(begin, pos - begin))];
        afterMark = true;
        runStart = pos;
    }
    flushRun(word.size());
}

// Keys of `counts` with at least minCount, most frequent first, ties alphabetically.
std::vector<std::string> byFrequency(const Counts& counts, std::size_t minCount) {
    std::vector<std::pair<std::size_t, std::string>> ranked;
    for (const auto& [key, n] : counts)
        if (n >= minCount) ranked.emplace_back(n, key);
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::string> out;
    for (auto& r : ranked) out.push_back(std::move(r.second));
    return out;
}

}  // namespace

std::vector<std::string> buildWordPieceVocab(const std::vector<std::string>& texts, const VocabBuildOptions& options) {
    Counts pieces, chars;
    for (const std::string& text : texts) {
        const std::string folded = caseFold(text).text;
        std::size_t pos = 0, wordStart = 0;
        while (pos <= folded.size()) {
            const std::size_t begin = pos;
            const bool end = pos == folded.size();
            if (end || isUnicodeWhitespace(static_cast<char32_t>(nextCodePoint(folded, pos)))) {
                if (begin > wordStart) countWord(std::string_view(folded).substr(wordStart, begin - wordStart), pieces, chars);
                wordStart = pos;
                if (end) break;
            }
        }
    }
    std::vector<std::string> vocab{"<unk>"};
    std::set<std::string> taken(vocab.begin(), vocab.end());
    auto add = [&](const std::string& token) {
        if (vocab.size() < options.maxTokens && taken.insert(token).second) vocab.push_back(token);
    };
    for (const std::string& c : byFrequency(chars, options.minCount)) {
        add(c);
        add("##" + c);
    }
    for (const std::string& p : byFrequency(pieces, options.minCount)) add(p);
    return vocab;
}

void writeVocab(const std::string& path, const std::vector<std::string>& tokens) {
    std::ofstream out(path, std::ios::binary);
    if (!out) throw InputError(path, "cannot create the file");
    for (const std::string& t : tokens) out << t << '\n';
    if (!out) throw InputError(path, "write error");
}

}  // namespace kann
