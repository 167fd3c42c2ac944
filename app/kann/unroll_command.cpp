// `kann unroll`: run a model over a dataset batch and save its hidden states as .npy.
#include "app/kann/commands.h"
#include "app/kann/source_options.h"
#include "core/io/npy.h"

#include <iostream>

namespace kann::cli {

namespace {

const char* kUsage =
    "usage: kann unroll --model CKPT --data D [--vocab V] [selection options] --out S.npy [--lengths-out L.npy]\n"
    "Writes the hidden states [b,T,m] as float32 and the valid lengths [b] as int64.\n\n";

}  // namespace

int unrollCommand(const Args& raw) {
    if (printedHelp(raw, std::string(kUsage) + sourceOptionsHelp())) return 0;
    auto options = sourceOptionNames();
    options.insert({"out", "lengths-out"});
    const Arguments args(raw, options, sourceFlagNames());
    const std::string out = args.require("out");
    const Exploration e = prepareStates(sourceSpec(args), stderrProgress());
    reportAssumptions(e);
    writeStatesNpy(e.states, out, args.value("lengths-out", ""));
    std::cerr << "wrote states [" << e.states.batch << ", " << e.states.time << ", " << e.states.dim << "] to "
              << out << (e.network && e.network->info().timeReversed
                             ? " (the backward direction, in reversed time: step t of a sequence of length n is token n-1-t)"
                             : "")
              << "\n";
    return 0;
}

}  // namespace kann::cli
