#include "core/pipeline/exploration.h"

#include "core/analysis/state_moments.h"
#include "core/analysis/streamed_analysis.h"
#include "core/common/error.h"
#include "core/data/length_blocks.h"
#include "core/io/memory_limit.h"
#include "core/io/npy.h"
#include "core/io/state_spill.h"
#include "core/pipeline/memory_budget.h"
#include "core/pipeline/reconstruction_rmse.h"

#include <chrono>
#include <filesystem>
#include <numeric>
#include <optional>

namespace kann {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The dataset, and for texts the tokenizer.
void loadData(Exploration& e) {
    const SourceSpec& spec = e.spec;
    e.dataset = loadDataset(spec.dataPath, spec.data);
    if (e.dataset.kind != Dataset::Kind::Text) return;
    if (spec.vocabPath.empty()) throw InputError(spec.dataPath, "is a text dataset: give the model's vocabulary (--vocab)");
    e.tokenizer = makeTokenizer(spec.vocabPath, spec.tokenizer);
}

// The selected sequences as a padded batch (with their texts).
void selectBatch(Exploration& e) {
    if (e.dataset.kind == Dataset::Kind::Text) {
        TextBatch batch = selectTextBatch(e.dataset, e.spec.selection, *e.tokenizer);
        e.input = std::move(batch.input);
        e.tokenized = std::move(batch.tokenized);
    } else {
        e.input = selectSeriesBatch(e.dataset, e.spec.selection);
    }
}

void loadBatch(Exploration& e) {
    loadData(e);
    selectBatch(e);
}

// Loads the model, then calls load(e) for the data.
template <class Load>
void loadModelAndData(Exploration& e, const Progress& progress, Load&& load) {
    auto t0 = Clock::now();
    progressPart(progress, 0.0, 0.02).step(0, 1, "load model");
    e.network = loadNetwork(e.spec.modelPath, e.spec.load);
    e.result.timingsMs["load_model"] = msSince(t0);

    t0 = Clock::now();
    progressPart(progress, 0.02, 0.05).step(0, 1, "load data");
    load(e);
    e.result.timingsMs["load_data"] = msSince(t0);
}

void loadModelAndBatch(Exploration& e, const Progress& progress) { loadModelAndData(e, progress, loadBatch); }

// The reconstruction errors a run keeps: none when the decoder fails, for the run's analysis does
// not need them (reconstructionErrors then says so, or decodes the states held again and shows why).
std::vector<double> keptReconstruction(const Network& network, const HiddenStates& states, const InputBatch& input,
                                       int time) {
    try {
        return reconstructionRmse(network, states, input, time);
    } catch (const InputError&) {
        return {};
    }
}

// The loaded batch unrolled whole: e.states and the readout of the final states.
void unrollLoaded(Exploration& e, const Progress& progress) {
    requireMemory(unrollMemory(e.network->info(), e.input.batch, e.input.time), "unrolling the batch", e.spec.modelPath);
    const auto t0 = Clock::now();
    e.states = e.network->unroll(e.input, progressPart(progress, 0.05, 1.0));
    e.result.timingsMs["unroll"] = msSince(t0);
    e.states.validate(e.spec.modelPath + " on " + e.spec.dataPath);
    if (e.network->info().readoutOutputs > 0) e.readoutLogits = e.network->readout(e.states.lastValidStates());
    e.reconstructionError = keptReconstruction(*e.network, e.states, e.input, e.input.time);
}

void unrollModel(Exploration& e, const Progress& progress) {
    loadModelAndBatch(e, progress);
    unrollLoaded(e, progress);
}

// The network's input at every step of `input`, when the fit accounts for it.
std::shared_ptr<const StepInputs> fitInputs(const Exploration& e, const InputBatch& input) {
    if (e.spec.analysis.fit != Fit::Inputs || !e.network) return nullptr;
    try {
        return std::make_shared<const StepInputs>(e.network->stepInputs(input));
    } catch (const InputError& err) {
        if (!err.source().empty()) throw;
        throw InputError(e.spec.modelPath, err.problem());
    }
}

// Bytes of one block of a streamed unroll's states: big enough for the recurrence's matrix products
// to run at full speed, small beside the moments of a wide state. $KANN_STREAM_BLOCK_BYTES sets
// another (a tighter memory, or the same blocks as an MPI job's on a small batch).
std::uint64_t streamBlockBytes() {
    return bytesFromEnvironment("KANN_STREAM_BLOCK_BYTES").value_or(std::uint64_t(64) << 20);
}

// Why the analysis of `e`'s batch streams, were it `batch` sequences padded to `time` steps;
// empty when it holds the states.
std::string streamReason(const Exploration& e, std::uint64_t batch, std::uint64_t time) {
    if (e.spec.stream == StreamMode::On) return "--stream on";
    if (e.spec.stream == StreamMode::Off) return {};
    const std::uint64_t padded = batch * time * static_cast<std::uint64_t>(e.network->info().stateDim) * sizeof(float);
    const std::uint64_t budget = std::min(kStreamBudgetBytes, availableMemoryBytes() / 2);
    if (padded <= budget) return {};
    return "the padded states (" + bytesText(padded) + ") pass the streaming budget of " + bytesText(budget);
}

// A file for the states of the first pass, when they fit in half the memory available (so they
// stay in the page cache, where reading them back beats running the network again) and the cache
// folder has room for them twice; null when the second pass must unroll again.
std::unique_ptr<StateSpill> spillFor(const Exploration& e) {
    std::uint64_t steps = 0;
    for (int n : e.input.lengths) steps += static_cast<std::uint64_t>(n);
    const std::uint64_t bytes = steps * static_cast<std::uint64_t>(e.network->info().stateDim) * sizeof(float);
    if (bytes > availableMemoryBytes() / 2) return nullptr;
    const std::string folder = spillFolder();
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    const auto space = std::filesystem::space(folder, error);
    if (error || space.available / 2 < bytes) return nullptr;
    try {
        return std::make_unique<StateSpill>(folder);
    } catch (const InputError&) {
        return nullptr;  // the second pass unrolls again, and result.streamed says so
    }
}

void requireShareable(int sequences, const ProcessShare& share) {
    if (sequences < share.size)
        throw InputError("mpirun", std::to_string(share.size) + " processes for a batch of " + std::to_string(sequences) +
                                       " sequences: give each at least one (fewer processes, or a larger --batch)");
}

// This process's blocks: every size-th from its rank on. A batch cut into fewer blocks than there
// are processes is cut finer.
std::vector<std::vector<int>> blocksOfShare(const std::vector<int>& lengths, std::int64_t maxSteps,
                                            const ProcessShare& share) {
    requireShareable(static_cast<int>(lengths.size()), share);
    auto blocks = lengthBlocks(lengths, maxSteps);
    while (blocks.size() < static_cast<std::size_t>(share.size))
        blocks = lengthBlocks(lengths, maxSteps = std::max<std::int64_t>(1, maxSteps / 2));
    std::vector<std::vector<int>> mine;
    for (std::size_t i = share.rank; i < blocks.size(); i += share.size) mine.push_back(std::move(blocks[i]));
    return mine;
}

// The summaries of every process's sequences in each (a process fills the rows of its own).
void sumSummaries(Exploration& e, const ProcessShare& share) {
    if (share.size > 1) sumAcross(share, e.readoutLogits, e.reconstructionError);
}

const char* const kPassNames[] = {"moments", "modes", "insight"};

// The batch of `e` a block of sequences of similar length at a time: unrolled on the first pass,
// set aside or unrolled again for the second; the readout of the final states kept from the first.
class BlockUnroll {
public:
    // Cuts the batch into blocks of its sequences' inputs (this process's share of them): from
    // `texts` (e.input then holds no ids), else from e.input, whose values it drops (they grow with
    // the batch).
    // Without `again`, the batch is passed over once, and nothing is set aside for another pass.
    BlockUnroll(Exploration& e, const TextIds* texts, const ProcessShare& share, bool again = true)
        : e_(e),
          blocks_(blocksOfShare(e.input.lengths, std::max<std::int64_t>(1, streamBlockBytes() / (std::max(e.network->info().stateDim, 1) * sizeof(float))), share)),
          spill_(again ? spillFor(e) : nullptr) {
        if (e.network->info().readoutOutputs > 0) e.readoutLogits = RowMatrixXf::Zero(e.input.batch, e.network->info().readoutOutputs);
        if (hasReconstruction(*e.network, e.input)) e.reconstructionError.assign(e.input.batch, 0.0);
        for (const auto& members : blocks_) inputs_.push_back(texts ? subBatch(*texts, members) : subBatch(e.input, members));
        e.input.values = {};
    }

