// `kann bench`: times every stage of the analysis on random recurrent states of paper size.
#include "app/kann/arguments.h"
#include "app/kann/commands.h"
#include "app/kann/paper_bench.h"
#include "core/analysis/analysis.h"
#include "core/common/error.h"
#include "core/common/median.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <iostream>
#include <random>
#include <sstream>

namespace kann::cli {

namespace {

using Shape = std::array<int, 3>;  // batch, time, dim
using Clock = std::chrono::steady_clock;

const char* const kUsage =
    "usage: kann bench [--runs N] [--shape b,T,m] [--k K] [--reduction svd|pca|rsvd]\n"
    "       kann bench --paper [--case paper|scale|both] [--runs N] [--scale-runs N] [--shared DIR]\n"
    "                  [--keep DIR]\n"
    "Times the analysis (median over N runs, default 5) on random tanh-recurrent states of shape\n"
    "[64, 952, 256] and [20, 140, 64], plus any --shape, and the per-click queries (with the mode\n"
    "table, as the studio analyses).\n"
    "With --paper: the whole `kann analyze` pipeline, checkpoint load to JSON written, on a random\n"
    "paper-size sentiment GRU (written as a .pt) over 64 aclImdb reviews (scale: 640 reviews of up to\n"
    "1000 pieces, default 2 runs), with peak memory. Reviews come from DIR/aclimdb-sample (default\n"
    "$KANN_SHARED_DATA, else ../shared/datasets), generated text when it is absent. --keep DIR keeps\n"
    "the checkpoint (and any generated data) in DIR, to time the studio's clicks on the same case.\n";

Shape parseShape(const std::string& text) {
    Shape shape{};
    std::istringstream in(text);
    char comma = ',';
    for (int i = 0; i < 3; ++i) {
        if ((i > 0 && !(in >> comma)) || comma != ',' || !(in >> shape[i]) || shape[i] < 1)
            throw InputError("--shape", "expects three positive whole numbers b,T,m, got '" + text + "'");
    }
    if (in >> comma) throw InputError("--shape", "expects exactly b,T,m, got '" + text + "'");
    return shape;
}

// h[t+1] = tanh(h[t]·W + noise): a stable random recurrence (spectral radius ~0.95) whose states
// have a non-trivial spectrum, like a trained RNN's.
HiddenStates recurrentStates(const Shape& shape) {
    const auto [batch, time, dim] = shape;
    std::mt19937 gen(7);
    std::normal_distribution<float> normal;
    const Eigen::MatrixXf w =
        Eigen::MatrixXf::NullaryExpr(dim, dim, [&] { return normal(gen); }) * (0.95f / std::sqrt(float(dim)));
    HiddenStates s = HiddenStates::zeros(batch, time, dim);
    RowMatrixXf h = RowMatrixXf::Zero(batch, dim);
    for (int t = 0; t < time; ++t) {
        const RowMatrixXf noise = RowMatrixXf::NullaryExpr(batch, dim, [&] { return 0.3f * normal(gen); });
        h = (h * w + noise).array().tanh();
        for (int b = 0; b < batch; ++b) Eigen::Map<Eigen::RowVectorXf>(s.row(b, t), dim) = h.row(b);
    }
    return s;
}

template <class Fn>
double timeMs(Fn&& fn) {
    const auto start = Clock::now();
    fn();
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void benchShape(const Shape& shape, const AnalysisOptions& options, int runs) {
    HiddenStates states;
    const double made = timeMs([&] { states = recurrentStates(shape); });
    std::map<std::string, std::vector<double>> stages;
    KoopmanResult r;
    for (int i = 0; i < runs; ++i) {
        r = analyze(states, options);
        for (const auto& [stage, ms] : r.timingsMs) stages[stage].push_back(ms);
    }
    // The per-click queries on the most dominant mode, as the studio runs them.
    Eigen::Index top = 0;
    r.dominance.maxCoeff(&top);
    const int j = static_cast<int>(top);
    std::map<std::string, std::vector<double>> clicks;
    for (int i = 0; i < runs; ++i) {
        clicks["modeMagnitude"].push_back(timeMs([&] { modeMagnitude(r, j); }));
        clicks["pairMagnitude"].push_back(timeMs([&] { pairMagnitude(r, j); }));
        clicks["reconstructFromPair"].push_back(
            timeMs([&] { reconstructFromPair(r, j, ReconstructionForm::PaperAbsolute); }));
    }
    std::printf("states [%d, %d, %d] (made in %.0f ms), %s, k = %d, median of %d runs (load average %.2f):\n",
                shape[0], shape[1], shape[2], made, reductionName(options.reduction), r.k, runs, loadAverage());
    for (const char* stage : {"reduce", "fit", "eig", "project", "total"})
        std::printf("  %-8s %8.1f ms\n", stage, median(stages[stage]));
    std::printf("  per click on mode %d (|lambda| = %.3f):\n", j, std::abs(r.eigenvalues(j)));
    for (const char* query : {"modeMagnitude", "pairMagnitude", "reconstructFromPair"})
        std::printf("    %-20s %8.1f ms\n", query, median(clicks[query]));
    std::printf("  residual %.4g\n", r.residual);
    std::fflush(stdout);
}

}  // namespace

int benchCommand(const Args& args) {
    const Arguments a(args, {"runs", "shape", "k", "reduction", "case", "scale-runs", "shared", "keep"}, {"help", "paper"});
    if (a.flag("help")) {
        std::cout << kUsage;
        return 0;
    }
    if (a.flag("paper")) return paperBench(a);
    const int runs = a.integer("runs", 5);
    if (runs < 1) throw InputError("--runs", "must be at least 1, got " + std::to_string(runs));
    AnalysisOptions options;
    options.k = a.integer("k", -1);
    options.reduction = parseReduction(a.value("reduction", "svd"));
    options.tabulateModes = true;  // as the studio analyses: the per-click figures are its clicks'
    std::vector<Shape> shapes = {{64, 952, 256}, {20, 140, 64}};
    if (auto shape = a.get("shape")) shapes.push_back(parseShape(*shape));
    for (const Shape& shape : shapes) benchShape(shape, options, runs);
    return 0;
}

}  // namespace kann::cli
