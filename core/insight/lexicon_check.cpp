#include "core/insight/lexicon_check.h"

#include "core/common/error.h"
#include "core/data/case_fold.h"
#include "core/insight/lexicon_sums.h"
#include "core/pipeline/mode_colouring.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>

namespace kann {

namespace {

bool isAsciiPunct(char c) { return static_cast<unsigned char>(c) < 128 && std::ispunct(static_cast<unsigned char>(c)); }

// The polarity a list gives all its words by its name (Hu & Liu's positive-words.txt, negative-words.txt).
int polarityOfList(const std::string& path) {
    const std::string name = std::filesystem::path(path).filename().string();
    if (name.find("negative") != std::string::npos) return -1;
    return name.find("positive") != std::string::npos ? 1 : 0;
}

// The sign of an AFINN score after the tab, or 0 without one.
int polarityOfScore(const std::string& line) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) return 0;
    const double score = std::strtod(line.c_str() + tab + 1, nullptr);
    return (score > 0) - (score < 0);
}

// Adds the entries of one word list to the lexicon; a word given both polarities gets 0.
void readList(const std::string& path, Lexicon& lexicon) {
    std::ifstream in(path);
    if (!in) throw InputError(path, "cannot open the word list");
    const int listPolarity = polarityOfList(path);
    std::string line;
    int entries = 0;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == ';') continue;
        const std::string entry = line.substr(0, line.find('\t'));
        if (entry.find(' ') != std::string::npos) continue;  // phrases never match one word
        std::string w = lexiconForm(entry);
        if (w.empty()) continue;
        if (const int sign = listPolarity ? listPolarity : polarityOfScore(line)) {
            const auto [it, added] = lexicon.polarity.emplace(w, sign);
            if (!added && it->second != sign) it->second = 0;
        }
        lexicon.words.insert(std::move(w));
        ++entries;
    }
    if (in.bad()) throw InputError(path, "read error");
    if (entries == 0) throw InputError(path, "lists no word");
}

void checkTextAndModes(const Exploration& e, const std::vector<int>& modes, int minOccurrences) {
    if (!e.isText()) throw InputError("lexicon check", "needs a text dataset: words exist only in texts");
    if (minOccurrences < 1) throw InputError("lexicon check", "the minimum number of occurrences must be at least 1");
    for (int j : modes)
        if (j < 0 || j >= e.result.k)
            throw InputError("mode", std::to_string(j) + " is outside 0.." + std::to_string(e.result.k - 1));
}

bool hasReadout(const Exploration& e) { return e.network && e.network->info().readoutOutputs > 0; }

// The lexicons of `folder` that exist among positive-words.txt, negative-words.txt and AFINN-111.txt.
std::vector<std::string> opinionLexiconFiles(const std::string& folder) {
    std::vector<std::string> present;
    for (const char* name : {"positive-words.txt", "negative-words.txt", "AFINN-111.txt"}) {
        const auto path = std::filesystem::path(folder) / name;
        if (std::filesystem::exists(path)) present.push_back(path.string());
    }
    if (present.empty())
        throw InputError(folder, "holds none of positive-words.txt, negative-words.txt, AFINN-111.txt");
    return present;
}

}  // namespace

std::string lexiconForm(std::string_view word) {
    const std::string folded = caseFold(word).text;
    std::size_t begin = 0, end = folded.size();
    while (begin < end && isAsciiPunct(folded[begin])) ++begin;
    while (end > begin && isAsciiPunct(folded[end - 1])) --end;
    return folded.substr(begin, end - begin);
}

Lexicon readLexicon(const std::vector<std::string>& paths) {
    Lexicon lexicon;
    for (const auto& path : paths)
        for (const auto& file : std::filesystem::is_directory(path) ? opinionLexiconFiles(path) : std::vector{path}) {
            readList(file, lexicon);
            lexicon.sources.push_back(file);
        }
    for (auto it = lexicon.polarity.begin(); it != lexicon.polarity.end();)
        it = it->second == 0 ? lexicon.polarity.erase(it) : std::next(it);
    return lexicon;
}

Lexicon opinionLexicon(const std::string& folder) { return readLexicon(opinionLexiconFiles(folder)); }

LexiconSums lexiconSums(const Exploration& e, const std::vector<int>& modes, int minOccurrences) {
    checkTextAndModes(e, modes, minOccurrences);
    const KoopmanResult& r = e.result;
    std::vector<int> all(r.batch);
    std::iota(all.begin(), all.end(), 0);
    LexiconSums sums(modes);
    sums.add({r, e.states, e.tokenized, all, hasReadout(e) ? e.network.get() : nullptr,
              e.network && e.network->info().timeReversed});
    return sums;
}

LexiconCheck lexiconCheck(const Exploration& e, const Lexicon& lexicon, const std::vector<int>& modes,
                          int minOccurrences) {
    return lexiconSums(e, modes, minOccurrences).check(lexicon, minOccurrences);
}

int bestLexiconMode(const LexiconCheck& check) {
    int best = -1;
    for (std::size_t m = 0; m < check.modeAuc.size(); ++m)
        if (std::isfinite(check.modeAuc[m]) && (best < 0 || check.modeAuc[m] > check.modeAuc[best]))
            best = static_cast<int>(m);
    return best < 0 ? -1 : check.modes[best];
}

SignedEnds signedEnds(const Exploration& e, int mode, int count, int minOccurrences) {
    return lexiconSums(e, {mode}, minOccurrences).ends(mode, modeOrientation(e, mode), count, minOccurrences);
}

}  // namespace kann