    // Pass 0 unrolls (and spills); passes 1 and after read the spill file or unroll again.
    // `visit` gets each block's states with its inputs.
    void pass(int number, const std::function<void(const StateBlock&, const InputBatch&)>& visit, const Progress& bar) {
        if (spill_) spill_->rewind();
        for (std::size_t i = 0; i < blocks_.size(); ++i) {
            bar.step(static_cast<std::int64_t>(i), static_cast<std::int64_t>(blocks_.size()), kPassNames[std::min(number, 2)]);
            const InputBatch& input = inputs_[i];
            // The first pass fits with the inputs; a later one reads them only for the caller.
            const auto inputs = number == 1 ? nullptr : fitInputs(e_, input);
            if (number > 0 && spill_) {
                visit({spill_->read(input.lengths, e_.network->info().stateDim), blocks_[i], inputs.get()}, input);
                continue;
            }
            const auto t0 = Clock::now();
            const HiddenStates states = e_.network->unroll(input);
            unrollMs_ += msSince(t0);
            states.validate(e_.spec.modelPath + " on " + e_.spec.dataPath);
            visit({states, blocks_[i], inputs.get()}, input);
            if (number > 0) continue;
            if (spill_) spill_->write(states);
            keepSummaries(states, input, blocks_[i]);
        }
    }

