#include "core/dynamics/fixed_point_study.h"

#include "core/common/error.h"
#include "core/models/recurrent_network.h"

#include <cmath>
#include <random>

namespace kann {

namespace {

const RecurrentParts& recurrentParts(const Exploration& e) {
    const auto* net = dynamic_cast<const RecurrentNetwork*>(e.network.get());
    if (!net) {
        const std::string source = e.spec.modelPath.empty() ? e.spec.statesPath : e.spec.modelPath;
        throw InputError(source, e.network ? "fixed points need the cell's equations: give a state-dict checkpoint "
                                             "of RNN, GRU or LSTM cells, not a TorchScript module"
                                           : "fixed points need the model: give --model and --data, not saved states");
    }
    return net->parts();
}

// States of `layer` (h, or h and c) after every step of the batch, as rows [b][t].
HiddenStates layerStates(const Exploration& e, const RecurrentParts& parts, int layer, bool hiddenAndCell,
                         const Progress& progress) {
    const InputBatch& in = e.input;
    const UnrollRequest request{layer, hiddenAndCell};
    if (in.kind == InputBatch::Kind::Tokens)
        return parts.encoder->run(parts.embedding, in.tokens, in.time, in.lengths, request, progress);
    const Eigen::Map<const RowMatrixXf> series(in.values.data(), static_cast<Eigen::Index>(in.batch) * in.time, in.features);
    return parts.encoder->run(series, in.time, in.lengths, request, progress);
}

template <typename RowOf>
Eigen::VectorXd meanOverValidSteps(const InputBatch& in, int width, RowOf row) {
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(width);
    std::int64_t n = 0;
    for (int b = 0; b < in.batch; ++b)
        for (int t = 0; t < in.lengths[b]; ++t, ++n) sum += row(static_cast<std::int64_t>(b) * in.time + t);
    return sum / static_cast<double>(std::max<std::int64_t>(n, 1));
}

Eigen::VectorXd meanInput(const Exploration& e, const RecurrentParts& parts, int layer, const Progress& progress) {
    const InputBatch& in = e.input;
    if (layer > 0) {
        const HiddenStates below = layerStates(e, parts, layer - 1, false, progress);
        return meanOverValidSteps(in, below.dim, [&](std::int64_t r) {
            return Eigen::Map<const Eigen::VectorXf>(below.values.data() + r * below.dim, below.dim).cast<double>().eval();
        });
    }
    if (in.kind == InputBatch::Kind::Tokens)
        return meanOverValidSteps(in, static_cast<int>(parts.embedding.cols()),
                                  [&](std::int64_t r) { return parts.embedding.row(in.tokens[r]).transpose().cast<double>().eval(); });
    return meanOverValidSteps(in, in.features, [&](std::int64_t r) {
        return Eigen::Map<const Eigen::VectorXf>(in.values.data() + r * in.features, in.features).cast<double>().eval();
    });
}

Eigen::VectorXd tokenInput(const Exploration& e, const RecurrentParts& parts, int layer, const std::string& word,
                           std::string& described) {
    if (parts.embedding.size() == 0)
        throw InputError("--input", "'" + word + "' is a word, but this model reads a series: use zero or mean");
    if (!e.tokenizer) throw InputError("--input", "a word needs the model's vocabulary (--vocab)");
    if (layer > 0)
        throw InputError("--input", "a word is an input to layer 0; layer " + std::to_string(layer) +
                                        " is analysed: use zero or mean");
    const TokenizedText t = e.tokenizer->tokenize(word);
    if (t.pieces.size() != 1 || t.pieces[0].id == e.tokenizer->vocab().unkId()) {
        std::string pieces;
        for (const TokenPiece& p : t.pieces) pieces += (pieces.empty() ? "" : " ") + p.piece;
        throw InputError("--input", "'" + word + "' is not one token of the vocabulary (it becomes: " +
                                        (pieces.empty() ? "nothing" : pieces) + ")");
    }
    const int id = t.pieces[0].id;
    if (id >= parts.embedding.rows())
        throw InputError("--input", "token '" + word + "' has id " + std::to_string(id) + ", outside the embedding");
    described = "the embedding of '" + t.pieces[0].piece + "' (id " + std::to_string(id) + ")";
    return parts.embedding.row(id).transpose().cast<double>();
}

// Rows drawn uniformly from the valid steps, with Gaussian noise scaled to the states' RMS.
RowMatrixXd sampleStarts(const HiddenStates& states, const FixedPointStudyOptions& o) {
    std::vector<std::int64_t> valid;
    for (int b = 0; b < states.batch; ++b)
        for (int t = 0; t < states.lengths[b]; ++t) valid.push_back(static_cast<std::int64_t>(b) * states.time + t);
    std::mt19937_64 rng(o.seed);
    std::uniform_int_distribution<std::size_t> pick(0, valid.size() - 1);
    RowMatrixXd starts(o.starts, states.dim);
    const auto all = states.matrix();
    for (int i = 0; i < o.starts; ++i) starts.row(i) = all.row(valid[pick(rng)]).cast<double>();
    const double rms = std::sqrt(starts.squaredNorm() / std::max<double>(1, starts.size()));
    std::normal_distribution<double> gauss(0.0, o.noise * rms);
    for (Eigen::Index i = 0; i < starts.size(); ++i) starts.data()[i] += gauss(rng);
    return starts;
}

void checkOptions(const FixedPointStudyOptions& o) {
    if (o.starts < 1) throw InputError("--starts", "must be at least 1");
    if (!(o.search.tolerance > 0)) throw InputError("--tolerance", "must be positive");
    if (!(o.search.slowTolerance >= o.search.tolerance))
        throw InputError("--slow-tolerance", "must be at least --tolerance");
    if (!(o.noise >= 0)) throw InputError("--noise", "must not be negative");
}

RowMatrixXd analysedRows(const std::vector<FixedPoint>& a, const std::vector<FixedPoint>& b, int dim) {
    RowMatrixXd rows(a.size() + b.size(), dim);
    Eigen::Index i = 0;
    for (const auto* set : {&a, &b})
        for (const FixedPoint& p : *set) rows.row(i++) = p.state.head(dim).transpose();
    return rows;
}

}  // namespace

Eigen::MatrixXd slowDirection(const FixedPoint& p, int analysedDim) {
    const Eigen::VectorXcd v = p.linear.right.head(analysedDim);
    const bool complex = p.linear.slowestEigenvalue().imag() != 0;
    Eigen::MatrixXd d(analysedDim, complex ? 2 : 1);
    d.col(0) = v.real();
    if (complex) d.col(1) = v.imag();
    return d;
}

FixedPointStudy studyFixedPoints(const Exploration& e, const FixedPointStudyOptions& o, const Progress& progress) {
    checkOptions(o);
    const RecurrentParts& parts = recurrentParts(e);
    FixedPointStudy s;
    s.layer = parts.info.analysedLayer;
    const CellMap map(parts.encoder->weights(s.layer));
    s.cell = cellName(map.type());
    s.stateDim = map.stateDim();
    s.analysedDim = e.result.dim;

    Eigen::VectorXd x;
    if (o.input == "zero") {
        x = Eigen::VectorXd::Zero(map.inputSize());
        s.input = "zero";
    } else if (o.input == "mean") {
        x = meanInput(e, parts, s.layer, progress);
        s.input = "the mean input over the batch's " + std::to_string(e.input.batch) + " sequences";
    } else {
        x = tokenInput(e, parts, s.layer, o.input, s.input);
    }

    const bool needCell = map.type() == CellType::LSTM && !parts.info.lstmHiddenAndCell;
    if (needCell)
        s.notes.push_back("the LSTM is searched in [h, c]; the reduced space and the alignment use h");
    const RowMatrixXd starts = sampleStarts(needCell ? layerStates(e, parts, s.layer, true, progress) : e.states, o);
    s.search = findFixedPoints(map, x, starts, o.search, progress);

    s.geometry = pointGeometry(e.result, analysedRows(s.search.fixedPoints, s.search.slowPoints, s.analysedDim));
    std::vector<Eigen::MatrixXd> slow;
    for (const auto* set : {&s.search.fixedPoints, &s.search.slowPoints})
        for (const FixedPoint& p : *set) slow.push_back(slowDirection(p, s.analysedDim));
    Eigen::VectorXd readout;
    if (parts.readout && parts.readout->layers.size() == 1) {
        const LinearLayer& head = parts.readout->layers.front();
        readout = Eigen::VectorXd::Zero(s.analysedDim);
        readout.head(head.weight.cols()) = head.weight.row(0).transpose().cast<double>();
        if (head.weight.rows() > 1) s.notes.push_back("the readout alignment uses the readout's first output");
    } else if (parts.readout) {
        s.notes.push_back("the readout is a chain of linear layers: it has no single direction to align with");
    }
    s.alignment = alignKoopman(e.result, dominantRealMode(e.result), s.geometry, slow, readout);
    if (e.result.k > 0 && mostDominantMode(e.result) != s.alignment.mode)
        s.mostDominant = alignKoopman(e.result, mostDominantMode(e.result), s.geometry, slow, readout);
    return s;
}

}  // namespace kann
