// `kann insight`: which modes can be trusted and what they mean: prediction error of C,
// readout agreement, spectrum tracks, mode AUCs, the lexicon check and series bands.
#include "app/kann/commands.h"
#include "app/kann/number_text.h"
#include "app/kann/source_options.h"
#include "app/processes.h"
#include "core/common/error.h"
#include "core/insight/insight_report.h"
#include "core/insight/saved_exploration.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace kann::cli {

namespace {

// The insight options on `app`; the lexicon files land in `lexicon`, read once parsed.
void addInsightOptions(CLI::App& app, InsightOptions& o, std::vector<std::string>& lexicon) {
    app.add_option("--lexicon", lexicon,
                   "word lists (one word per line, or AFINN word<TAB>score); a folder stands for its "
                   "positive-words.txt, negative-words.txt, AFINN-111.txt")
        ->type_name("L[,L...]")
        ->delimiter(',');
    app.add_option("--horizon", o.horizon, "prediction curve over 1..H steps")->type_name("H")->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--start-fraction", o.startFraction,
                   "readout agreement: propagate from step floor(F*(length-1))")
        ->type_name("F")->check(CLI::Range(0.0, 1.0))->capture_default_str();
    app.add_option("--track-ks", o.trackKs, "spectrum tracks at these k (default six values up to k)")
        ->type_name("K1,K2,...")->delimiter(',');
    app.add_option("--positive-label", o.positiveLabel, "mode ranking: label L against the rest (default: the larger of two)")
        ->type_name("L");
    app.add_option("--modes", o.lexiconModes, "most dominant modes in the lexicon check")->type_name("N")->capture_default_str();
    app.add_option("--min-occurrences", o.minOccurrences, "words seen fewer times are left out")->type_name("N")
        ->capture_default_str();
}

// The source: the command line's, or a saved exploration's (changed files warn when `speaks`).
SourceSpec source(const std::string& restore, const OptionValues& values, bool speaks) {
    if (restore.empty()) return sourceSpecFrom(values);
    const RestoredExploration r = openExploration(restore);
    for (const std::string& w : r.warnings)
        if (speaks) std::cerr << "kann insight: warning: " << w << "\n";
    return r.saved.spec;
}

std::string fmt(double x, const char* format = "%.3f") { return numberText(x, format); }

void printTrust(const Exploration& e, const InsightReport& rep, std::ostream& out) {
    const KoopmanResult& r = e.result;
    out << "states [" << r.batch << ", " << r.time << ", " << r.dim << "], k = " << r.k << ", fit residual "
        << fmt(r.residual, "%.4g");
    if (r.inputs)
        out << " with inputs (" << r.inputs->dim << " input dims as " << r.inputs->k << "; autonomous "
            << fmt(r.inputs->residualAutonomous, "%.4g") << " on the same pairs; modes are A's)";
    out << "\n\nTRUST\n  prediction error of C^h (relative, reduced space" << (r.inputs ? ", inputs left out" : "") << "):";
    const auto& err = rep.prediction.relativeError;
    std::size_t h = 1;
    for (; h <= err.size(); h = h < 5 ? h + 1 : h * 2) out << "  h=" << h << " " << fmt(err[h - 1], "%.4g");
    if (h / 2 != err.size() && h - 1 != err.size() && !err.empty())  // the last horizon, unless just printed
        out << "  h=" << err.size() << " " << fmt(err.back(), "%.4g");
    out << "\n";
    if (const auto& a = rep.readout)
        out << "  readout accuracy (" << a->labelled << " labelled of " << a->sequences << "): network "
            << fmt(a->networkAccuracy) << ", projected to k " << fmt(a->projectedAccuracy) << ", Koopman-predicted from "
            << fmt(a->startFraction, "%.2f") << " of each sequence " << fmt(a->koopmanAccuracy)
            << "; agreement with the network " << fmt(a->agreement) << "\n";
    out << "  spectrum tracks over k =";
    for (const auto& s : rep.tracks.spectra) out << " " << s.k;
    out << "\n";
}

void printModes(const Exploration& e, const InsightReport& rep, std::ostream& out) {
    const KoopmanResult& r = e.result;
    out << "\n   #        re        im   |lambda|  dominance  residual  track-spread  label-AUC  corr(logit)\n";
    for (int j = 0; j < r.k; ++j) {
        const double spread = rep.tracks.tracks[rep.tracks.trackOfFinalMode[j]].spread;
        const ModeScore* s = rep.ranking ? &rep.ranking->scores[j] : nullptr;
        char line[200];
        std::snprintf(line, sizeof line, "%4d %9.5f %9.5f %10.5f %10.4g %9.4f %13.4f %10s %12s\n", j,
                      r.eigenvalues(j).real(), r.eigenvalues(j).imag(), std::abs(r.eigenvalues(j)), r.dominance(j),
                      r.eigenResidual(j), spread, s ? fmt(s->auc).c_str() : "-",
                      s ? fmt(s->logitCorrelation).c_str() : "-");
        out << line;
    }
}

