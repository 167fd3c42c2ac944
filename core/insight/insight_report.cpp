#include "core/insight/insight_report.h"

#include "core/common/error.h"
#include "core/insight/final_states.h"
#include "core/insight/mode_pairs.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace kann {

namespace {

using nlohmann::json;

bool hasReadout(const Exploration& e) { return e.network && e.network->info().readoutOutputs > 0; }
bool hasDecoder(const Exploration& e) { return e.network && e.network->info().decoderOutputs > 0; }

// The modes the lexicon check looks at: the most dominant, then the ranking's best two.
std::vector<int> lexiconModes(const KoopmanResult& r, const InsightReport& report, int count) {
    std::vector<int> modes = dominantPairs(r, count);
    if (report.ranking)
        for (int j : {report.ranking->bestPositive, report.ranking->bestNegative})
            if (j >= 0 && std::find(modes.begin(), modes.end(), j) == modes.end()) modes.push_back(j);
    return modes;
}

// Why a streamed run leaves a part out.
const char* const kWhole = "needs every state of the batch at once, which a streamed run never holds (--stream off)";

void addMeaning(const Exploration& e, const InsightOptions& o, InsightReport& report) {
    try {
        report.ranking = rankModes(e, o.positiveLabel);
    } catch (const InputError& err) {
        if (err.source() != "labels") throw;
        report.skipped.push_back("mode ranking: " + err.problem());
    }
    if (e.result.streamed && e.tokenizer)
        return report.skipped.push_back(std::string("lexicon check and vocabulary valence: each word's kick ") + kWhole);
    if (!e.isText()) return report.skipped.push_back("lexicon check: the dataset is not text");
    if (!o.lexicon) return report.skipped.push_back("lexicon check: no lexicon given");
    report.lexicon = lexiconCheck(e, *o.lexicon, lexiconModes(e.result, report, o.lexiconModes), o.minOccurrences);
    if (const int best = bestLexiconMode(*report.lexicon); best >= 0)
        report.ends = signedEnds(e, best, o.endWords, o.minOccurrences);
    if (!e.result.inputs) return report.skipped.push_back("vocabulary valence: needs the fit with inputs (--fit inputs)");
    for (int j : report.lexicon->modes) report.valence.push_back(vocabularyValence(e, *o.lexicon, j, o.endWords));
}

// NaN is not JSON: null instead.
json number(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json numbers(const std::vector<double>& xs) {
    json out = json::array();
    for (double x : xs) out.push_back(number(x));
    return out;
}

json complexJson(std::complex<double> z) { return {{"re", z.real()}, {"im", z.imag()}}; }

json modesJson(const Exploration& e, const InsightReport& report) {
    const KoopmanResult& r = e.result;
    json modes = json::array();
    for (int j = 0; j < r.k; ++j) {
        json m = {{"mode", j}, {"lambda", complexJson(r.eigenvalues(j))}, {"modulus", std::abs(r.eigenvalues(j))},
                  {"dominance", r.dominance(j)}, {"residual", number(r.eigenResidual(j))}, {"pair", r.partner[j]}};
        if (report.ranking) {
            const ModeScore& s = report.ranking->scores[j];
            m["label_auc"] = number(s.auc);
            m["label_sign"] = s.sign;
            m["logit_correlation"] = number(s.logitCorrelation);
        }
        modes.push_back(std::move(m));
    }
    return modes;
}

json readoutJson(const ReadoutAgreement& a) {
    return {{"start_fraction", a.startFraction}, {"sequences", a.sequences}, {"labelled", a.labelled},
            {"network_accuracy", number(a.networkAccuracy)}, {"projected_accuracy", number(a.projectedAccuracy)},
            {"koopman_accuracy", number(a.koopmanAccuracy)}, {"agreement", number(a.agreement)}};
}

json tracksJson(const SpectrumTracks& t) {
    json ks = json::array(), tracks = json::array();
    for (const SpectrumAtK& s : t.spectra) ks.push_back(s.k);
    for (const Track& track : t.tracks) {
        json points = json::array();
        for (const auto& p : track.points) points.push_back({{"k", t.spectra[p.kIndex].k}, {"mode", p.mode},
                                                             {"re", p.lambda.real()}, {"im", p.lambda.imag()}});
        tracks.push_back({{"spread", track.spread}, {"points", std::move(points)}});
    }
    return {{"ks", ks}, {"tracks", tracks}, {"track_of_final_mode", t.trackOfFinalMode}};
}

json rankingJson(const ModeRanking& m) {
    return {{"positive_label", m.positiveLabel}, {"positives", m.positives}, {"negatives", m.negatives},
            {"by_auc", m.byAuc}, {"by_correlation", m.byCorrelation},
            {"best_positive", m.bestPositive}, {"best_negative", m.bestNegative}};
}

json wordsJson(const std::vector<WordValue>& words) {
    json out = json::array();
    for (const WordValue& w : words) out.push_back({{"word", w.word}, {"occurrences", w.occurrences}, {"value", w.value}});
    return out;
}

json lexiconJson(const LexiconCheck& c, const std::optional<SignedEnds>& ends) {
    json modes = json::array();
    for (std::size_t m = 0; m < c.modes.size(); ++m) modes.push_back({{"mode", c.modes[m]}, {"auc", number(c.modeAuc[m])}});
    json out = {{"min_occurrences", c.minOccurrences}, {"words", c.words.size()}, {"lexicon_words", c.lexiconWords},
                {"modes", modes}, {"hidden_change_auc", number(c.hiddenChangeAuc)},
                {"logit_change_auc", number(c.logitChangeAuc)}};
    if (ends) out["signed_ends"] = {{"mode", ends->mode}, {"top", wordsJson(ends->top)}, {"bottom", wordsJson(ends->bottom)}};
    return out;
}

json valencedJson(const std::vector<ValencedWord>& words) {
    json out = json::array();
    for (const ValencedWord& w : words) out.push_back({{"word", w.word}, {"value", w.value}});
    return out;
}

json valenceJson(const std::vector<VocabularyValence>& valence) {
    json out = json::array();
    for (const VocabularyValence& v : valence)
        out.push_back({{"mode", v.mode}, {"auc", number(v.auc)}, {"membership_auc", number(v.membershipAuc)},
                       {"words", v.words}, {"vocabulary_words", v.vocabularyWords},
                       {"positive_end", valencedJson(v.positiveEnd)}, {"negative_end", valencedJson(v.negativeEnd)}});
    return out;
}

json bandsJson(const std::vector<PairBand>& bands) {
    json out = json::array();
    for (const PairBand& b : bands)
        out.push_back({{"mode", b.mode}, {"partner", b.partner}, {"start", b.start}, {"end", b.end},
                       {"peak", b.peak}, {"peak_difference", b.peakDifference}, {"difference", numbers(b.difference)}});
    return out;
}

json worstJson(const std::vector<SequenceError>& worst) {
    json out = json::array();
    for (const SequenceError& w : worst)
        out.push_back({{"sequence", w.sequence}, {"row", w.row}, {"label", w.label}, {"rmse", number(w.rmse)}});
    return out;
}

void addTracks(const Exploration& e, const InsightOptions& o, InsightReport& report, const Progress& progress) {
    std::vector<int> ks = o.trackKs.empty() ? evenlySpacedKs(e.result.k, 6) : o.trackKs;
    ks.push_back(e.result.k);  // so every mode of the analysis ends a track
    report.tracks = spectrumTracks(e.result, ks, progress);
}

// The decoding reads only the final valid state of each sequence (`finalStates`, batch x dim) and
// the sequences' lengths.
void addDecoding(const Exploration& e, const InsightOptions& o, InsightReport& report, const RowMatrixXf& finalStates,
                 const std::vector<int>& lengths) {
    if (!hasDecoder(e)) return report.skipped.push_back("series bands and reconstruction errors: the model has no decoder");
    report.worst = reconstructionErrors(e);
    report.bands = pairBands(e, finalStates, lengths, o.bandPairs);
}

// The sums of a streamed run's blocks, begun at its first block, once the analysis is known.
class StreamedSums {
public:
    explicit StreamedSums(const InsightOptions& o) : o_(o) {}

    void add(const Exploration& e, const SequenceBlock& block) {
        begin(e);
        const BatchPart part{block.sequences, reducedRows(e.result, block.states), block.inputs};
        prediction_->add(part);
        if (readout_) readout_->add(e, part);
        if (finals_) finals_->add(block);
    }

    // The sums of every process of `share` combined, so that each holds the whole batch's: a
    // process has added its own share of the sequences. Every sums class takes part here.
    void combine(const Exploration& e, const ProcessShare& share) {
        if (share.size == 1) return;
        begin(e);
        prediction_->sumAcross(share);
        if (readout_) readout_->sumAcross(share);
        if (finals_) finals_->sumAcross(share);
    }

    InsightReport report(const Exploration& e, const Progress& progress) const {
        InsightReport report;
        report.prediction = prediction_->curve();
        addTracks(e, o_, report, progress);
        if (readout_) report.readout = readout_->finish(e);
        else report.skipped.push_back("readout agreement: the model has no readout");
        addMeaning(e, o_, report);
        if (finals_) report.finalStates = finals_->states();
        addDecoding(e, o_, report, report.finalStates, e.input.lengths);
        return report;
    }

private:
    void begin(const Exploration& e) {
        if (prediction_) return;
        prediction_.emplace(e.result, o_.horizon);
        if (hasReadout(e)) readout_.emplace(e, o_.startFraction);
        if (hasDecoder(e)) finals_.emplace(e.result.batch, e.result.dim);
    }

    // Zp of a block's rows, (z - mean)·P, a row only where asked for.
    static ReducedRows reducedRows(const KoopmanResult& r, const HiddenStates& s) {
        return [&r, &s](const std::vector<std::pair<int, int>>& rows) {
            RowMatrixXd z(static_cast<Eigen::Index>(rows.size()), s.dim);
            for (std::size_t n = 0; n < rows.size(); ++n)
                z.row(static_cast<Eigen::Index>(n)) =
                    Eigen::Map<const Eigen::RowVectorXf>(s.row(rows[n].first, rows[n].second), s.dim).cast<double>() - r.mean;
            return RowMatrixXd(z * r.basis);
        };
    }

    const InsightOptions& o_;
    std::optional<PredictionSums> prediction_;
    std::optional<ReadoutSums> readout_;
    std::optional<FinalStates> finals_;
};

}  // namespace

InsightReport runInsight(const Exploration& e, const InsightOptions& o, const Progress& progress) {
    InsightReport report;
    report.prediction = predictionCurve(e.result, o.horizon, progress, e.inputs.get());
    addTracks(e, o, report, progress);
    if (hasReadout(e)) report.readout = readoutAgreement(e, o.startFraction);
    else report.skipped.push_back("readout agreement: the model has no readout");
    addMeaning(e, o, report);
    addDecoding(e, o, report, e.states.lastValidStates(), e.states.lengths);
    return report;
}

Insight insightOfSource(const SourceSpec& spec, const InsightOptions& o, const Progress& progress,
                        const ProcessShare& share) {
    SourceSpec held = spec;
    held.analysis.keepReduced = true;  // the held route reads Zp
    StreamedSums sums(o);
    Insight out;
    out.exploration = runAnalysis(held, progress, share, [&sums](const Exploration& e, const SequenceBlock& block) {
        sums.add(e, block);
    });
    const Exploration& e = out.exploration;
    if (e.result.streamed) {
        sums.combine(e, share);
        out.report = sums.report(e, progress);
    } else if (o.heldReport) {
        out.report = runInsight(e, o, progress);
    }
    return out;
}

std::string insightJson(const Exploration& e, const InsightReport& report, int indent) {
    const KoopmanResult& r = e.result;
    json out = {{"shape", {r.batch, r.time, r.dim}}, {"k", r.k}, {"residual", r.residual}, {"fit", fitName(r.fit)},
                {"modes", modesJson(e, report)},
                {"prediction", {{"relative_error", numbers(report.prediction.relativeError)},
                                {"starts", report.prediction.starts}}},
                {"tracks", tracksJson(report.tracks)}, {"skipped", report.skipped}};
    if (report.readout) out["readout"] = readoutJson(*report.readout);
    if (report.ranking) out["ranking"] = rankingJson(*report.ranking);
    if (report.lexicon) out["lexicon"] = lexiconJson(*report.lexicon, report.ends);
    if (!report.valence.empty()) out["vocabulary_valence"] = valenceJson(report.valence);
    if (r.inputs) {
        out["residual_autonomous"] = r.inputs->residualAutonomous;
        out["input_dim"] = r.inputs->dim;
        out["input_k"] = r.inputs->k;
    }
    if (!report.bands.empty()) out["bands"] = bandsJson(report.bands);
    if (!report.worst.empty()) out["reconstruction_errors"] = worstJson(report.worst);
    return out.dump(indent);
}

}  // namespace kann
