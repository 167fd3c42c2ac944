// `kann analyze`: hidden states (saved, or unrolled from a model on a dataset) -> Koopman analysis.
#include "app/kann/commands.h"
#include "app/kann/source_options.h"
#include "core/common/error.h"
#include "core/io/analysis_json.h"
#include "core/io/moments_file.h"

#include <cmath>
#include <cstdio>
#include <iostream>

namespace kann::cli {

namespace {

const char* kUsage =
    "usage: kann analyze (--states S.npy [--lengths L.npy] | --model CKPT --data D [--vocab V]\n"
    "                     | --moments A.npz,B.npz,...) [options] [--json OUT|-]\n"
    "Writes the analysis as one JSON object (to OUT, or stdout with -); without --json prints a summary.\n"
    "--moments merges the parts written by `kann unroll --moments-out` (same model, data and options)\n"
    "and fits from them alone: everything but the dominance, which needs the states.\n\n";

void printSummary(const KoopmanResult& r, std::ostream& out) {
    if (r.lengths.empty()) out << "moments of " << r.batch << " sequences, m = " << r.dim;
    else out << "states [" << r.batch << ", " << r.time << ", " << r.dim << "]";
    out << ", k = " << r.k << ", reduction "
        << reductionName(r.reduction) << (r.masked ? ", padding masked" : ", padding included")
        << ", relative residual " << r.residual << "\n";
    if (r.inputs)
        out << "fit with inputs: z(t+1) ~ z(t) A + u(t+1) B + c, the inputs' " << r.inputs->dim << " dimensions reduced to "
            << r.inputs->k << " (--input-k); the autonomous fit's residual on the same pairs is "
            << r.inputs->residualAutonomous << "; eigenvalues of A\n";
    out << "   #        re        im   |lambda|   dominance  pair\n";
    for (int j = 0; j < r.eigenvalues.size(); ++j) {
        char line[128];
        std::snprintf(line, sizeof line, "%4d %9.5f %9.5f %10.5f %11.4g  %4d\n", j, r.eigenvalues(j).real(),
                      r.eigenvalues(j).imag(), std::abs(r.eigenvalues(j)),
                      r.dominance.size() ? r.dominance(j) : std::nan(""), r.partner[j]);
        out << line;
    }
    if (r.dominance.size() == 0) out << "dominance: absent (a fit from moments; it needs the states)\n";
}

// The analysis options given with --moments; any option about the source is a mistake there.
AnalysisOptions momentsAnalysisOptions(const Arguments& args) {
    SourceSpec spec;
    const OptionValues values = givenSourceValues(args);
    for (const auto& [name, value] : values)
        if (findSourceOption(name)->group != "analysis")
            throw InputError("--" + name, "not used with --moments: the parts already say where the states came from");
    applySourceValues(values, spec);
    return spec.analysis;
}

KoopmanResult fitMoments(const Arguments& args) {
    const MomentsPart merged = mergeMoments(args.list("moments"));
    return analyzeMoments(merged.moments, static_cast<int>(merged.sequences), momentsAnalysisOptions(args));
}

KoopmanResult fitSource(const Arguments& args) {
    SourceSpec spec = sourceSpec(args);
    spec.analysis.keepReduced = false;  // the JSON needs no Zp: stream over the states, hold nothing of their size
    Exploration e = runExploration(spec, stderrProgress());
    reportAssumptions(e);
    return std::move(e.result);
}

}  // namespace

int analyzeCommand(const Args& raw) {
    if (printedHelp(raw, std::string(kUsage) + sourceOptionsHelp())) return 0;
    auto options = sourceOptionNames();
    options.insert({"json", "moments"});
    const Arguments args(raw, options, sourceFlagNames());
    const KoopmanResult result = args.has("moments") ? fitMoments(args) : fitSource(args);
    if (auto target = args.get("json")) {
        writeOutput(analysisJson(result), *target);
    } else {
        printSummary(result, std::cout);
    }
    return 0;
}

}  // namespace kann::cli
