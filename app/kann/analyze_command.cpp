// `kann analyze`: hidden states (saved, or unrolled from a model on a dataset) -> Koopman analysis.
#include "app/kann/commands.h"
#include "app/kann/source_options.h"
#include "core/pipeline/results_json.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>

namespace kann::cli {

namespace {

void printSummary(const KoopmanResult& r, std::ostream& out) {
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
    if (r.streamed)
        out << "streamed (" << r.streamed->reason << "): " << r.streamed->blocks << " blocks of sequences by length, "
            << "the second pass by " << r.streamed->secondPass << "; the states were never held\n";
}

}  // namespace

int analyzeCommand(const Args& raw) {
    CLI::App app("The Koopman analysis of hidden states: saved ones (--states), or those of a model (--model) "
                 "unrolled on a batch of a dataset (--data). Prints a summary, or writes the analysis as one JSON "
                 "object with --json.",
                 "kann analyze");
    OptionValues source;
    addSourceOptions(app, source);
    std::string json;
    app.add_option("--json", json, "write the analysis as JSON to OUT, or to stdout with -")->type_name("OUT|-");
    if (!parseCommand(app, raw)) return 0;
    SourceSpec spec = sourceSpecFrom(source);
    spec.analysis.keepReduced = false;  // the JSON needs no Zp: stream over the states, hold nothing of their size
    const Exploration e = runAnalysis(spec, stderrProgress());
    reportAssumptions(e);
    if (!json.empty()) {
        writeOutput(resultsJson(e).dump(2), json);
    } else {
        if (e.network) std::cout << "model: " << e.network->info().description << "\n";
        printSummary(e.result, std::cout);
    }
    return 0;
}

}  // namespace kann::cli
