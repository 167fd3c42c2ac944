#pragma once
// Builds a WordPiece vocabulary from training texts, for the tokenizer of wordpiece.h (case
// folding, whitespace split, greedy longest match with "##" continuations).
#include <cstddef>
#include <string>
#include <vector>

namespace kann {

struct VocabBuildOptions {
    std::size_t maxTokens = 8000;  // total, "<unk>" included
    std::size_t minCount = 2;      // pieces seen fewer times are left out
};

// "<unk>" first, then the characters seen (each also as a "##" continuation), so no word of known
// characters becomes <unk>, then the most frequent pieces: each whitespace word of the folded
// text split into runs of letters/digits/apostrophes and single punctuation marks; a run that
// starts a word is a piece as it is, one that follows a mark is a "##" continuation. Ties go
// alphabetically, so the same texts always give the same vocabulary.
std::vector<std::string> buildWordPieceVocab(const std::vector<std::string>& texts, const VocabBuildOptions& options = {});

// Writes one token per line (id = line number). Throws InputError(path, ...) when it cannot.
void writeVocab(const std::string& path, const std::vector<std::string>& tokens);

}  // namespace kann
