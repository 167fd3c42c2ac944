// `kann analyze`: hidden states (saved, or unrolled from a model on a dataset) -> Koopman analysis.
#include "app/kann/commands.h"
#include "app/kann/source_options.h"
#include "core/common/error.h"
#include "core/io/analysis_json.h"

#include <cmath>
#include <cstdio>
#include <iostream>

namespace kann::cli {

namespace {

const char* kUsage =
    "usage: kann analyze (--states S.npy [--lengths L.npy] | --model CKPT --data D [--vocab V]) [options]\n"
    "                    [--json OUT|-]\n"
    "Writes the analysis as one JSON object (to OUT, or stdout with -); without --json prints a summary.\n\n";

void printSummary(const Exploration& e, std::ostream& out) {
    const KoopmanResult& r = e.result;
    if (e.network) out << "model: " << e.network->info().description << "\n";
    out << "states [" << r.batch << ", " << r.time << ", " << r.dim << "], k = " << r.k << ", reduction "
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
                      r.eigenvalues(j).imag(), std::abs(r.eigenvalues(j)), r.dominance(j), r.partner[j]);
        out << line;
    }
}

}  // namespace

int analyzeCommand(const Args& raw) {
    if (printedHelp(raw, std::string(kUsage) + sourceOptionsHelp())) return 0;
    auto options = sourceOptionNames();
    options.insert("json");
    const Arguments args(raw, options, sourceFlagNames());
    SourceSpec spec = sourceSpec(args);
    spec.analysis.keepReduced = false;  // the JSON needs no Zp: stream over the states, hold nothing of their size
    const Exploration e = runExploration(spec, stderrProgress());
    reportAssumptions(e);
    if (auto target = args.get("json")) {
        ModelNotes notes;
        if (e.network) notes = {e.network->info().description, e.network->info().assumptions};
        writeOutput(analysisJson(e.result, 2, notes), *target);
    } else {
        printSummary(e, std::cout);
    }
    return 0;
}

}  // namespace kann::cli
