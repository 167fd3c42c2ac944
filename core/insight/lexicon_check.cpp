#include "core/insight/lexicon_check.h"

#include "core/common/error.h"
#include "core/data/case_fold.h"
#include "core/insight/statistics.h"
#include "core/pipeline/mode_colouring.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unordered_map>

namespace kann {

namespace {

// Per sequence, one value per word of its tokenized text (NaN where undefined).
using WordTable = std::vector<std::vector<float>>;

struct Occurrence {
    int seq = 0, word = 0;
};

struct BatchWord {
    std::string word;
    std::vector<Occurrence> at;
};

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

bool validOccurrence(const Exploration& e, int seq, const Word& w) {
    const int end = w.firstPiece + w.pieceCount;
    return w.pieceCount > 0 && end <= e.states.lengths[seq] && end <= e.result.lengths[seq];
}

// Distinct words with at least `minOccurrences` valid occurrences, by first occurrence.
std::vector<BatchWord> batchWords(const Exploration& e, int minOccurrences) {
    std::vector<BatchWord> all;
    std::unordered_map<std::string, std::size_t> index;
    for (int seq = 0; seq < static_cast<int>(e.tokenized.size()); ++seq) {
        const TokenizedText& text = e.tokenized[seq];
        for (int w = 0; w < static_cast<int>(text.words.size()); ++w) {
            const Word& word = text.words[w];
            if (!validOccurrence(e, seq, word)) continue;
            std::string form = lexiconForm(std::string_view(text.text).substr(word.begin, word.end - word.begin));
            if (form.empty()) continue;
            auto [it, added] = index.emplace(form, all.size());
            if (added) all.push_back({std::move(form), {}});
            all[it->second].at.push_back({seq, w});
        }
    }
    std::vector<BatchWord> kept;
    for (auto& w : all)
        if (static_cast<int>(w.at.size()) >= minOccurrences) kept.push_back(std::move(w));
    return kept;
}

WordTable modeTable(const Exploration& e, int mode, Colouring c) {
    WordTable table;
    for (int seq = 0; seq < e.result.batch; ++seq) table.push_back(wordValues(e, seq, mode, c));
    return table;
}

// ‖x(last piece) - x(before the first piece)‖ per word; `rows` holds x for every [b][t], `start`
// is x before the first step.
WordTable changeTable(const Exploration& e, const RowMatrixXf& rows, const Eigen::RowVectorXf& start) {
    WordTable table;
    for (int seq = 0; seq < e.result.batch; ++seq) {
        const auto& words = e.tokenized[seq].words;
        const Eigen::Index base = static_cast<Eigen::Index>(seq) * e.states.time;
        std::vector<float> values(words.size(), std::numeric_limits<float>::quiet_NaN());
        for (std::size_t w = 0; w < words.size(); ++w) {
            if (!validOccurrence(e, seq, words[w])) continue;
            const int first = words[w].firstPiece, last = first + words[w].pieceCount - 1;
            const Eigen::RowVectorXf before = first > 0 ? Eigen::RowVectorXf(rows.row(base + first - 1)) : start;
            values[w] = (rows.row(base + last) - before).norm();
        }
        table.push_back(std::move(values));
    }
    return table;
}

double meanOver(const WordTable& table, const BatchWord& w) {
    double sum = 0;
    for (const Occurrence& o : w.at) sum += table[o.seq][o.word];
    return sum / static_cast<double>(w.at.size());
}

// AUC of one score per word (NaN scores left out) for membership in the lexicon.
template <class Score>
double lexiconAuc(const std::vector<WordScores>& words, Score score) {
    std::vector<double> scores;
    std::vector<bool> member;
    for (const WordScores& w : words)
        if (const double s = score(w); std::isfinite(s)) scores.push_back(s), member.push_back(w.inLexicon);
    return rocAuc(scores, member);
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

LexiconCheck lexiconCheck(const Exploration& e, const Lexicon& lexicon, const std::vector<int>& modes,
                          int minOccurrences) {
    checkTextAndModes(e, modes, minOccurrences);
    LexiconCheck check;
    check.minOccurrences = minOccurrences;
    check.modes = modes;
    const std::vector<BatchWord> words = batchWords(e, minOccurrences);
    std::vector<WordTable> kicks;
    for (int j : modes) kicks.push_back(modeTable(e, j, Colouring::Kick));
    const RowMatrixXf hidden = e.states.matrix();
    const WordTable hiddenChange = changeTable(e, hidden, Eigen::RowVectorXf::Zero(e.states.dim));
    WordTable logitChange;
    if (hasReadout(e))
        logitChange = changeTable(e, e.network->readout(hidden),
                                  e.network->readout(RowMatrixXf::Zero(1, e.states.dim)).row(0));

    for (const BatchWord& w : words) {
        WordScores s;
        s.word = w.word;
        s.occurrences = static_cast<int>(w.at.size());
        s.inLexicon = lexicon.words.count(w.word) > 0;
        for (const WordTable& table : kicks) s.kick.push_back(meanOver(table, w));
        s.hiddenChange = meanOver(hiddenChange, w);
        if (!logitChange.empty()) s.logitChange = meanOver(logitChange, w);
        check.lexiconWords += s.inLexicon;
        check.words.push_back(std::move(s));
    }
    for (std::size_t m = 0; m < modes.size(); ++m)
        check.modeAuc.push_back(lexiconAuc(check.words, [m](const WordScores& w) { return w.kick[m]; }));
    check.hiddenChangeAuc = lexiconAuc(check.words, [](const WordScores& w) { return w.hiddenChange; });
    check.logitChangeAuc = lexiconAuc(check.words, [](const WordScores& w) { return w.logitChange; });
    return check;
}

int bestLexiconMode(const LexiconCheck& check) {
    int best = -1;
    for (std::size_t m = 0; m < check.modeAuc.size(); ++m)
        if (std::isfinite(check.modeAuc[m]) && (best < 0 || check.modeAuc[m] > check.modeAuc[best]))
            best = static_cast<int>(m);
    return best < 0 ? -1 : check.modes[best];
}

SignedEnds signedEnds(const Exploration& e, int mode, int count, int minOccurrences) {
    checkTextAndModes(e, {mode}, minOccurrences);
    const WordTable table = modeTable(e, mode, Colouring::Signed);
    std::vector<WordValue> values;
    for (const BatchWord& w : batchWords(e, minOccurrences))
        values.push_back({w.word, static_cast<int>(w.at.size()), meanOver(table, w)});
    std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.value > b.value; });
    SignedEnds ends;
    ends.mode = mode;
    const std::size_t n = std::min<std::size_t>(std::max(count, 0), values.size());
    ends.top.assign(values.begin(), values.begin() + n);
    ends.bottom.assign(values.rbegin(), values.rbegin() + n);
    return ends;
}

}  // namespace kann
