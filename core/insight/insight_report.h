#pragma once
// Every trust and meaning figure of one exploration in one call: what `kann insight` prints and
// writes as JSON, and what the studio shows. Parts that do not apply (no readout, no labels, not
// text, no decoder) are left empty with the reason in `skipped`.
#include "core/insight/lexicon_check.h"
#include "core/insight/mode_ranking.h"
#include "core/insight/prediction.h"
#include "core/insight/reconstruction_error.h"
#include "core/insight/series_band.h"
#include "core/insight/spectrum_tracks.h"
#include "core/insight/vocabulary_valence.h"

#include <optional>
#include <string>
#include <vector>

namespace kann {

struct InsightOptions {
    int horizon = 20;              // prediction curve: horizons 1..horizon
    double startFraction = 0.0;    // readout agreement: propagate from this fraction of each sequence
    std::vector<int> trackKs;      // spectrum tracks (the analysis's k always added); empty = evenlySpacedKs(k, 6)
    int positiveLabel = -1;        // mode ranking (see rankModes)
    std::optional<Lexicon> lexicon;  // the lexicon check runs only with one
    int lexiconModes = 5;          // the most dominant modes checked, plus the ranking's best two
    int minOccurrences = 3;
    int endWords = 10;             // words listed at each end of the best mode's signed scale
    int bandPairs = 3;             // series bands of the most dominant pairs
    // insightOfSource on a run that holds its states: false returns it with an empty report at
    // once, for a caller that shows the states first and computes the report (runInsight) later.
    bool heldReport = true;
};

struct InsightReport {
    PredictionCurve prediction;
    SpectrumTracks tracks;
    std::optional<ReadoutAgreement> readout;
    std::optional<ModeRanking> ranking;
    std::optional<LexiconCheck> lexicon;
    std::optional<SignedEnds> ends;   // of the mode with the best lexicon AUC
    std::vector<VocabularyValence> valence;  // fits with inputs: per mode of the lexicon check
    std::vector<PairBand> bands;
    std::vector<SequenceError> worst;  // autoencoders: sequences by reconstruction error, worst first
    std::vector<std::string> skipped;  // "readout agreement: the model has no readout", ...
    // A streamed run of an autoencoder: the final valid state of each sequence (final_states.h),
    // from which any pair's decoding over the whole batch follows (pairBands, decodeStates); else empty.
    RowMatrixXf finalStates;
};

// Computes the report. Throws InputError for bad options, Cancelled on cancel.
InsightReport runInsight(const Exploration& e, const InsightOptions& options, const Progress& progress = {});

struct Insight {
    Exploration exploration;
    InsightReport report;
};

// The exploration of `spec` and its report, the states held or streamed as spec.stream says
// (runAnalysis). A streamed run passes over its blocks once more for the prediction curve and the readout agreement,
// refits the spectrum tracks from its moments, ranks the modes and the reconstructions from its
// per-sequence summaries, and decodes the series bands from each sequence's final state kept on that
// pass (InsightReport::finalStates): the held run's figures to rounding (the bands of equal final
// states to the bit). The lexicon check and vocabulary valence need every state at once: a streamed
// run lists them in `skipped` with the reason.
// With a `share` of several processes (an MPI job) each process streams its share of the batch
// (runAnalysis) and the sums of the extra pass are combined across them, so that every process
// ends with the whole batch's report, the single streamed run's to rounding.
// Throws as runAnalysis and runInsight.
Insight insightOfSource(const SourceSpec& spec, const InsightOptions& options, const Progress& progress = {},
                        const ProcessShare& share = {});

// The report as one JSON object (eigenvalues with dominance, residual, AUC and correlation;
// the prediction curve; readout agreement; tracks; lexicon AUCs and word ends; bands).
std::string insightJson(const Exploration& e, const InsightReport& report, int indent = 2);

}  // namespace kann
