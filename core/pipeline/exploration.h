#pragma once
// One exploration: a model (or saved states), a dataset, a batch, its hidden states and the
// Koopman analysis of them. The CLI and the studio both build it here, so they agree exactly.
#include "core/analysis/analysis.h"
#include "core/data/batch.h"
#include "core/data/dataset.h"
#include "core/data/tokenizer.h"
#include "core/models/network.h"

#include <memory>
#include <optional>
#include <string>

namespace kann {

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
    RowMatrixXf readoutLogits;                     // batch x outputs from the final valid states; empty without readout
    std::shared_ptr<const StepInputs> inputs;      // the network's input at each step; set by a fit with inputs

    bool isText() const { return !tokenized.empty(); }
    // What was detected or assumed in reading the data, in words: the dataset's notes, then the
    // tokenizer and vocabulary used.
    std::vector<std::string> notes() const;
};

// Loads the model and the batch and unrolls it (or reads saved states): everything but the result.
// Stages reported through progress: "load model", "load data", "unroll".
// Throws InputError naming the file and the problem, Cancelled on cancel.
Exploration prepareStates(const SourceSpec& spec, const Progress& progress = {});

// prepareStates, then the analysis (its stages follow). Throws as above, and AnalysisError.
Exploration runExploration(const SourceSpec& spec, const Progress& progress = {});

}  // namespace kann
