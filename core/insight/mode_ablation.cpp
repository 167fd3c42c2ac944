#include "core/insight/mode_ablation.h"

#include "core/analysis/mode_removal.h"
#include "core/common/error.h"
#include "core/insight/mode_pairs.h"
#include "core/insight/prediction.h"
#include "core/pipeline/exploration_page.h"
#include "core/pipeline/mode_colouring.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <deque>
#include <limits>
#include <sstream>

namespace kann {

namespace {

bool hasReadout(const Network& n) { return n.info().readoutOutputs > 0; }

// The outputs compared: readout logits of the final states, or their decoding over the batch's steps.
RowMatrixXf outputsOf(const Exploration& e, const HiddenStates& states) {
    if (hasReadout(*e.network)) return e.network->readout(states.lastValidStates());
    return decodeStates(e, states.lastValidStates(), -1, ReconstructionForm::PaperAbsolute);
}

void requireEditableNetwork(const Exploration& e) {
    if (!e.network) throw InputError("ablation", "needs a model: saved states cannot be run again");
    const NetworkInfo& info = e.network->info();
    if (info.readoutOutputs == 0 && info.decoderOutputs == 0)
        throw InputError(e.spec.modelPath, "has neither a readout nor a decoder: removing a mode has no output to change");
}

// Wraps an edit so that it also sums ‖edit‖ / ‖state‖ over the rows it changes.
struct MeasuredEdit {
    double sum = 0;
    std::int64_t rows = 0;

    StateEdit wrap(StateEdit edit) {
        return [this, edit = std::move(edit)](Eigen::Ref<RowMatrixXf> s) {
            const RowMatrixXf before = s;
            edit(s);
            for (Eigen::Index i = 0; i < s.rows(); ++i)
                if (const float norm = before.row(i).norm(); norm > 0) sum += (before.row(i) - s.row(i)).norm() / norm, ++rows;
        };
    }
    double mean() const { return rows ? sum / static_cast<double>(rows) : AblationEffect::kNone; }
};

// One edit's effect summed over the parts of the batch the network runs one at a time.
struct EffectSums {
    MeasuredEdit edit;
    double absDelta = 0;
    std::int64_t compared = 0;
    int right = 0, labelled = 0;

    // Sequences [first, first + before.rows()) of e's batch: |after - before| over the readout's
    // outputs, or over the valid steps of each decoding, and the classes against the labels.
    void add(const Exploration& e, int first, const RowMatrixXf& before, const RowMatrixXf& after) {
        const Eigen::Index perStep = hasReadout(*e.network) ? before.cols() : e.network->info().decoderOutputs;
        for (Eigen::Index b = 0; b < before.rows(); ++b) {
            const Eigen::Index n = hasReadout(*e.network) ? before.cols() : e.input.lengths[first + b] * perStep;
            absDelta += (after.row(b).head(n) - before.row(b).head(n)).cwiseAbs().cast<double>().sum();
            compared += n;
        }
        if (!hasReadout(*e.network)) return;
        const std::vector<int> classes = readoutClasses(after);
        for (std::size_t b = 0; b < classes.size(); ++b)
            if (const std::size_t i = first + b; i < e.input.labels.size() && e.input.labels[i] >= 0)
                ++labelled, right += classes[b] == e.input.labels[i];
    }

    AblationEffect effect() const {
        AblationEffect out;
        out.meanAbsDeltaOutput = compared ? absDelta / static_cast<double>(compared) : AblationEffect::kNone;
        out.accuracy = labelled ? static_cast<double>(right) / labelled : AblationEffect::kNone;
        out.editSize = edit.mean();
        return out;
    }
};

// The first sequence of each part the network runs at once: the whole batch when its states are
// held, else consecutive sequences read again from the dataset (pageInput), of bounded states.
std::vector<int> partStarts(const Exploration& e, bool held, std::int64_t bytes) {
    if (held) return {0};
    const std::int64_t steps = bytes / (static_cast<std::int64_t>(sizeof(float)) * std::max(1, e.network->info().stateDim));
    return pageStarts(e.input.lengths, std::numeric_limits<int>::max(), std::max<std::int64_t>(1, steps));
}

// The removals of each set with their controls (each control keeps a reference to its removal).
struct Edits {
    std::deque<ModeRemoval> removals;
    std::vector<std::vector<RandomDirectionControl>> controls;

