// `kann insight`: which modes can be trusted and what they mean: prediction error of C,
// readout agreement, spectrum tracks, mode AUCs, the lexicon check and series bands.
#include "app/kann/commands.h"
#include "app/kann/source_options.h"
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

const char* kUsage =
    "usage: kann insight (--model CKPT --data D [--vocab V] | --states S.npy | --restore FILE) [options]\n"
    "  --lexicon L[,L...]      word lists (one word per line, or AFINN word<TAB>score); a folder\n"
    "                          stands for its positive-words.txt, negative-words.txt, AFINN-111.txt\n"
    "  --horizon H             prediction curve over 1..H steps (default 20)\n"
    "  --start-fraction F      readout agreement: propagate from step floor(F*(length-1)) (default 0)\n"
    "  --track-ks K1,K2,...    spectrum tracks at these k (default six values up to k)\n"
    "  --positive-label L      mode ranking: label L against the rest (default: the larger of two)\n"
    "  --modes N               most dominant modes in the lexicon check (default 5)\n"
    "  --min-occurrences N     words seen fewer times are left out (default 3)\n"
    "  --restore FILE          the source and options of a saved exploration (changed files warn)\n"
    "  --save FILE             save this exploration (paths, SHA-256, options) as JSON\n"
    "  --json OUT|-            write the report as JSON instead of the summary\n\n";

InsightOptions insightOptions(const Arguments& args) {
    InsightOptions o;
    o.horizon = args.integer("horizon", o.horizon);
    o.startFraction = args.real("start-fraction", o.startFraction, 0.0, 1.0);
    if (args.has("track-ks")) o.trackKs = args.integers("track-ks");
    o.positiveLabel = args.integer("positive-label", o.positiveLabel);
    o.lexiconModes = args.integer("modes", o.lexiconModes);
    o.minOccurrences = args.integer("min-occurrences", o.minOccurrences);
    if (args.has("lexicon")) o.lexicon = readLexicon(args.list("lexicon"));
    return o;
}

SourceSpec source(const Arguments& args) {
    const auto restore = args.get("restore");
    if (!restore) return sourceSpec(args);
    const RestoredExploration r = openExploration(*restore);
    for (const std::string& w : r.warnings) std::cerr << "kann insight: warning: " << w << "\n";
    return r.saved.spec;
}

std::string fmt(double x, const char* format = "%.3f") {
    if (!std::isfinite(x)) return "n/a";
    char buf[32];
    std::snprintf(buf, sizeof buf, format, x);
    return buf;
}

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
    if (printedHelp(raw, std::string(kUsage) + sourceOptionsHelp())) return 0;
    auto options = sourceOptionNames();
    options.insert({"json", "lexicon", "horizon", "start-fraction", "track-ks", "positive-label", "modes",
                    "min-occurrences", "restore", "save"});
    const Arguments args(raw, options, sourceFlagNames());
    const InsightOptions insight = insightOptions(args);
    const Exploration e = runExploration(source(args), stderrProgress());
    reportAssumptions(e);
    const InsightReport report = runInsight(e, insight, stderrProgress());
    if (auto target = args.get("save")) saveExploration(describeExploration(e.spec), *target);
    if (auto target = args.get("json")) {
        writeOutput(insightJson(e, report), *target);
    } else {
        printTrust(e, report, std::cout);
        printModes(e, report, std::cout);
        printMeaning(report, std::cout);
    }
    return 0;
}

}  // namespace kann::cli
