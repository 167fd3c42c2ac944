#include "core/analysis/streamed_analysis.h"

#include "core/analysis/analysis_steps.h"
#include "core/common/error.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace kann {

namespace {

void requireStreamable(const AnalysisOptions& options) {
    if (options.includePadding)
        throw InputError("--include-padding", "padding depends on how the sequences are grouped, so a streamed "
                                              "analysis fits the valid steps only (use --stream off)");
    if (options.reduction == Reduction::RandomizedSvd)
        throw InputError("--reduction", "rsvd needs every state at once; a streamed analysis uses svd or pca "
                                        "(exact, from the moments), or use --stream off");
    requireInputOptions(options);
}

// Whether any valid state differs from the first one: states that never move leave nothing to fit.
class MovementCheck {
public:
    void add(const HiddenStates& s) {
        for (int b = 0; b < s.batch && !moved_; ++b)
            for (int t = 0; t < s.lengths[b] && !moved_; ++t) {
                const float* row = s.row(b, t);
                if (first_.empty()) first_.assign(row, row + s.dim);
                moved_ = !std::equal(first_.begin(), first_.end(), row);
            }
    }
    // Whether the states moved in any of the processes of `share`.
    void sumAcross(const ProcessShare& share) {
        std::vector<double> moved{moved_ ? 1.0 : 0.0};
        share.sum(moved);
        moved_ = moved[0] > 0;
    }
    void require(std::int64_t rows) const {
        if (moved_) return;
        const bool zero = std::all_of(first_.begin(), first_.end(), [](float v) { return v == 0.0f; });
        throw AnalysisError("all " + std::to_string(rows) + " valid states are " +
                            (zero ? "zero" : "the same vector") +
                            ": the network's state does not move on these sequences, so there are no dynamics to "
                            "fit (an untrained model, or inputs that are all padding or all alike?)");
    }

private:
    std::vector<float> first_;
    bool moved_ = false;
};

// Every process's first pass added up: the whole batch's moments, lengths and blocks in each.
void addProcesses(const ProcessShare& share, StateMoments& m, KoopmanResult& r, MovementCheck& movement) {
    std::vector<double> counts{static_cast<double>(m.rows), static_cast<double>(m.pairs),
                               static_cast<double>(r.streamed->blocks)};
    counts.insert(counts.end(), r.lengths.begin(), r.lengths.end());
    sumAcross(share, m.gram, m.lagged, m.firsts, m.lasts, m.sum, m.firstSum, m.lastSum, counts);
    // Every process has the same input width (one model), so the blocks add up alike.
    if (m.inputs) sumAcross(share, m.inputs->gram, m.inputs->stateInput, m.inputs->inputNext, m.inputs->sum);
    m.rows = static_cast<std::int64_t>(counts[0]);
    m.pairs = static_cast<std::int64_t>(counts[1]);
    r.streamed->blocks = static_cast<int>(counts[2]);
    std::transform(counts.begin() + 3, counts.end(), r.lengths.begin(), [](double n) { return static_cast<int>(n); });
    r.time = std::max(r.time, *std::max_element(r.lengths.begin(), r.lengths.end()));
    movement.sumAcross(share);
}

// The first pass: the uncentred moments of every block, and the shape of the batch in r.
StateMoments gatherMoments(KoopmanResult& r, const StatePass& pass, const AnalysisOptions& options,
                           const ProcessShare& share) {
    std::optional<StateMoments> total;
    MovementCheck movement;
    r.streamed.emplace();
    pass(0, [&](const StateBlock& block) {
        ++r.streamed->blocks;
        const HiddenStates& s = block.states;
        s.validate("hidden states");
        if (options.fit == Fit::Inputs && !block.inputs)
            throw InputError("--fit", "inputs needs the network's input at every step: run a model on a dataset");
        if (total && s.dim != r.dim)
            throw std::logic_error("analyzeStreamed: blocks of different state dimensions");
        StateMoments part = stateMoments(s, s.lengths, Eigen::RowVectorXd::Zero(s.dim),
                                         options.fit == Fit::Inputs ? block.inputs : nullptr);
        if (total) addMoments(*total, part);
        else total = std::move(part);
        for (std::size_t i = 0; i < block.sequences.size(); ++i) r.lengths.at(block.sequences[i]) = s.lengths[i];
        r.time = std::max(r.time, s.time);
        r.dim = s.dim;
        movement.add(s);
    });
    if (share.size > 1) {
        if (!total) throw std::logic_error("analyzeStreamed: a process with no sequences");
        addProcesses(share, *total, r, movement);
    }
    if (!total || std::count(r.lengths.begin(), r.lengths.end(), 0) > 0)
        throw std::logic_error("analyzeStreamed: the pass left sequences out");
    movement.require(total->rows);
    return std::move(*total);
}

}  // namespace

KoopmanResult analyzeStreamed(int sequences, const StatePass& pass, const AnalysisOptions& options,
                              const Progress& progress, const ProcessShare& share) {
    requireStreamable(options);
    KoopmanResult r;
    r.batch = sequences;
    r.lengths.assign(sequences, 0);
    r.reduction = options.reduction;
    r.fit = options.fit;
    StageClock clock(progress, r.timingsMs);
    clock.next();
    const auto start = std::chrono::steady_clock::now();
    StateMoments moments = gatherMoments(r, pass, options, share);
    r.timingsMs["moments"] = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    r.k = chooseK(options.k, moments.pairs, r.dim);
    Eigen::RowVectorXd mean = Eigen::RowVectorXd::Zero(r.dim);
    if (options.reduction == Reduction::Pca) {
        mean = moments.sum / static_cast<double>(moments.rows);
        moments = centredMoments(moments, mean);
    }
    ReductionResult reduction = reductionFromGram(moments.gram, moments.rows, std::move(mean), r.k, options.k == -1);
    r.k = static_cast<int>(reduction.basis.cols());

    clock.next();
    const std::optional<DrivenPairs> driven = fitFromMoments(r, moments, reduction.basis, options);
    keepReduction(r, std::move(reduction));

    clock.next();
    Spectrum spectrum = decompose(r.C);

    clock.next();
    ModeAccumulator modes(spectrum, r.batch);
    const Eigen::MatrixXd toModes = r.basis * modes.basis();
    pass(1, [&](const StateBlock& block) {
        addModes(modes, toModes, block.states, block.states.lengths, r.mean, block.sequences);
    });
    if (share.size > 1) modes.sumAcross(share.sum);
    ModeStatistics stats = modes.finish(r.lengths);
    keepModes(r, std::move(spectrum), std::move(stats), driven);
    r.moments = std::make_shared<const StateMoments>(std::move(moments));
    clock.finish();
    return r;
}

}  // namespace kann
