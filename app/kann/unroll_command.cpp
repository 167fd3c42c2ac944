// `kann unroll`: run a model over a dataset batch and save its hidden states as .npy.
#include "app/kann/commands.h"
#include "app/kann/source_options.h"
#include "core/common/error.h"
#include "core/io/npy.h"
#include "core/pipeline/states_fingerprint.h"

#include <iostream>

namespace kann::cli {

namespace {

const char* kUsage =
    "usage: kann unroll --model CKPT --data D [--vocab V] [selection options] [--out S.npy [--lengths-out L.npy]]\n"
    "                   [--moments-out PART.npz]\n"
    "Writes the hidden states [b,T,m] as float32 and the valid lengths [b] as int64, and/or the batch's\n"
    "moments (sums over the valid steps, float64) for `kann analyze --moments`: split a dataset by --offset\n"
    "and --batch over machines, then merge the parts into one exact fit.\n\n";

void writeMomentsPart(const Exploration& e, const std::string& path) {
    if (e.spec.analysis.includePadding)
        throw InputError("--include-padding", "moments cover the valid steps only (padding depends on each part's "
                                              "longest sequence, so parts would not add up to one run)");
    MomentsPart part;
    part.moments = stateMoments(e.states, e.states.lengths, Eigen::RowVectorXd::Zero(e.states.dim));
    part.sequences = e.states.batch;
    part.fingerprint = statesFingerprint(e.spec);
    writeMoments(path, part);
    std::cerr << "wrote the moments of " << part.sequences << " sequences (" << part.moments.rows << " steps, m = "
              << e.states.dim << ") to " << path << "\n";
}

}  // namespace

int unrollCommand(const Args& raw) {
    if (printedHelp(raw, std::string(kUsage) + sourceOptionsHelp())) return 0;
    auto options = sourceOptionNames();
    options.insert({"out", "lengths-out", "moments-out"});
    const Arguments args(raw, options, sourceFlagNames());
    const auto out = args.get("out");
    const auto momentsOut = args.get("moments-out");
    if (!out && !momentsOut) throw InputError("--out", "give --out S.npy, --moments-out PART.npz or both");
    if (!out && args.has("lengths-out")) throw InputError("--lengths-out", "goes with --out");
    const Exploration e = prepareStates(sourceSpec(args), stderrProgress());
    reportAssumptions(e);
    if (momentsOut) writeMomentsPart(e, *momentsOut);
    if (!out) return 0;
    writeStatesNpy(e.states, *out, args.value("lengths-out", ""));
    std::cerr << "wrote states [" << e.states.batch << ", " << e.states.time << ", " << e.states.dim << "] to "
              << *out << "\n";
    return 0;
}

}  // namespace kann::cli
