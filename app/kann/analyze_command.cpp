// `kann analyze`: hidden states (saved, or unrolled from a model on a dataset) -> Koopman analysis.
#include "app/kann/commands.h"
#include "app/kann/source_options.h"
#include "app/processes.h"
#include "core/common/error.h"
#include "core/io/moments_file.h"
#include "core/pipeline/results_json.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>

namespace kann::cli {

namespace {

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
    if (r.streamed)
        out << "streamed (" << r.streamed->reason << "): " << r.streamed->blocks << " blocks of sequences by length, "
            << "the second pass by " << r.streamed->secondPass << "; the states were never held\n";
}

// The fit from the merged parts; of the options given only the analysis ones apply: the parts
// already say where the states came from.
Exploration fitMoments(const std::vector<std::string>& parts, const OptionValues& given) {
    Exploration e;
    for (const auto& [name, value] : given)
        if (findSourceOption(name)->group != "analysis")
            throw InputError("--" + name, "not used with --moments: the parts already say where the states came from");
    applySourceValues(given, e.spec);
    const MomentsPart merged = mergeMoments(parts);
    e.result = analyzeMoments(merged.moments, static_cast<int>(merged.sequences), e.spec.analysis);
    return e;
}

Exploration fitSource(const OptionValues& given, const ProcessShare& share) {
    SourceSpec spec = sourceSpecFrom(given);
    spec.analysis.keepReduced = false;  // the JSON needs no Zp: stream over the states, hold nothing of their size
    const bool speaks = share.rank == 0;  // the other processes of an MPI job stay silent
    Exploration e = runAnalysis(spec, speaks ? stderrProgress() : Progress{}, share);
    if (speaks) reportAssumptions(e);
    return e;
}

}  // namespace

int analyzeCommand(const Args& raw) {
    CLI::App app("The Koopman analysis of hidden states: saved ones (--states), those of a model (--model) "
                 "unrolled on a batch of a dataset (--data), or the merged moments of parts unrolled anywhere "
                 "(--moments). Prints a summary, or writes the analysis as one JSON object with --json.",
                 "kann analyze");
    OptionValues source;
    addSourceOptions(app, source);
    std::string json;
    std::vector<std::string> moments;
    app.add_option("--json", json, "write the analysis as JSON to OUT, or to stdout with -")->type_name("OUT|-");
    app.add_option("--moments", moments,
                   "fit from the parts written by `kann unroll --moments-out` (same model, data and options), "
                   "merged exactly: everything but the dominance, which needs the states")
        ->type_name("P.npz ...")
        ->delimiter(',');
    if (!parseCommand(app, raw)) return 0;
    const ProcessShare share = processShare();
    const Exploration e = moments.empty() ? fitSource(source, share) : fitMoments(moments, source);
    if (share.rank > 0) return 0;  // rank 0 writes the result
    if (!json.empty()) {
        nlohmann::json out = resultsJson(e);
        if (!moments.empty()) out["source"]["moments"] = moments;
        writeOutput(out.dump(2), json);
    } else {
        if (e.network) std::cout << "model: " << e.network->info().description << "\n";
        printSummary(e.result, std::cout);
    }
    return 0;
}

}  // namespace kann::cli
