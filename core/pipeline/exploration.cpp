#include "core/pipeline/exploration.h"

#include "core/common/error.h"
#include "core/io/npy.h"
#include "core/pipeline/memory_budget.h"

#include <chrono>
#include <filesystem>
#include <optional>

namespace kann {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void loadBatch(Exploration& e) {
    const SourceSpec& spec = e.spec;
    e.dataset = loadDataset(spec.dataPath, spec.data);
    if (e.dataset.kind == Dataset::Kind::Text) {
        if (spec.vocabPath.empty())
            throw InputError(spec.dataPath, "is a text dataset: give the model's vocabulary (--vocab)");
        e.tokenizer = makeTokenizer(spec.vocabPath, spec.tokenizer);
        TextBatch batch = selectTextBatch(e.dataset, spec.selection, *e.tokenizer);
        e.input = std::move(batch.input);
        e.tokenized = std::move(batch.tokenized);
    } else {
        e.input = selectSeriesBatch(e.dataset, spec.selection);
    }
}

// The progress of one part of a run: the part's done/total fills [from, to] (fractions of the
// whole), so one bar runs once from 0 to 100 % over every part. Same cancel flag.
Progress part(const Progress& whole, double from, double to) {
    Progress p;
    p.cancel = whole.cancel;
    if (whole.report)
        p.report = [report = whole.report, from, to](std::int64_t done, std::int64_t total, const std::string& stage) {
            const double f = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
            report(static_cast<std::int64_t>(1000 * (from + (to - from) * f)), 1000, stage);
        };
    return p;
}

void unrollModel(Exploration& e, const Progress& progress) {
    auto t0 = Clock::now();
    part(progress, 0.0, 0.02).step(0, 1, "load model");
    e.network = loadNetwork(e.spec.modelPath, e.spec.load);
    e.result.timingsMs["load_model"] = msSince(t0);

    t0 = Clock::now();
    part(progress, 0.02, 0.05).step(0, 1, "load data");
    loadBatch(e);
    e.result.timingsMs["load_data"] = msSince(t0);

    requireMemory(unrollMemory(e.network->info(), e.input.batch, e.input.time), "unrolling the batch", e.spec.modelPath);
    t0 = Clock::now();
    e.states = e.network->unroll(e.input, part(progress, 0.05, 1.0));
    e.result.timingsMs["unroll"] = msSince(t0);
    e.states.validate(e.spec.modelPath + " on " + e.spec.dataPath);
    if (e.network->info().readoutOutputs > 0) e.readoutLogits = e.network->readout(e.states.lastValidStates());
}

// The network's input at every step, when the fit accounts for it.
std::shared_ptr<const StepInputs> fitInputs(const Exploration& e) {
    if (e.spec.analysis.fit != Fit::Inputs || !e.network) return nullptr;
    try {
        return std::make_shared<const StepInputs>(e.network->stepInputs(e.input));
    } catch (const InputError& err) {
        if (!err.source().empty()) throw;
        throw InputError(e.spec.modelPath, err.problem());
    }
}

}  // namespace

std::vector<std::string> Exploration::notes() const {
    std::vector<std::string> out = dataset.notes;
    if (tokenizer) out.push_back(tokenizer->describe());
    return out;
}

Exploration prepareStates(const SourceSpec& spec, const Progress& progress) {
    Exploration e;
    e.spec = spec;
    if (!spec.statesPath.empty()) {
        std::error_code unknownSize;  // a missing file is readStatesNpy's to report
        const auto fileBytes = std::filesystem::file_size(spec.statesPath, unknownSize);
        if (!unknownSize) requireMemory(statesFileMemory(fileBytes), "loading the states", spec.statesPath);
        const auto t0 = Clock::now();
        e.states = readStatesNpy(spec.statesPath, spec.lengthsPath);
        e.result.timingsMs["load_states"] = msSince(t0);
    } else {
        unrollModel(e, progress);
    }
    return e;
}

Exploration runExploration(const SourceSpec& spec, const Progress& progress) {
    // One bar for the whole run: the states take the first 70 % when a model is unrolled.
    const double statesShare = spec.statesPath.empty() ? 0.7 : 0.0;
    Exploration e = prepareStates(spec, part(progress, 0.0, statesShare));
    const auto timings = std::move(e.result.timingsMs);
    requireMemory(analysisMemory(e.states, spec.analysis), "the analysis",
                  spec.statesPath.empty() ? spec.modelPath : spec.statesPath);
    e.inputs = fitInputs(e);
    e.result = analyze(e.states, spec.analysis, part(progress, statesShare, 1.0), e.inputs.get());
    e.result.timingsMs.insert(timings.begin(), timings.end());
    return e;
}

}  // namespace kann