    double unrollMs() const { return unrollMs_; }
    std::string secondPass() const { return spill_ ? "spill file (float32, " + spillFolder() + ")" : "re-unroll"; }

private:
    void keepSummaries(const HiddenStates& states, const InputBatch& input, const std::vector<int>& members) {
        if (e_.readoutLogits.size() > 0) {
            const RowMatrixXf logits = e_.network->readout(states.lastValidStates());
            for (std::size_t b = 0; b < members.size(); ++b)
                e_.readoutLogits.row(members[b]) = logits.row(static_cast<Eigen::Index>(b));
        }
        if (e_.reconstructionError.empty()) return;
        const std::vector<double> errors = keptReconstruction(*e_.network, states, input, e_.input.time);
        if (errors.empty()) e_.reconstructionError.clear();
        for (std::size_t b = 0; b < errors.size(); ++b) e_.reconstructionError[members[b]] = errors[b];
    }

    Exploration& e_;
    std::vector<std::vector<int>> blocks_;
    std::vector<InputBatch> inputs_;  // of each block, padded to its longest only
    std::unique_ptr<StateSpill> spill_;
    double unrollMs_ = 0;
};

// Makes `result` e's, keeping the timings of getting its states.
void keepResult(Exploration& e, KoopmanResult result) {
    result.timingsMs.insert(e.result.timingsMs.begin(), e.result.timingsMs.end());
    e.result = std::move(result);
}

void analyzeBlocks(Exploration& e, const TextIds* texts, const std::string& reason, const Progress& progress,
                   const ProcessShare& share, const BlockVisit& afterwards) {
    BlockUnroll unroll(e, texts, share);
    const int passes = afterwards ? 3 : 2;
    const auto bar = [&](int number) {
        return progressPart(progress, 0.05 + 0.95 * number / passes, 0.05 + 0.95 * (number + 1) / passes);
    };
    const StatePass pass = [&](int number, const std::function<void(const StateBlock&)>& visit) {
        unroll.pass(number, [&](const StateBlock& block, const InputBatch&) { visit(block); }, bar(number));
    };
    keepResult(e, analyzeStreamed(e.input.batch, pass, e.spec.analysis, {}, share));
    sumSummaries(e, share);
    e.result.streamed->secondPass = unroll.secondPass();
    e.result.streamed->reason = reason;
    if (afterwards)
        unroll.pass(2, [&](const StateBlock& block, const InputBatch& input) {
            afterwards(e, {block.states, input, block.sequences, block.inputs});
        }, bar(2));
    e.result.timingsMs["unroll"] = unroll.unrollMs();
}

// The saved states of `e` shared by the processes: each takes a contiguous range of sequences, as
// one block, in both passes and for `afterwards`.
void analyzeSavedShare(Exploration& e, const ProcessShare& share, const BlockVisit& afterwards) {
    const HiddenStates& all = e.states;
    requireShareable(all.batch, share);
    const int first = static_cast<int>(static_cast<std::int64_t>(all.batch) * share.rank / share.size);
    const int count = static_cast<int>(static_cast<std::int64_t>(all.batch) * (share.rank + 1) / share.size) - first;
    HiddenStates mine;
    mine.batch = count;
    mine.time = all.time;
    mine.dim = all.dim;
    mine.values.assign(all.row(first, 0), all.row(first, 0) + static_cast<std::size_t>(count) * all.time * all.dim);
    mine.lengths.assign(all.lengths.begin() + first, all.lengths.begin() + first + count);
    std::vector<int> sequences(count);
    std::iota(sequences.begin(), sequences.end(), first);
    const StatePass pass = [&](int, const std::function<void(const StateBlock&)>& visit) { visit({mine, sequences}); };
    keepResult(e, analyzeStreamed(all.batch, pass, e.spec.analysis, {}, share));
    e.result.streamed->secondPass = "the states held";
    e.result.streamed->reason = "mpirun: " + std::to_string(share.size) + " processes";
    if (!afterwards) return;
    InputBatch input;
    input.batch = count;
    input.time = all.time;
    input.lengths = mine.lengths;
    afterwards(e, {mine, input, sequences});
}

// Whether a run of `e` (its dataset loaded) may stream: a batch of texts cannot pass the budget
// when padded to its longest text in bytes (no tokenizer makes more pieces than a text has bytes,
// but for rare characters that NFKC expands), cut at --max-len.
bool mayStream(const Exploration& e, const ProcessShare& share) {
    if (share.size > 1 || e.spec.stream == StreamMode::On) return true;
    if (e.spec.stream == StreamMode::Off || !e.tokenizer) return false;
    const std::vector<int> rows = selectRows(e.dataset, e.spec.selection);
    std::uint64_t longest = 0;
    for (int r : rows) longest = std::max<std::uint64_t>(longest, e.dataset.texts[r].size());
    if (e.spec.selection.maxLength > 0) longest = std::min<std::uint64_t>(longest, e.spec.selection.maxLength);
    return !streamReason(e, rows.size(), longest).empty();
}

// The ids of a text batch selected whole, as a run in blocks keeps them: its pieces and padded ids dropped.
TextIds keepIds(Exploration& e) {
    TextIds texts;
    for (const TokenizedText& t : e.tokenized) texts.ids.push_back(t.ids());
    e.tokenized = {};
    e.input.tokens = {};
    texts.input = e.input;
    return texts;
}

// Loads the model and the batch of e.spec. Texts are tokenized once: into token ids alone (8 bytes
// a step, all a streamed run keeps), returned, when `ids`; else whole, as runExploration has them.
std::optional<TextIds> loadForBlocks(Exploration& e, const Progress& progress,
                                     const std::function<bool(const Exploration&)>& ids) {
    std::optional<TextIds> texts;
    loadModelAndData(e, progress, [&texts, &ids](Exploration& loaded) {
        loadData(loaded);
        if (loaded.tokenizer && ids(loaded)) {
            texts = selectTextIds(loaded.dataset, loaded.spec.selection, *loaded.tokenizer);
            loaded.input = texts->input;
        } else {
            selectBatch(loaded);
        }
    });
    return texts;
}

// The analysis of the states held in e, keeping the timings of getting them.
void analyzeHeld(Exploration& e, const Progress& progress) {
    requireMemory(analysisMemory(e.states, e.spec.analysis), "the analysis",
                  e.spec.statesPath.empty() ? e.spec.modelPath : e.spec.statesPath);
    e.inputs = fitInputs(e, e.input);
    keepResult(e, analyze(e.states, e.spec.analysis, progress, e.inputs.get()));
}

}  // namespace

