#pragma once
// The paper's qualitative claim as a number: do a mode's word kicks single out opinion words?
// Each word occurrence is scored by what it changed in mode j, |φ_j(after) - λ_j^n φ_j(before)|
// (n = its pieces), averaged per distinct word; the ROC AUC of that score for membership in an
// opinion lexicon is 0.5 by chance whatever the batch. Two baselines need no Koopman analysis: the
// hidden-state change ‖Δh‖ over the word and the change of the readout's logit.
#include "core/pipeline/exploration.h"

#include <limits>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kann {

// A word as the lexicons and the batch are compared: NFKC case folded, leading and trailing ASCII
// punctuation removed ("Great!" -> "great", "2-faced" stays). Empty for punctuation only.
std::string lexiconForm(std::string_view word);

struct Lexicon {
    std::vector<std::string> sources;  // the files read
    std::set<std::string> words;       // in lexiconForm
    std::map<std::string, int> polarity;  // +1 or -1 where the lists say; words listed both ways are left out
};

// Reads word lists: one entry per line, "word" (Hu & Liu) or "word<TAB>score" (AFINN). Blank lines,
// ';' comments (the original Hu & Liu headers) and multi-word phrases are skipped. Polarity comes
// from an AFINN score's sign, or from a file name holding "positive" or "negative" (Hu & Liu's).
// A folder stands for its opinionLexicon files. Throws InputError(path, ...) when a file is missing or lists no word.
Lexicon readLexicon(const std::vector<std::string>& paths);

// The lexicons of `folder` that exist among positive-words.txt, negative-words.txt and AFINN-111.txt.
// Throws InputError(folder, ...) when it holds none of them.
Lexicon opinionLexicon(const std::string& folder);

// One distinct word of the batch with its mean scores.
struct WordScores {
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    std::string word;             // lexiconForm
    int occurrences = 0;
    bool inLexicon = false;
    std::vector<double> kick;     // mean kick per checked mode (LexiconCheck::modes order)
    double hiddenChange = kNone;  // mean ‖h(after) - h(before)‖
    double logitChange = kNone;   // mean ‖logit(after) - logit(before)‖; NaN without readout
};

struct LexiconCheck {
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    int minOccurrences = 3;
    std::vector<int> modes;              // the modes checked
    std::vector<double> modeAuc;         // per checked mode: AUC of its mean kick for lexicon membership
    double hiddenChangeAuc = kNone;      // baseline ‖Δh‖
    double logitChangeAuc = kNone;       // baseline |Δ logit|; NaN without readout
    int lexiconWords = 0;                // words of the table the lexicon lists
    std::vector<WordScores> words;       // every distinct word with >= minOccurrences, by first occurrence
};

// Scores every word of a text exploration for the given modes and the two baselines.
// Throws InputError when the exploration is not text, a mode is out of range, or minOccurrences < 1.
// AUCs are NaN when the lexicon lists none or all of the words.
LexiconCheck lexiconCheck(const Exploration& e, const Lexicon& lexicon, const std::vector<int>& modes,
                          int minOccurrences = 3);

class LexiconSums;
// The lexicon sums (lexicon_sums.h) of the batch held, gathered as one block, for `modes`.
// Throws as lexiconCheck.
LexiconSums lexiconSums(const Exploration& e, const std::vector<int>& modes, int minOccurrences = 1);

// The mode checked with the highest AUC, or -1.
int bestLexiconMode(const LexiconCheck& check);

struct WordValue {
    std::string word;
    int occurrences = 0;
    double value = 0;  // mean Signed value of the mode at the word's last piece
};

// The two ends of mode j's signed scale (Re φ_j oriented with the readout): the `count` words with
// the highest and the lowest mean value, among words with >= minOccurrences.
struct SignedEnds {
    int mode = 0;
    std::vector<WordValue> top, bottom;  // top: highest first; bottom: lowest first
};
SignedEnds signedEnds(const Exploration& e, int mode, int count = 10, int minOccurrences = 3);

}  // namespace kann
