// `kann unroll`: run a model over a dataset batch and save its hidden states as .npy.
#include "app/kann/commands.h"
#include "app/kann/source_options.h"
#include "core/common/error.h"
#include "core/analysis/state_moments.h"
#include "core/io/npy.h"
#include "core/pipeline/states_fingerprint.h"

#include <iostream>
#include <optional>

namespace kann::cli {

namespace {

void writeMomentsPart(const SourceSpec& spec, StateMoments moments, int sequences, const std::string& path) {
    MomentsPart part;
    part.moments = std::move(moments);
    part.sequences = sequences;
    part.fingerprint = statesFingerprint(spec);
    writeMoments(path, part);
    std::cerr << "wrote the moments of " << part.sequences << " sequences (" << part.moments.rows << " steps, m = "
              << part.moments.gram.rows() << (part.moments.inputs ? ", with the input blocks" : "") << ") to " << path
              << "\n";
}

// The moments of the states held in e, with the network's inputs for a fit with inputs.
StateMoments heldMoments(const Exploration& e) {
    std::optional<StepInputs> inputs;
    if (e.spec.analysis.fit == Fit::Inputs) {
        if (!e.network) throw InputError("--fit", "inputs needs the network's input at every step: saved states do not hold them");
        inputs = e.network->stepInputs(e.input);
    }
    return stateMoments(e.states, e.states.lengths, Eigen::RowVectorXd::Zero(e.states.dim), inputs ? &*inputs : nullptr);
}

}  // namespace

int unrollCommand(const Args& raw) {
    CLI::App app("Runs a model over a batch of a dataset and writes its hidden states [b, T, m] as float32 .npy "
                 "and the valid lengths [b] as int64, and/or the batch's moments (float64 sums over the valid "
                 "steps) for `kann analyze --moments`: split a dataset by --offset and --batch over machines, "
                 "then merge the parts into one exact fit.",
                 "kann unroll");
    OptionValues source;
    addSourceOptions(app, source);
    std::string out, lengthsOut, momentsOut;
    CLI::Option* states = app.add_option("--out", out, "the states file")->type_name("S.npy");
    app.add_option("--lengths-out", lengthsOut, "the lengths file")->type_name("L.npy")->needs(states);
    app.add_option("--moments-out", momentsOut, "the moments file, to merge with other parts")->type_name("P.npz");
    if (!parseCommand(app, raw)) return 0;
    if (out.empty() && momentsOut.empty()) throw InputError("--out", "give --out S.npy, --moments-out P.npz or both");
    const SourceSpec spec = sourceSpecFrom(source);
    if (!momentsOut.empty() && spec.analysis.includePadding)
        throw InputError("--include-padding", "moments cover the valid steps only (padding depends on each part's "
                                              "longest sequence, so parts would not add up to one run)");
    if (out.empty()) {
        // The moments alone: unrolled a block at a time, so memory does not grow with the batch.
        const Exploration e = runMoments(spec, stderrProgress());
        reportAssumptions(e);
        writeMomentsPart(spec, *e.result.moments, e.result.batch, momentsOut);
        return 0;
    }
    const Exploration e = prepareStates(spec, stderrProgress());
    reportAssumptions(e);
    if (!momentsOut.empty()) writeMomentsPart(spec, heldMoments(e), e.states.batch, momentsOut);
    writeStatesNpy(e.states, out, lengthsOut);
    std::cerr << "wrote states [" << e.states.batch << ", " << e.states.time << ", " << e.states.dim << "] to "
              << out << (e.network && e.network->info().timeReversed
                             ? " (the backward direction, in reversed time: step t of a sequence of length n is token n-1-t)"
                             : "")
              << "\n";
    return 0;
}

}  // namespace kann::cli
