// `kann unroll`: run a model over a dataset batch and save its hidden states as .npy.
#include "app/kann/commands.h"
#include "app/kann/source_options.h"
#include "core/io/npy.h"

#include <iostream>

namespace kann::cli {

int unrollCommand(const Args& raw) {
    CLI::App app("Runs a model over a batch of a dataset and writes its hidden states [b, T, m] as float32 .npy, "
                 "and the valid lengths [b] as int64.",
                 "kann unroll");
    OptionValues source;
    addSourceOptions(app, source);
    std::string out, lengthsOut;
    app.add_option("--out", out, "the states file")->type_name("S.npy")->required();
    app.add_option("--lengths-out", lengthsOut, "the lengths file")->type_name("L.npy");
    if (!parseCommand(app, raw)) return 0;
    const Exploration e = prepareStates(sourceSpecFrom(source), stderrProgress());
    reportAssumptions(e);
    writeStatesNpy(e.states, out, lengthsOut);
    std::cerr << "wrote states [" << e.states.batch << ", " << e.states.time << ", " << e.states.dim << "] to "
              << out << (e.network && e.network->info().timeReversed
                             ? " (the backward direction, in reversed time: step t of a sequence of length n is token n-1-t)"
                             : "")
              << "\n";
    return 0;
}

}  // namespace kann::cli