Progress progressPart(const Progress& whole, double from, double to) {
    Progress p;
    p.cancel = whole.cancel;
    if (whole.report)
        p.report = [report = whole.report, from, to](std::int64_t done, std::int64_t total, const std::string& stage) {
            const double f = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
            report(static_cast<std::int64_t>(1000 * (from + (to - from) * f)), 1000, stage);
        };
    return p;
}

std::vector<std::string> Exploration::notes() const {
    std::vector<std::string> out = dataset.notes;
    if (tokenizer) out.push_back(tokenizer->describe());
    return out;
}

const char* streamModeName(StreamMode mode) {
    return mode == StreamMode::On ? "on" : mode == StreamMode::Off ? "off" : "auto";
}

StreamMode parseStreamMode(const std::string& text) {
    return kStreamModes.parse(text);
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
    if (spec.stream == StreamMode::On)
        throw InputError("--stream", "on never holds the states, and this view of the batch needs them "
                                     "(kann analyze and kann insight stream)");
    // One bar for the whole run: the states take the first 70 % when a model is unrolled.
    const double statesShare = spec.statesPath.empty() ? 0.7 : 0.0;
    Exploration e = prepareStates(spec, progressPart(progress, 0.0, statesShare));
    analyzeHeld(e, progressPart(progress, statesShare, 1.0));
    return e;
}

