#pragma once
// Real models on batches of varied lengths, written to a temporary folder: a streamed run cuts them
// into blocks by length that differ from the batch's order and padding.
#include "core/io/npz.h"
#include "core/pipeline/exploration.h"
#include "test_support.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace kann::test {

// The sentiment GRU fixture (40 ids: "<unk>" and 39 words, hidden 12) on 70 generated reviews of
// 1 to 60 words, labelled 0 and 1 in turn.
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

// The ECG GRU autoencoder fixture on 50 random-walk series of 3 to 40 steps, labelled 0 and 1 in turn.
inline SourceSpec variedBeats() {
    const auto dir = std::filesystem::temp_directory_path() / "kann_streamed_beats_test";
    std::filesystem::create_directories(dir);
    const int batch = 50, time = 40;
    std::mt19937 gen(9);
    std::normal_distribution<float> step(0.0f, 0.3f);
    std::uniform_int_distribution<std::int64_t> length(3, time);
    std::vector<float> x(static_cast<std::size_t>(batch) * time, 0.0f);
    std::vector<std::int64_t> lengths(batch), labels(batch);
    for (int b = 0; b < batch; ++b) {
        lengths[b] = length(gen);
        labels[b] = b % 2;
        float v = 0;
        for (int t = 0; t < lengths[b]; ++t) x[static_cast<std::size_t>(b) * time + t] = v += step(gen);
    }
    const std::string path = (dir / "beats.npz").string();
    writeNpz(path, {{"x", NpyArray::from({batch, time}, x)},
                    {"lengths", NpyArray::from({batch}, lengths)},
                    {"labels", NpyArray::from({batch}, labels)}});
    SourceSpec spec;
    spec.modelPath = KANN_FIXTURES "/torch/ecg_gru.pt";
    spec.dataPath = path;
    spec.selection.count = batch;
    spec.analysis.keepReduced = false;
    return spec;
}

}  // namespace kann::test