    Edits(const KoopmanResult& r, const std::vector<std::vector<int>>& modeSets, const AblationOptions& o) {
        for (const std::vector<int>& modes : modeSets) {
            const ModeRemoval& removal = removals.emplace_back(r, modes);
            controls.emplace_back();
            for (int d = 0; d < o.controlDraws; ++d) controls.back().emplace_back(r, removal, o.seed + static_cast<unsigned>(d));
        }
    }
    // Edit 0 of a set removes its modes, edit d > 0 is control draw d - 1.
    StateEdit edit(std::size_t set, int d) const {
        if (d == 0) return [&removal = removals[set]](Eigen::Ref<RowMatrixXf> s) { removal.apply(s); };
        return [&control = controls[set][d - 1]](Eigen::Ref<RowMatrixXf> s) { control.apply(s); };
    }
};

AblationReport emptyReport(const Exploration& e, const AblationOptions& o) {
    AblationReport report;
    report.output = hasReadout(*e.network) ? "readout logits" : "decoder reconstruction";
    report.controlDraws = o.controlDraws;
    report.seed = o.seed;
    for (int label : e.input.labels) report.labelled += label >= 0;
    const NetworkInfo& info = e.network->info();
    report.outputsBefore.resize(e.input.batch, hasReadout(*e.network) ? info.readoutOutputs : e.result.time * info.decoderOutputs);
    return report;
}

}  // namespace

AblationReport ablateModes(const Exploration& e, const std::vector<std::vector<int>>& modeSets,
                           const AblationOptions& o, const Progress& progress) {
    requireEditableNetwork(e);
    if (o.controlDraws < 1) throw InputError("ablation", "needs at least one control draw");
    const bool held = e.states.batch > 0;
    AblationReport report = emptyReport(e, o);
    const Edits edits(e.result, modeSets, o);
    std::vector<std::vector<EffectSums>> sums(modeSets.size(), std::vector<EffectSums>(1 + o.controlDraws));
    for (const ModeRemoval& removal : edits.removals) {
        report.ablations.emplace_back();
        report.ablations.back().modes = removal.modes();
        report.ablations.back().outputs.resize(report.outputsBefore.rows(), report.outputsBefore.cols());
    }
    const std::vector<int> starts = partStarts(e, held, o.partBytes);
    const std::int64_t runs = static_cast<std::int64_t>(starts.size()) * (1 + modeSets.size() * (1 + o.controlDraws));
    std::int64_t done = 0;
    for (std::size_t p = 0; p < starts.size(); ++p) {
        const int first = starts[p], count = (p + 1 < starts.size() ? starts[p + 1] : e.input.batch) - first;
        progress.step(done++, runs, "ablating");
        const InputBatch part = held ? InputBatch() : pageInput(e, first, count);
        const InputBatch& input = held ? e.input : part;
        const RowMatrixXf before = held ? outputsOf(e, e.states) : outputsOf(e, e.network->unroll(input));
        report.outputsBefore.middleRows(first, count) = before;
        for (std::size_t set = 0; set < modeSets.size(); ++set)
            for (int d = 0; d <= o.controlDraws; ++d) {
                progress.step(done++, runs, "ablating");
                EffectSums& sum = sums[set][d];
                const RowMatrixXf after = outputsOf(e, e.network->unrollEdited(input, sum.edit.wrap(edits.edit(set, d))));
                sum.add(e, first, before, after);
                if (d == 0) report.ablations[set].outputs.middleRows(first, count) = after;
            }
    }
    if (hasReadout(*e.network)) report.accuracyBefore = labelAccuracy(readoutClasses(report.outputsBefore), e.input.labels);
    for (std::size_t set = 0; set < modeSets.size(); ++set) {
        Ablation& a = report.ablations[set];
        a.removed = sums[set][0].effect();
        a.control.meanAbsDeltaOutput = a.control.accuracy = a.control.editSize = 0;
        for (int d = 1; d <= o.controlDraws; ++d) {
            a.controlDraws.push_back(sums[set][d].effect());
            a.control.meanAbsDeltaOutput += a.controlDraws.back().meanAbsDeltaOutput / o.controlDraws;
            a.control.accuracy += a.controlDraws.back().accuracy / o.controlDraws;
            a.control.editSize += a.controlDraws.back().editSize / o.controlDraws;
        }
    }
    progress.step(runs, runs, "ablating");
    return report;
}

namespace {

using nlohmann::json;

json number(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json accuracyJson(const AblationReport& report, double after) {
    return {{"before", number(report.accuracyBefore)}, {"after", number(after)}};
}

json ablationJson(const KoopmanResult& r, const AblationReport& report, const Ablation& a) {
    json eigenvalues = json::array(), controls = json::array();
    for (int j : a.modes) eigenvalues.push_back({{"re", r.eigenvalues(j).real()}, {"im", r.eigenvalues(j).imag()}});
    for (const AblationEffect& c : a.controlDraws)
        controls.push_back({{"mean_abs_delta_output", number(c.meanAbsDeltaOutput)}, {"accuracy", number(c.accuracy)},
                            {"edit_size", number(c.editSize)}});
    return {{"modes", a.modes}, {"eigenvalues", eigenvalues},
            {"mean_abs_delta_output", number(a.removed.meanAbsDeltaOutput)},
            {"accuracy", accuracyJson(report, a.removed.accuracy)}, {"edit_size", number(a.removed.editSize)},
            {"control_mean_abs_delta_output", number(a.control.meanAbsDeltaOutput)},
            {"control_accuracy", accuracyJson(report, a.control.accuracy)}, {"controls", controls}};
}

}  // namespace

std::string ablationJson(const Exploration& e, const AblationReport& report, int indent) {
    const KoopmanResult& r = e.result;
    json ablations = json::array();
    for (const Ablation& a : report.ablations) ablations.push_back(ablationJson(r, report, a));
    json out = {{"output", report.output}, {"fit", fitName(r.fit)}, {"k", r.k}, {"residual", r.residual},
                {"control_draws", report.controlDraws}, {"seed", report.seed}, {"labelled", report.labelled},
                {"ablations", ablations}};
    return out.dump(indent);
}

std::vector<std::vector<int>> parseModeSets(const std::string& text, const KoopmanResult& r) {
    std::vector<std::vector<int>> sets;
    if (text.rfind("top:", 0) == 0) {
        std::size_t used = 0;
        int n = 0;
        try {
            n = std::stoi(text.substr(4), &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != text.size() - 4 || n < 1)
            throw InputError("--modes", "expects top:N with N >= 1, got '" + text + "'");
        for (int j : dominantPairs(r, n)) sets.push_back({j});
        return sets;
    }
    std::vector<int> together;
    std::stringstream items(text);
    for (std::string item; std::getline(items, item, ',');) {
        std::size_t used = 0;
        int j = -1;
        try {
            j = std::stoi(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != item.size()) throw InputError("--modes", "expects J[,J...] or top:N, got '" + text + "'");
        if (j < 0 || j >= r.k) throw InputError("--modes", "mode " + std::to_string(j) + " is outside 0.." + std::to_string(r.k - 1));
        together.push_back(j);
    }
    if (together.empty()) throw InputError("--modes", "no mode given");
    return {together};
}

}  // namespace kann