template <class Words>
void printWords(const char* title, const Words& words, std::ostream& out) {
    out << "    " << title << ":";
    for (const auto& w : words) out << " " << w.word << " (" << fmt(w.value, "%.3g") << ")";
    out << "\n";
}

void printMeaning(const InsightReport& rep, std::ostream& out) {
    out << "\nMEANING\n";
    if (const auto& m = rep.ranking)
        out << "  label " << m->positiveLabel << " (" << m->positives << ") against the rest (" << m->negatives
            << "): best positive mode " << m->bestPositive << " (AUC " << fmt(m->scores[m->bestPositive].auc)
            << "), best negative mode " << m->bestNegative << " (AUC " << fmt(m->scores[m->bestNegative].auc) << ")\n";
    if (const auto& c = rep.lexicon) {
        out << "  lexicon check (" << c->words.size() << " words seen >= " << c->minOccurrences << " times, "
            << c->lexiconWords << " in the lexicon; chance 0.5):\n";
        for (std::size_t m = 0; m < c->modes.size(); ++m) {
            out << "    mode " << c->modes[m] << " kick AUC " << fmt(c->modeAuc[m]);
            if (m < rep.valence.size())
                out << ", vocabulary valence: polarity AUC " << fmt(rep.valence[m].auc) << " over "
                    << rep.valence[m].words << " lexicon words, |valence| AUC " << fmt(rep.valence[m].membershipAuc)
                    << " over " << rep.valence[m].vocabularyWords << " words";
            out << "\n";
        }
        out << "    baseline |dh| AUC " << fmt(c->hiddenChangeAuc) << ", |d logit| AUC " << fmt(c->logitChangeAuc) << "\n";
    }
    if (const auto& ends = rep.ends) {
        out << "  words at the ends of mode " << ends->mode << "'s signed scale:\n";
        printWords("top", ends->top, out);
        printWords("bottom", ends->bottom, out);
    }
    for (const VocabularyValence& v : rep.valence) {
        out << "  vocabulary valence of mode " << v.mode << " (the push of each word's embedding, e B v):\n";
        printWords("positive end", v.positiveEnd, out);
        printWords("negative end", v.negativeEnd, out);
    }
    for (const PairBand& b : rep.bands)
        out << "  pair " << b.mode << (b.partner >= 0 ? "/" + std::to_string(b.partner) : "") << ": steps [" << b.start
            << ", " << b.end << "), peak at " << b.peak << " (" << fmt(b.peakDifference, "%.3g") << ")\n";
    if (!rep.worst.empty()) out << "  worst reconstructed (dataset row, label, RMSE):";
    for (std::size_t i = 0; i < std::min<std::size_t>(rep.worst.size(), 5); ++i)
        out << " " << rep.worst[i].row << " (" << rep.worst[i].label << ", " << fmt(rep.worst[i].rmse, "%.3g") << ")";
    if (!rep.worst.empty()) out << "\n";
    for (const std::string& s : rep.skipped) out << "  (skipped " << s << ")\n";
}


}  // namespace

int insightCommand(const Args& raw) {
    CLI::App app("Which modes can be trusted and what they mean: prediction error of C, readout agreement, spectrum "
                 "tracks, mode AUCs, the lexicon check and series bands.",
                 "kann insight");
    OptionValues values;
    addSourceOptions(app, values);
    InsightOptions insight;
    std::vector<std::string> lexicon;
    addInsightOptions(app, insight, lexicon);
    std::string restore, save, json;
    app.add_option("--restore", restore, "the source and options of a saved exploration (changed files warn)")
        ->type_name("FILE");
    app.add_option("--save", save, "save this exploration (paths, SHA-256, options) as JSON")->type_name("FILE");
    app.add_option("--json", json, "write the report as JSON instead of the summary")->type_name("OUT|-");
    if (!parseCommand(app, raw)) return 0;
    if (!lexicon.empty()) insight.lexicon = readLexicon(lexicon);
    const ProcessShare share = processShare();
    const bool speaks = share.rank == 0;  // the other processes of an MPI job stay silent
    const Insight run = insightOfSource(source(restore, values, speaks), insight, speaks ? stderrProgress() : Progress{}, share);
    if (!speaks) return 0;  // rank 0 writes the report
    const Exploration& e = run.exploration;
    const InsightReport& report = run.report;
    reportAssumptions(e);  // after the work, so a refused option is still the one line on stderr
    if (!save.empty()) saveExploration(describeExploration(e.spec), save);
    if (!json.empty()) {
        writeOutput(insightJson(e, report), json);
    } else {
        printTrust(e, report, std::cout);
        printModes(e, report, std::cout);
        printMeaning(report, std::cout);
    }
    return 0;
}

}  // namespace kann::cli
