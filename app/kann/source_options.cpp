#include "app/kann/source_options.h"

#include "core/common/error.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace kann::cli {

std::set<std::string> sourceOptionNames() {
    return {"states", "lengths", "model", "arch", "layer", "lstm-state", "data", "format", "label-column",
            "vocab", "batch", "offset", "label", "max-len", "k", "reduction", "seed"};
}

std::set<std::string> sourceFlagNames() { return {"include-padding", "znorm"}; }

const char* sourceOptionsHelp() {
    return "  --states S.npy [--lengths L.npy]   saved hidden states [b,T,m] and valid lengths [b]\n"
           "  --model CKPT                       state-dict checkpoint or TorchScript file\n"
           "  --arch auto|sentiment|ecg-autoencoder|stack|torchscript\n"
           "  --layer N                          stacks: the layer analysed (default: last)\n"
           "  --lstm-state h|hc                  LSTM: analyse h (default) or h and c\n"
           "  --data D                           dataset file or folder\n"
           "  --format auto|...                  dataset format (default: detected)\n"
           "  --label-column auto|first|last|none  series files\n"
           "  --znorm                            z-normalise each series\n"
           "  --vocab V                          WordPiece vocabulary for text datasets\n"
           "  --batch N --offset O --label Y --max-len T   batch selection (default 64, 0, any, none)\n"
           "  --k K                              components kept (default min(pairs, m) - 1)\n"
           "  --reduction svd|pca|rsvd           (default svd: truncated SVD without centering)\n"
           "  --include-padding                  fit over padded steps like the reference notebook\n"
           "  --seed S                           randomized SVD seed\n";
}

namespace {

LoadOptions loadOptions(const Arguments& args) {
    LoadOptions o;
    o.arch = args.value("arch", "auto");
    o.layer = args.integer("layer", -1);
    const std::string state = args.value("lstm-state", "h");
    if (state != "h" && state != "hc") throw InputError("--lstm-state", "expects h or hc, got '" + state + "'");
    o.lstmHiddenAndCell = state == "hc";
    return o;
}

BatchSelection batchSelection(const Arguments& args) {
    BatchSelection s;
    s.count = args.integer("batch", s.count);
    s.offset = args.integer("offset", s.offset);
    s.label = args.integer("label", s.label);
    s.maxLength = args.integer("max-len", s.maxLength);
    if (s.count < 1) throw InputError("--batch", "must be at least 1");
    if (s.offset < 0) throw InputError("--offset", "must not be negative");
    if (s.maxLength < 0) throw InputError("--max-len", "must not be negative");
    return s;
}

AnalysisOptions analysisOptions(const Arguments& args) {
    AnalysisOptions o;
    o.k = args.integer("k", -1);
    o.reduction = parseReduction(args.value("reduction", "svd"));
    o.includePadding = args.flag("include-padding");
    o.seed = static_cast<unsigned>(args.integer("seed", static_cast<int>(o.seed)));
    return o;
}

}  // namespace

SourceSpec sourceSpec(const Arguments& args) {
    SourceSpec spec;
    spec.statesPath = args.value("states", "");
    spec.lengthsPath = args.value("lengths", "");
    spec.modelPath = args.value("model", "");
    spec.dataPath = args.value("data", "");
    spec.vocabPath = args.value("vocab", "");
    if (spec.statesPath.empty() == spec.modelPath.empty())
        throw InputError("command line", "give either --states or --model with --data");
    if (!spec.modelPath.empty() && spec.dataPath.empty())
        throw InputError("--model", "needs --data: the dataset to run the model on");
    if (!spec.lengthsPath.empty() && spec.statesPath.empty())
        throw InputError("--lengths", "goes with --states");
    spec.load = loadOptions(args);
    spec.data.format = args.value("format", "auto");
    spec.data.labelColumn = args.value("label-column", "auto");
    spec.data.zNormalize = args.flag("znorm");
    spec.selection = batchSelection(args);
    spec.analysis = analysisOptions(args);
    return spec;
}

Progress stderrProgress() {
    Progress p;
    if (!isatty(STDERR_FILENO)) return p;  // logs and pipes get only the result or the one error line
    p.report = [](std::int64_t done, std::int64_t total, const std::string& stage) {
        std::fprintf(stderr, "\r%-12s %3d%%", stage.c_str(), total > 0 ? static_cast<int>(100 * done / total) : 0);
        if (done >= total) std::fputc('\n', stderr);
    };
    return p;
}

namespace {

std::atomic<bool> interrupted{false};
extern "C" void onInterrupt(int) { interrupted = true; }

}  // namespace

void cancelOnInterrupt(Progress& progress) {
    progress.cancel = &interrupted;
    std::signal(SIGINT, onInterrupt);
}

}  // namespace kann::cli
