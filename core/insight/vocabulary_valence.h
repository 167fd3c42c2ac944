#pragma once
// What a fit with inputs says about every word, not only those of the batch: the push a vocabulary
// piece's embedding row e gives mode j is e·B·v_j, so Re(e·B·v_j), oriented like the signed
// colouring (positive goes with the readout's positive class), is that piece's valence for the mode.
// Its lexicon AUCs ask whether the valence sorts positive words from negative ones (polarity) and
// whether its size singles out opinion words at all (membership, as the kick AUC does).
#include "core/insight/lexicon_check.h"

#include <limits>
#include <string>
#include <vector>

namespace kann {

// orientation·Re(table·B·v_j): one valence per row of the embedding table (vocab x input dim).
// Throws InputError when the result has no input terms or the table is not of the fit's input dim.
Eigen::VectorXd pieceValence(const KoopmanResult& r, const RowMatrixXf& table, int mode, double orientation);

struct ValencedWord {
    std::string word;
    double value = 0;
};

struct VocabularyValence {
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    int mode = 0;
    double auc = kNone;            // P(valence of a positive lexicon word > that of a negative one)
    double membershipAuc = kNone;  // AUC of |valence| for being in the lexicon at all
    int words = 0;                 // lexicon words with a polarity among the vocabulary's words (auc's)
    int vocabularyWords = 0;       // whole-word pieces scored (membershipAuc's)
    std::vector<ValencedWord> positiveEnd, negativeEnd;  // most positive first; most negative first
};

// Every whole-word piece of the vocabulary (not "##" continuations, "<...>" or "[...]" specials, or
// punctuation) with its valence for mode j, in vocabulary order: the list vocabularyValence scores.
// Throws InputError when the exploration is not text, has no input terms, or j is out of range.
std::vector<ValencedWord> valencedVocabulary(const Exploration& e, int mode);

// valencedVocabulary from the fit's B, the vocabulary and its embedding table alone (a streamed run
// holds no batch), oriented by `orientation` (modeOrientation). Throws as pieceValence.
std::vector<ValencedWord> valencedVocabulary(const KoopmanResult& r, const Vocab& vocab, const RowMatrixXf& table,
                                             int mode, double orientation);

// The lexicon AUCs and ends of `scored` (valencedVocabulary's list for `mode`).
VocabularyValence vocabularyValence(std::vector<ValencedWord> scored, const Lexicon& lexicon, int mode, int endWords = 10);

// The valence of the vocabulary's whole-word pieces (not "##" continuations, "<...>" or "[...]"
// specials, or punctuation) for mode j of a text exploration fitted with inputs.
// Throws InputError when the exploration is not text, has no input terms, or j is out of range.
VocabularyValence vocabularyValence(const Exploration& e, const Lexicon& lexicon, int mode, int endWords = 10);

}  // namespace kann
