// `kann bench`: times every stage of the analysis on random recurrent states of paper size.
#include "app/kann/commands.h"
#include "app/kann/paper_bench.h"
#include "app/kann/scale_bench.h"
#include "app/kann/source_options.h"
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
    CLI::App app("Times the analysis (median over N runs) on random tanh-recurrent states of shape [64, 952, 256] and "
                 "[20, 140, 64], plus any --shape, and the per-click queries (with the mode table, as the studio "
                 "analyses). With --paper: the whole `kann analyze` pipeline, checkpoint load to JSON written, on a "
                 "random paper-size sentiment GRU (written as a .pt) over 64 aclImdb reviews (scale: 640 reviews of up "
                 "to 1000 pieces), with peak memory. Reviews come from DIR/aclimdb-sample, generated text when it is "
                 "absent. With --scale: how `kann analyze --stream on` grows with the number of full-length aclImdb "
                 "reviews and the width of the state (time, peak memory above start, ratios).",
                 "kann bench");
    int runs = 5, k = -1;
    std::string shape, reduction = "svd";
    bool paper = false, scale = false;
    PaperBenchOptions paperOptions;
    ScaleBenchOptions scaleOptions;
    app.add_option("--runs", runs, "runs per figure")->type_name("N")->check(CLI::PositiveNumber)->capture_default_str();
    app.add_option("--shape", shape, "one more shape of states")->type_name("b,T,m");
    app.add_option("--k", k, "components kept (-1: the default k)")->type_name("K")->capture_default_str();
    app.add_option("--reduction", reduction, "svd, pca or rsvd")->type_name("R")->capture_default_str();
    app.add_flag("--paper", paper, "time the whole pipeline on the paper's sentiment case instead");
    app.add_option("--case", paperOptions.which, "with --paper: the 64-review case, the 640-review one or both")
        ->check(CLI::IsMember({"paper", "scale", "both"}))->capture_default_str();
    app.add_option("--scale-runs", paperOptions.scaleRuns, "with --paper: runs of the 640-review case")->type_name("N")
        ->check(CLI::PositiveNumber)->capture_default_str();
    app.add_option("--shared", paperOptions.shared, "with --paper or --scale: the shared datasets (default $KANN_SHARED_DATA, "
                                                     "else ../shared/datasets)")->type_name("DIR");
    app.add_option("--keep", paperOptions.keep, "with --paper: keep the checkpoint (and any generated data) in DIR, "
                                                 "to time the studio's clicks on the same case")->type_name("DIR");
    app.add_flag("--scale", scale, "time the streamed analysis on growing numbers of reviews and widths instead")
        ->excludes("--paper");
    app.add_option("--sequences", scaleOptions.sequences, "with --scale: the numbers of reviews")
        ->type_name("N,...")->delimiter(',')->check(CLI::PositiveNumber)->capture_default_str();
    app.add_option("--hidden", scaleOptions.hidden, "with --scale: the widths of the state")
        ->type_name("M,...")->delimiter(',')->check(CLI::PositiveNumber)->capture_default_str();
    app.add_option("--width-sequences", scaleOptions.widthSequences, "with --scale: reviews per width")
        ->type_name("N")->check(CLI::PositiveNumber)->capture_default_str();
    if (!parseCommand(app, args)) return 0;
    paperOptions.runs = runs;
    if (paper) return paperBench(paperOptions);
    scaleOptions.shared = paperOptions.shared;
    if (scale) return scaleBench(scaleOptions);
    AnalysisOptions options;
    options.k = k;
    options.reduction = parseReduction(reduction);
    options.tabulateModes = true;  // as the studio analyses: the per-click figures are its clicks'
    std::vector<Shape> shapes = {{64, 952, 256}, {20, 140, 64}};
    if (!shape.empty()) shapes.push_back(parseShape(shape));
    for (const Shape& shape : shapes) benchShape(shape, options, runs);
    return 0;
}

}  // namespace kann::cli