Exploration runMoments(const SourceSpec& spec, const Progress& progress) {
    Exploration e;
    e.spec = spec;
    StateMoments total;
    const auto add = [&total](const HiddenStates& states, const StepInputs* inputs) {
        StateMoments part = stateMoments(states, states.lengths, Eigen::RowVectorXd::Zero(states.dim), inputs);
        if (total.rows == 0) total = std::move(part);
        else addMoments(total, part);
    };
    if (!spec.statesPath.empty()) {
        if (spec.analysis.fit == Fit::Inputs)
            throw InputError("--fit", "inputs needs the network's input at every step: saved states do not hold them");
        e = prepareStates(spec, progress);
        add(e.states, nullptr);
    } else {
        const std::optional<TextIds> texts = loadForBlocks(e, progressPart(progress, 0.0, 0.05), [](const Exploration&) { return true; });
        BlockUnroll unroll(e, texts ? &*texts : nullptr, {}, false);
        unroll.pass(0, [&add](const StateBlock& block, const InputBatch&) { add(block.states, block.inputs); },
                    progressPart(progress, 0.05, 1.0));
        e.result.timingsMs["unroll"] = unroll.unrollMs();
    }
    e.result.batch = e.input.batch > 0 ? e.input.batch : e.states.batch;
    e.result.dim = static_cast<int>(total.gram.rows());
    e.result.moments = std::make_shared<const StateMoments>(std::move(total));
    return e;
}

Exploration runAnalysis(const SourceSpec& spec, const Progress& progress, const ProcessShare& share,
                        const BlockVisit& afterwards) {
    if (!spec.statesPath.empty() && spec.stream == StreamMode::On)
        throw InputError("--stream", "on streams a model's unroll; saved states (--states) are read whole");
    if (!spec.statesPath.empty() && share.size > 1) {
        Exploration e = prepareStates(spec, progress);
        analyzeSavedShare(e, share, afterwards);
        return e;
    }
    if (!spec.statesPath.empty()) return runExploration(spec, progress);
    Exploration e;
    e.spec = spec;
    const Progress states = progressPart(progress, 0.0, 0.7);
    std::optional<TextIds> texts = loadForBlocks(e, states, [&share](const Exploration& loaded) { return mayStream(loaded, share); });
    const std::string reason = share.size > 1 ? "mpirun: " + std::to_string(share.size) + " processes"
                                              : streamReason(e, e.input.batch, e.input.time);
    if (reason.empty()) {
        if (texts) selectBatch(e);  // the padded ids and the texts, as runExploration has them
        unrollLoaded(e, states);
        analyzeHeld(e, progressPart(progress, 0.7, 1.0));
    } else {
        if (!texts && e.tokenizer) texts = keepIds(e);
        analyzeBlocks(e, texts ? &*texts : nullptr, reason, progress, share, afterwards);
    }
    return e;
}

}  // namespace kann
