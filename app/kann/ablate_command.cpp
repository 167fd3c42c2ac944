// `kann ablate`: remove modes from the network's state while it runs and measure how far its
// output moves, against a control edit of the same size along random directions.
#include "app/kann/commands.h"
#include "app/kann/number_text.h"
#include "app/kann/source_options.h"
#include "core/common/error.h"
#include "core/insight/mode_ablation.h"

#include <cmath>
#include <cstdio>
#include <iostream>

namespace kann::cli {

namespace {

std::string fmt(double x, const char* format = "%.4g") { return numberText(x, format); }

std::string modesText(const Ablation& a) {
    std::string text;
    for (int j : a.modes) text += (text.empty() ? "" : ",") + std::to_string(j);
    return text;
}

void printReport(const Exploration& e, const AblationReport& rep, std::ostream& out) {
    const KoopmanResult& r = e.result;
    out << "states [" << r.batch << ", " << r.time << ", " << r.dim << "], k = " << r.k << ", fit " << fitName(r.fit)
        << ", residual " << fmt(r.residual) << "\noutput compared: " << rep.output << "; control: " << rep.controlDraws
        << " random directions of the same size (seeds " << rep.seed << ".." << rep.seed + rep.controlDraws - 1 << ")";
    if (rep.labelled > 0) out << "; accuracy before " << fmt(rep.accuracyBefore, "%.3f") << " (" << rep.labelled << " labelled)";
    out << "\n\n  modes        |lambda|  dominance  mean|d out|  control  ratio  accuracy after  control accuracy"
           "  edit/state\n";
    for (const Ablation& a : rep.ablations) {
        const int j = a.modes.front();
        char line[200];
        std::snprintf(line, sizeof line, "  %-10s %9.5f %10.4g %11s %8s %6s %15s %17s %11s\n", modesText(a).c_str(),
                      std::abs(r.eigenvalues(j)), r.dominance(j), fmt(a.removed.meanAbsDeltaOutput).c_str(),
                      fmt(a.control.meanAbsDeltaOutput).c_str(),
                      fmt(a.removed.meanAbsDeltaOutput / a.control.meanAbsDeltaOutput, "%.1f").c_str(),
                      fmt(a.removed.accuracy, "%.3f").c_str(), fmt(a.control.accuracy, "%.3f").c_str(),
                      fmt(a.removed.editSize, "%.3f").c_str());
        out << line;
    }
}

}  // namespace

int ablateCommand(const Args& raw) {
    CLI::App app("Removes modes from the network's state after every step (the network continues from the edited "
                 "state) and compares the readout's logits of the final states (or an autoencoder's decoding) with and "
                 "without the edit, against a control edit of the same size along random directions.",
                 "kann ablate");
    OptionValues source;
    addSourceOptions(app, source);
    std::string modes, json;
    AblationOptions ablation;
    app.add_option("--modes", modes,
                   "J[,J...]: remove these modes together (a conjugate partner always goes with its mode); top:N: "
                   "remove each of the N most dominant modes (a pair once) in turn")
        ->type_name("J[,J...]|top:N")->required();
    app.add_option("--draws", ablation.controlDraws, "control: random directions, each the same size as the removed part")
        ->type_name("N")->check(CLI::PositiveNumber)->capture_default_str();
    app.add_option("--control-seed", ablation.seed, "the first draw's seed")->type_name("S")->capture_default_str();
    app.add_option("--json", json, "write the report as JSON instead of the summary")->type_name("OUT|-");
    if (!parseCommand(app, raw)) return 0;
    SourceSpec spec = sourceSpecFrom(source);
    if (spec.modelPath.empty()) throw InputError("--states", "ablation runs the network again: give --model and --data");
    spec.analysis.keepReduced = false;  // the removal needs the basis and the eigenvectors, not Zp
    // A streamed batch (--stream on, or auto on a large one) is run again a part at a time.
    const Exploration e = runAnalysis(spec, stderrProgress());
    const AblationReport report = ablateModes(e, parseModeSets(modes, e.result), ablation, stderrProgress());
    if (!json.empty()) writeOutput(ablationJson(e, report), json);
    else printReport(e, report, std::cout);
    return 0;
}

}  // namespace kann::cli
