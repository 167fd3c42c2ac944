#pragma once
// One exploration: a model (or saved states), a dataset, a batch, its hidden states and the
// Koopman analysis of them. The CLI and the studio both build it here, so they agree exactly.
#include "core/analysis/analysis.h"
#include "core/analysis/streamed_analysis.h"
#include "core/common/named_values.h"
#include "core/data/batch.h"
#include "core/data/dataset.h"
#include "core/data/tokenizer.h"
#include "core/models/network.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace kann {

// Whether an analysis that needs only its result holds the batch's states or streams over them
// (runAnalysis).
enum class StreamMode { Auto, On, Off };
const char* streamModeName(StreamMode mode);         // "auto", "on", "off"
inline constexpr NamedValues<StreamMode, 3> kStreamModes{
    "--stream", {StreamMode::Auto, StreamMode::On, StreamMode::Off}, streamModeName};
StreamMode parseStreamMode(const std::string& text);  // throws InputError("--stream", ...)

// Where the states come from and how they are analysed: plain values, easy to save and restore.
struct SourceSpec {
    std::string modelPath;        // checkpoint or TorchScript; empty when statesPath is set
    std::string dataPath;         // dataset file or folder
    std::string vocabPath;        // text datasets: the model's vocabulary
    std::string statesPath;       // alternatively: saved states .npy [b, T, m]
    std::string lengthsPath;      // with statesPath: optional lengths .npy [b]
    LoadOptions load;
    DatasetOptions data;
    TokenizerOptions tokenizer;
    BatchSelection selection;
    AnalysisOptions analysis;
    StreamMode stream = StreamMode::Auto;
};

// Everything the views display. Shared read-only between threads once built.
struct Exploration {
    SourceSpec spec;
    std::shared_ptr<const Network> network;        // null when states came from a file
    std::shared_ptr<const Tokenizer> tokenizer;    // text datasets only
    Dataset dataset;                               // empty when states came from a file
    InputBatch input;
    std::vector<TokenizedText> tokenized;          // text datasets: one per sequence of the batch
    HiddenStates states;
    KoopmanResult result;
    // What each sequence says, kept by every route of runAnalysis (held, streamed, shared by MPI
    // processes: each fills its own rows, then they are added up), so that the meaning figures
    // need no states: with result.sequenceMagnitude (mean |φ_j| over its valid steps, spectrum.h),
    RowMatrixXf readoutLogits;                     // batch x outputs from the final valid states; empty without readout
    std::vector<double> reconstructionError;       // batch: RMSE of an autoencoder's decoding (reconstruction_rmse.h); else empty
    std::shared_ptr<const StepInputs> inputs;      // the network's input at each step; set by a fit with inputs
    int pageStart = 0;                             // a page (explorationPage): the whole batch's sequence its first is

    bool isText() const { return !tokenized.empty(); }
    // What was detected or assumed in reading the data, in words: the dataset's notes, then the
    // tokenizer and vocabulary used.
    std::vector<std::string> notes() const;
};

// The progress of one part of a run: the part's done/total fills [from, to] (fractions of the
// whole), so one bar runs once from 0 to 100 % over every part. Same cancel flag.
Progress progressPart(const Progress& whole, double from, double to);

// Loads the model and the batch and unrolls it (or reads saved states): everything but the result.
// Stages reported through progress: "load model", "load data", "unroll".
// Throws InputError naming the file and the problem, Cancelled on cancel.
Exploration prepareStates(const SourceSpec& spec, const Progress& progress = {});

// prepareStates, then the analysis (its stages follow). Throws as above, and AnalysisError.
Exploration runExploration(const SourceSpec& spec, const Progress& progress = {});

// A block of a streamed run's sequences, visited once more after the analysis (runAnalysis).
struct SequenceBlock {
    const HiddenStates& states;          // the block's states, padded to its longest sequence
    const InputBatch& input;             // the block's inputs: ids or values, lengths, labels
    const std::vector<int>& sequences;   // the index in the batch of each of its sequences
    const StepInputs* inputs = nullptr;  // a fit with inputs: the network's input at each step
};
// What a report that sums over the states (kann insight) reads of each block, with the run's
// finished exploration (its states empty).
using BlockVisit = std::function<void(const Exploration& e, const SequenceBlock& block)>;

// The batch's moments alone (uncentred, over the valid steps; with a fit with inputs the input
// blocks too) in result.moments, nothing fitted: a model's batch is unrolled a block of sequences of
// similar length at a time, like the first pass of a streamed analysis, so memory does not grow
// with it (states empty, input and readoutLogits as a streamed run's); saved states are read whole.
// Throws as runAnalysis, and InputError("--fit") for inputs with saved states.
Exploration runMoments(const SourceSpec& spec, const Progress& progress = {});

// Padded states above this many bytes make StreamMode::Auto stream (or half the available memory,
// when less): well above the paper's batch, well below what a shared machine can hold twice.
constexpr std::uint64_t kStreamBudgetBytes = std::uint64_t(1) << 30;

// The analysis alone, for callers that need its result (and the readout logits) but not the
// states, such as `kann analyze`. Streams when spec.stream is On, or Auto and
// the padded states of a model's batch would pass kStreamBudgetBytes: the batch is then unrolled
// in blocks of sequences of similar length, once for the moments and once for the mode statistics,
// so memory does not grow with it; Exploration::states stays empty, input keeps the lengths, labels
// and rows but not the ids or values, tokenized stays empty, and result.streamed says how.
// Otherwise as runExploration, with the states. Throws as runExploration, and InputError("--stream")
// for saved states with StreamMode::On.
// With a `share` of several processes (an MPI job) every process loads the batch and streams: a
// model's batch is cut into length blocks, each process unrolling every size-th from its rank on (a
// batch of fewer blocks than processes is cut finer), saved states are cut into contiguous ranges
// of sequences; the sums are added across the processes, so each ends with the whole result.
// Throws InputError("mpirun", ...) when the batch has fewer sequences than processes.
// With `afterwards`, a run that streams passes over its blocks once more when its analysis is done
// (from the spill file, or unrolled again) and calls it on each (a process sharing saved states: on
// its range); a run that holds the states does not call it (the states are there).
Exploration runAnalysis(const SourceSpec& spec, const Progress& progress = {}, const ProcessShare& share = {},
                        const BlockVisit& afterwards = {});

}  // namespace kann
