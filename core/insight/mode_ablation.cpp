#include "core/insight/mode_ablation.h"

#include "core/analysis/mode_removal.h"
#include "core/common/error.h"
#include "core/insight/mode_pairs.h"
#include "core/insight/prediction.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

namespace kann {

namespace {

bool hasReadout(const Network& n) { return n.info().readoutOutputs > 0; }

// The outputs compared: readout logits of the final states, or their decoding.
RowMatrixXf outputsOf(const Exploration& e, const HiddenStates& states) {
    if (hasReadout(*e.network)) return e.network->readout(states.lastValidStates());
    return e.network->decode(states.lastValidStates(), states.time);
}

// Mean |after - before| over the readout's outputs, or over the valid steps of each decoding.
double meanAbsDelta(const Exploration& e, const RowMatrixXf& before, const RowMatrixXf& after) {
    if (hasReadout(*e.network)) return (after - before).cwiseAbs().cast<double>().mean();
    const Eigen::Index perStep = before.cols() / std::max(e.input.time, 1);
    double sum = 0;
    std::int64_t count = 0;
    for (Eigen::Index b = 0; b < before.rows(); ++b) {
        const Eigen::Index n = e.input.lengths[b] * perStep;
        sum += (after.row(b).head(n) - before.row(b).head(n)).cwiseAbs().cast<double>().sum();
        count += n;
    }
    return count ? sum / static_cast<double>(count) : AblationEffect::kNone;
}

AblationEffect effect(const Exploration& e, const RowMatrixXf& before, const RowMatrixXf& after) {
    AblationEffect out;
    out.meanAbsDeltaOutput = meanAbsDelta(e, before, after);
    if (hasReadout(*e.network)) out.accuracy = labelAccuracy(readoutClasses(after), e.input.labels);
    return out;
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

}  // namespace

AblationReport ablateModes(const Exploration& e, const std::vector<std::vector<int>>& modeSets,
                           const AblationOptions& o, const Progress& progress) {
    requireEditableNetwork(e);
    if (o.controlDraws < 1) throw InputError("ablation", "needs at least one control draw");
    AblationReport report;
    report.output = hasReadout(*e.network) ? "readout logits" : "decoder reconstruction";
    report.outputsBefore = outputsOf(e, e.states);
    report.controlDraws = o.controlDraws;
    report.seed = o.seed;
    for (int label : e.input.labels) report.labelled += label >= 0;
    if (hasReadout(*e.network)) report.accuracyBefore = labelAccuracy(readoutClasses(report.outputsBefore), e.input.labels);

    const std::int64_t runs = static_cast<std::int64_t>(modeSets.size()) * (1 + o.controlDraws);
    std::int64_t done = 0;
    // The outputs after running with `edit`, and their effect.
    const auto run = [&](const StateEdit& edit, RowMatrixXf& outputs) {
        progress.step(done++, runs, "ablating");
        MeasuredEdit measured;
        outputs = outputsOf(e, e.network->unrollEdited(e.input, measured.wrap(edit)));
        AblationEffect out = effect(e, report.outputsBefore, outputs);
        out.editSize = measured.mean();
        return out;
    };
    for (const std::vector<int>& modes : modeSets) {
        const ModeRemoval removal(e.result, modes);
        Ablation a;
        a.modes = removal.modes();
        a.removed = run([&](Eigen::Ref<RowMatrixXf> s) { removal.apply(s); }, a.outputs);
        a.control.meanAbsDeltaOutput = a.control.accuracy = a.control.editSize = 0;
        RowMatrixXf outputs;
        for (int d = 0; d < o.controlDraws; ++d) {
            const RandomDirectionControl control(e.result, removal, o.seed + static_cast<unsigned>(d));
            a.controlDraws.push_back(run([&](Eigen::Ref<RowMatrixXf> s) { control.apply(s); }, outputs));
            a.control.meanAbsDeltaOutput += a.controlDraws.back().meanAbsDeltaOutput / o.controlDraws;
            a.control.accuracy += a.controlDraws.back().accuracy / o.controlDraws;
            a.control.editSize += a.controlDraws.back().editSize / o.controlDraws;
        }
        report.ablations.push_back(std::move(a));
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
