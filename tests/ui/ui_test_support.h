#pragma once
// Explorations with a known answer for the widget tests: hidden states of a linear system whose
// eigenvalues are chosen by hand, analysed by the real core, with hand-made "reviews" on top.
#include "core/io/npy.h"
#include "core/pipeline/exploration.h"

#include <Eigen/Dense>
#include <QFile>
#include <QString>
#include <QStringList>
#include <cmath>
#include <memory>
#include <random>
#include <sstream>

namespace kann::test {

// The system's eigenvalues: two conjugate pairs and two real values (all distinct moduli).
inline std::vector<std::complex<double>> knownSpectrum() {
    return {std::polar(0.95, 0.3), std::polar(0.95, -0.3), 0.9, std::polar(0.8, 1.2),
            std::polar(0.8, -1.2), -0.5};
}

// A (row-vector convention z_{t+1} = z_t A) with knownSpectrum(), in a random basis.
inline Eigen::MatrixXd knownSystem(std::mt19937& rng) {
    const auto l = knownSpectrum();
    Eigen::MatrixXd block = Eigen::MatrixXd::Zero(6, 6);
    auto rotation = [&block](int at, std::complex<double> z) {
        block(at, at) = z.real();
        block(at, at + 1) = z.imag();
        block(at + 1, at) = -z.imag();
        block(at + 1, at + 1) = z.real();
    };
    rotation(0, l[0]);
    block(2, 2) = 0.9;
    rotation(3, l[3]);
    block(5, 5) = -0.5;
    std::normal_distribution<double> n;
    Eigen::MatrixXd basis(6, 6);
    for (int i = 0; i < 36; ++i) basis(i) = n(rng);
    return basis.inverse() * block * basis;
}

// "excel|##lent" is one word of two pieces.
inline TokenizedText tokenized(const QStringList& words) {
    TokenizedText t;
    for (const QString& w : words) {
        const QStringList pieces = w.split('|');
        Word word;
        word.begin = t.text.size();
        word.firstPiece = static_cast<int>(t.pieces.size());
        word.pieceCount = static_cast<int>(pieces.size());
        for (const QString& p : pieces) {
            TokenPiece piece;
            piece.id = static_cast<int>(t.pieces.size()) + 5;
            piece.piece = p.toStdString();
            piece.word = static_cast<int>(t.words.size());
            t.pieces.push_back(piece);
        }
        t.text += QString(w).remove('|').remove("##").toStdString();
        word.end = t.text.size();
        t.words.push_back(word);
        t.text += ' ';
    }
    return t;
}

inline QStringList wordsOfLength(int n) {
    static const QStringList vocabulary = {"the", "film", "was", "excel|##lent", "and", "the", "acting",
                                           "superb", "but", "plot", "awful", "waste", "of", "time"};
    QStringList words;
    for (int i = 0; i < n; ++i) words << vocabulary[i % vocabulary.size()];
    return words;
}

// States of the known system driven by a small kick per step (so every sequence differs),
// padded to the longest sequence.
inline HiddenStates linearStates(const std::vector<int>& lengths, unsigned seed = 7) {
    std::mt19937 rng(seed);
    const Eigen::MatrixXd a = knownSystem(rng);
    std::normal_distribution<double> n;
    const int time = *std::max_element(lengths.begin(), lengths.end());
    HiddenStates s = HiddenStates::zeros(static_cast<int>(lengths.size()), time, 6);
    s.lengths = lengths;
    for (int b = 0; b < s.batch; ++b) {
        Eigen::RowVectorXd z(6);
        for (int i = 0; i < 6; ++i) z(i) = n(rng);
        for (int t = 0; t < lengths[b]; ++t) {
            for (int i = 0; i < 6; ++i) s.row(b, t)[i] = static_cast<float>(z(i));
            z = z * a;
        }
    }
    return s;
}

// A text exploration of `reviews` reviews with the given numbers of words, k = 6.
inline std::shared_ptr<const Exploration> textExploration(const std::vector<int>& wordCounts = {12, 20, 16}) {
    auto e = std::make_shared<Exploration>();
    std::vector<int> lengths;
    for (int w : wordCounts) {
        e->tokenized.push_back(tokenized(wordsOfLength(w)));
        lengths.push_back(static_cast<int>(e->tokenized.back().pieces.size()));
    }
    e->states = linearStates(lengths);
    e->input.kind = InputBatch::Kind::Tokens;
    e->input.batch = e->states.batch;
    e->input.time = e->states.time;
    e->input.lengths = lengths;
    for (int b = 0; b < e->input.batch; ++b) {
        e->input.labels.push_back(b % 2);
        e->input.rows.push_back(b);
    }
    e->input.tokens.assign(static_cast<std::size_t>(e->input.batch) * e->input.time, 1);
    AnalysisOptions options;
    options.k = 6;
    e->result = analyze(e->states, options);
    return e;
}

// A series exploration: the first state coordinate is the "signal".
inline std::shared_ptr<const Exploration> seriesExploration() {
    auto e = std::make_shared<Exploration>();
    e->states = linearStates({40, 40, 32, 40});
    e->input.kind = InputBatch::Kind::Series;
    e->input.batch = e->states.batch;
    e->input.time = e->states.time;
    e->input.lengths = e->states.lengths;
    e->input.labels.assign(e->input.batch, -1);
    for (int b = 0; b < e->input.batch; ++b)
        for (int t = 0; t < e->input.time; ++t) e->input.values.push_back(e->states.row(b, t)[0]);
    AnalysisOptions options;
    options.k = 6;
    e->result = analyze(e->states, options);
    return e;
}

// Saved states of the known system (four sequences of 18-30 steps) written into `folder`, and
// the spec that analyses them with k = 6.
inline SourceSpec savedStatesSpec(const QString& folder) {
    const HiddenStates states = linearStates({30, 25, 30, 18});
    const std::string s = (folder + "/states.npy").toStdString(), l = (folder + "/lengths.npy").toStdString();
    writeStatesNpy(states, s, l);
    SourceSpec spec;
    spec.statesPath = s;
    spec.lengthsPath = l;
    spec.analysis.k = 6;
    return spec;
}

// Shows `window` (a MainWindow) and runs the analysis of `spec` in it to the end.
template <class Window>
void showAnalysed(Window& window, const SourceSpec& spec) {
    window.show();
    window.run(spec);
    window.waitForAnalysis();
}

// Index of the first eigenvalue with a conjugate partner.
inline int firstComplex(const KoopmanResult& r) {
    for (int j = 0; j < r.k; ++j)
        if (r.partner[j] >= 0) return j;
    return -1;
}

// The PyTorch-made sentiment fixture (one logit) on a dozen words of its vocabulary, in eight short
// reviews written to `folder`.
inline SourceSpec sentimentFixture(const QString& folder) {
    const QStringList words = {"good", "bad", "great", "awful", "movie", "film", "the", "acting", "actor", "plot", "dull", "fun"};
    QFile vocab(folder + "/vocab.txt"), data(folder + "/reviews.tsv");
    vocab.open(QIODevice::WriteOnly);
    vocab.write(("<unk>\n" + words.join('\n') + '\n').toUtf8());
    data.open(QIODevice::WriteOnly);
    for (int i = 0; i < 8; ++i) {
        QStringList review;
        for (int w = 0; w < 6 + i; ++w) review << words[(i * 5 + w * 7) % words.size()];
        data.write(QStringLiteral("%1\t%2\n").arg(i % 2).arg(review.join(' ')).toUtf8());
    }
    SourceSpec spec;
    spec.modelPath = KANN_FIXTURES "/torch/sentiment_gru.pt";
    spec.dataPath = data.fileName().toStdString();
    spec.vocabPath = vocab.fileName().toStdString();
    return spec;
}

}  // namespace kann::test
