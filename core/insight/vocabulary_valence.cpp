#include "core/insight/vocabulary_valence.h"

#include "core/common/error.h"
#include "core/insight/statistics.h"
#include "core/pipeline/mode_colouring.h"

#include <algorithm>
#include <cmath>

namespace kann {

namespace {

bool isSpecial(const std::string& token) {
    return token.size() > 2 && ((token.front() == '<' && token.back() == '>') || (token.front() == '[' && token.back() == ']'));
}

// The lexicon form of each whole-word piece, empty for the others.
std::vector<std::string> wholeWords(const Vocab& vocab, Eigen::Index pieces) {
    std::vector<std::string> out(pieces);
    for (Eigen::Index id = 0; id < pieces; ++id) {
        const std::string& token = vocab.token(static_cast<int>(id));
        if (token.rfind("##", 0) != 0 && !isSpecial(token)) out[id] = lexiconForm(token);
    }
    return out;
}

std::vector<ValencedWord> end(std::vector<ValencedWord> words, int count, bool positive) {
    const auto n = std::min<std::size_t>(std::max(count, 0), words.size());
    const auto order = [positive](const ValencedWord& a, const ValencedWord& b) {
        return positive ? a.value > b.value : a.value < b.value;
    };
    std::partial_sort(words.begin(), words.begin() + n, words.end(), order);
    words.resize(n);
    return words;
}

}  // namespace

Eigen::VectorXd pieceValence(const KoopmanResult& r, const RowMatrixXf& table, int mode, double orientation) {
    if (!r.inputs) throw InputError("vocabulary valence", "needs the fit with inputs (--fit inputs)");
    if (mode < 0 || mode >= r.k) throw InputError("mode", std::to_string(mode) + " is outside 0.." + std::to_string(r.k - 1));
    if (table.cols() != r.inputs->dim)
        throw InputError("vocabulary valence", "the embedding has " + std::to_string(table.cols()) +
                                                   " columns, the fit's inputs " + std::to_string(r.inputs->dim));
    const Eigen::VectorXd push = (r.inputs->B * r.V.col(mode)).real() * orientation;
    return table.cast<double>() * push;
}

std::vector<ValencedWord> valencedVocabulary(const KoopmanResult& r, const Vocab& vocab, const RowMatrixXf& table,
                                             int mode, double orientation) {
    const Eigen::VectorXd valence = pieceValence(r, table, mode, orientation);
    const std::vector<std::string> words = wholeWords(vocab, std::min<Eigen::Index>(valence.size(), vocab.size()));
    std::vector<ValencedWord> scored;
    for (std::size_t id = 0; id < words.size(); ++id)
        if (!words[id].empty()) scored.push_back({words[id], valence(static_cast<Eigen::Index>(id))});
    return scored;
}

std::vector<ValencedWord> valencedVocabulary(const Exploration& e, int mode) {
    if (!e.isText() || !e.tokenizer || !e.network)
        throw InputError("vocabulary valence", "needs a text model and dataset: words exist only in texts");
    if (!e.inputs || e.inputs->index.empty())
        throw InputError("vocabulary valence", "needs the fit with inputs (--fit inputs) of a model with an embedding");
    return valencedVocabulary(e.result, e.tokenizer->vocab(), e.inputs->table, mode, modeOrientation(e, mode));
}

VocabularyValence vocabularyValence(const Exploration& e, const Lexicon& lexicon, int mode, int endWords) {
    return vocabularyValence(valencedVocabulary(e, mode), lexicon, mode, endWords);
}

VocabularyValence vocabularyValence(std::vector<ValencedWord> scored, const Lexicon& lexicon, int mode, int endWords) {
    VocabularyValence out;
    out.mode = mode;
    std::vector<double> polar, size;
    std::vector<bool> positive, member;
    for (const ValencedWord& w : scored) {
        size.push_back(std::abs(w.value));
        member.push_back(lexicon.words.count(w.word) > 0);
        if (const auto it = lexicon.polarity.find(w.word); it != lexicon.polarity.end())
            polar.push_back(w.value), positive.push_back(it->second > 0);
    }
    out.vocabularyWords = static_cast<int>(scored.size());
    out.words = static_cast<int>(polar.size());
    out.auc = rocAuc(polar, positive);
    out.membershipAuc = rocAuc(size, member);
    out.positiveEnd = end(scored, endWords, true);
    out.negativeEnd = end(std::move(scored), endWords, false);
    return out;
}

}  // namespace kann
