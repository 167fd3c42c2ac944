#pragma once
// A text source whose sequences differ in length and order: the streamed and paged routes cut such
// a batch into blocks and pages unlike the batch's own order and padding.
#include "core/pipeline/exploration.h"

#include <filesystem>
#include <fstream>
#include <random>

namespace kann::test {

// The sentiment GRU fixture (40 ids: "<unk>" and 39 words, hidden 12) on 70 generated reviews of
// 1 to 60 words, written once to a temporary folder.
inline SourceSpec variedReviews() {
    const auto dir = std::filesystem::temp_directory_path() / "kann_streamed_exploration_test";
    std::filesystem::create_directories(dir);
    std::ofstream vocab(dir / "vocab.txt");
    vocab << "<unk>\n";
    for (int i = 1; i < 40; ++i) vocab << "w" << i << "\n";
    std::mt19937 gen(4);
    std::uniform_int_distribution<int> word(1, 39), length(1, 60);
    std::ofstream data(dir / "reviews.tsv");
    for (int i = 0; i < 70; ++i) {
        data << i % 2 << "\t";
        for (int n = length(gen); n > 0; --n) data << "w" << word(gen) << (n > 1 ? " " : "\n");
    }
    SourceSpec spec;
    spec.modelPath = KANN_FIXTURES "/torch/sentiment_gru.pt";
    spec.dataPath = (dir / "reviews.tsv").string();
    spec.vocabPath = (dir / "vocab.txt").string();
    spec.selection.count = 70;
    spec.analysis.keepReduced = false;
    return spec;
}

}  // namespace kann::test
