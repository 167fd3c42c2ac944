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
        e.tokenizer = std::make_shared<WordPieceTokenizer>(Vocab::load(spec.vocabPath));
        TextBatch batch = selectTextBatch(e.dataset, spec.selection, *e.tokenizer);
        e.input = std::move(batch.input);
        e.tokenized = std::move(batch.tokenized);
    } else {
        e.input = selectSeriesBatch(e.dataset, spec.selection);
    }
}

void unrollModel(Exploration& e, const Progress& progress) {
    auto t0 = Clock::now();
    progress.step(0, 1, "load model");
    e.network = loadNetwork(e.spec.modelPath, e.spec.load);
    e.result.timingsMs["load_model"] = msSince(t0);

    t0 = Clock::now();
    progress.step(0, 1, "load data");
    loadBatch(e);
    e.result.timingsMs["load_data"] = msSince(t0);

    requireMemory(unrollMemory(e.network->info(), e.input.batch, e.input.time), "unrolling the batch", e.spec.modelPath);
    t0 = Clock::now();
    e.states = e.network->unroll(e.input, progress);
    e.result.timingsMs["unroll"] = msSince(t0);
    e.states.validate(e.spec.modelPath + " on " + e.spec.dataPath);
    if (e.network->info().readoutOutputs > 0) e.readoutLogits = e.network->readout(e.states.lastValidStates());
}

// The network's input at every step, when the fit accounts for it.
std::optional<StepInputs> fitInputs(const Exploration& e) {
    if (e.spec.analysis.fit != Fit::Inputs || !e.network) return std::nullopt;
    try {
        return e.network->stepInputs(e.input);
    } catch (const InputError& err) {
        if (!err.source().empty()) throw;
        throw InputError(e.spec.modelPath, err.problem());
    }
}

}  // namespace

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
    Exploration e = prepareStates(spec, progress);
    const auto timings = std::move(e.result.timingsMs);
    requireMemory(analysisMemory(e.states, spec.analysis), "the analysis",
                  spec.statesPath.empty() ? spec.modelPath : spec.statesPath);
    const std::optional<StepInputs> inputs = fitInputs(e);
    e.result = analyze(e.states, spec.analysis, progress, inputs ? &*inputs : nullptr);
    e.result.timingsMs.insert(timings.begin(), timings.end());
    return e;
}

}  // namespace kann
