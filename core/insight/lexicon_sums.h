#pragma once
// The lexicon check and the signed ends as sums over the words of a text batch, gathered a block of
// sequences at a time: per distinct word its occurrences and the sums of each of its scores. A held
// batch is one block, a streamed run adds each block of its last pass, the processes of an MPI job
// merge theirs. How one occurrence is scored is defined here once, for all of them.
#include "core/insight/lexicon_check.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace kann {

// What the scores of a block of a text batch's sequences read. Sequence b of the block is row b of
// `states`, text b of `texts` and sequence sequences[b] of the batch. φ of the summed modes comes
// from the states, (h - mean)·P·v_j, the same arithmetic whether the batch is held or streamed.
struct WordBlock {
    const KoopmanResult& result;                  // the whole batch's analysis (lengths by batch index)
    const HiddenStates& states;
    const std::vector<TokenizedText>& texts;
    const std::vector<int>& sequences;
    const Network* readout = nullptr;             // for the logit change; null without a readout
    bool timeReversed = false;                    // NetworkInfo::timeReversed
};

class LexiconSums {
public:
    LexiconSums() = default;
    // Sums, per word, the kick (Colouring::Kick) and the value (Re φ_j at its last piece, not yet
    // oriented) of each of `modes`, the hidden change and, with a readout, the logit change.
    explicit LexiconSums(std::vector<int> modes);

    // Adds every word occurrence of the block's sequences whose pieces all lie in their valid steps.
    // Throws InputError when a mode is outside the result's modes.
    void add(const WordBlock& block);
    // Adds the sums of another part of the same batch (disjoint sequences). Throws InputError when
    // their modes differ.
    void merge(const LexiconSums& other);

    // The sums as bytes (this machine's byte order), to ship between processes, and back. Throws
    // InputError("lexicon sums", ...) for bytes that are not such sums.
    std::string serialized() const;
    static LexiconSums deserialized(const std::string& bytes);

    const std::vector<int>& modes() const { return modes_; }
    // The lexicon check of the words with >= minOccurrences (lexiconCheck's definition), listed by
    // first occurrence in the batch. Throws InputError when minOccurrences < 1.
    LexiconCheck check(const Lexicon& lexicon, int minOccurrences) const;
    // The ends of the signed scale of `mode` (one of modes()), its values times `orientation`
    // (modeOrientation): signedEnds's definition. Throws InputError for a mode not summed.
    SignedEnds ends(int mode, double orientation, int count, int minOccurrences) const;

private:
    struct Sums {
        std::int64_t occurrences = 0;
        int firstSequence = 0, firstWord = 0;  // where the batch first has it: the order words are listed in
        std::vector<double> kick, value;       // per mode of modes_
        double hiddenChange = 0, logitChange = 0;
    };
    using Table = std::unordered_map<std::string, Sums>;

    Sums& entry(const std::string& word, int sequence, int w);
    // The words with >= minOccurrences, by first occurrence.
    std::vector<std::pair<const std::string*, const Sums*>> listed(int minOccurrences) const;

    std::vector<int> modes_;
    bool logits_ = false;  // a block had a readout: the logit change is summed
    Table words_;
};

}  // namespace kann
