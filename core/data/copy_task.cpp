#include "core/data/copy_task.h"

#include "core/common/error.h"

#include <fstream>
#include <random>

namespace kann {

namespace {

void checkSpec(const CopyTaskSpec& s) {
    auto require = [](bool ok, const std::string& what) {
        if (!ok) throw InputError("copy task", what);
    };
    require(s.alphabet >= 1, "the alphabet needs at least 1 symbol, got " + std::to_string(s.alphabet));
    require(s.symbols >= 1, "at least 1 symbol must be copied, got " + std::to_string(s.symbols));
    require(s.delay >= 0, "the delay cannot be negative, got " + std::to_string(s.delay));
    require(s.batch >= 1, "the batch needs at least 1 sequence, got " + std::to_string(s.batch));
}

std::vector<CopyPhase> phasesOf(const CopyTaskSpec& s) {
    std::vector<CopyPhase> phases(s.length(), CopyPhase::Delay);
    for (int t = 0; t < s.symbols; ++t) phases[t] = CopyPhase::Input;
    phases[s.symbols + s.delay] = CopyPhase::Go;
    for (int t = s.symbols + s.delay + 1; t < s.length(); ++t) phases[t] = CopyPhase::Recall;
    return phases;
}

}  // namespace

const char* copyPhaseName(CopyPhase phase) {
    switch (phase) {
        case CopyPhase::Input: return "input";
        case CopyPhase::Delay: return "delay";
        case CopyPhase::Go: return "go";
        case CopyPhase::Recall: return "recall";
    }
    return "?";
}

CopyTaskBatch makeCopyTask(const CopyTaskSpec& spec) {
    checkSpec(spec);
    const int T = spec.length(), F = spec.features(), recallStart = spec.symbols + spec.delay + 1;
    CopyTaskBatch out;
    out.spec = spec;
    out.phases = phasesOf(spec);
    InputBatch& in = out.inputs;
    in.kind = InputBatch::Kind::Series;
    in.batch = spec.batch;
    in.time = T;
    in.features = F;
    in.values.assign(static_cast<std::size_t>(spec.batch) * T * F, 0.0f);
    in.lengths.assign(spec.batch, T);
    in.labels.assign(spec.batch, -1);
    out.targets.assign(static_cast<std::size_t>(spec.batch) * T, spec.blank());

    // mt19937's output is fixed by the standard (distributions are not), so the modulo keeps
    // batches identical across compilers; its bias is below 1e-9 for small alphabets.
    std::mt19937 rng(spec.seed);
    for (int b = 0; b < spec.batch; ++b) {
        in.rows.push_back(b);
        for (int t = 0; t < T; ++t) {
            int symbol = out.phases[t] == CopyPhase::Go ? spec.go() : spec.blank();
            if (out.phases[t] == CopyPhase::Input) {
                symbol = static_cast<int>(rng() % static_cast<unsigned>(spec.alphabet));
                out.targets[static_cast<std::size_t>(b) * T + recallStart + t] = symbol;
            }
            in.values[(static_cast<std::size_t>(b) * T + t) * F + symbol] = 1.0f;
        }
    }
    return out;
}

void writeCopyTaskTs(const std::string& path, const CopyTaskBatch& batch) {
    const InputBatch& in = batch.inputs;
    std::ofstream out(path);
    if (!out) throw InputError(path, "cannot create the file");
    out << "# The copy problem: " << batch.spec.symbols << " symbols of " << batch.spec.alphabet << ", delay "
        << batch.spec.delay << ", seed " << batch.spec.seed << ". Dimensions: one-hot symbols, blank, go.\n"
        << "@problemName copy\n@timeStamps false\n@univariate false\n@dimensions " << in.features
        << "\n@equalLength true\n@seriesLength " << in.time << "\n@classLabel false\n@data\n";
    for (int b = 0; b < in.batch; ++b) {
        for (int f = 0; f < in.features; ++f) {
            for (int t = 0; t < in.time; ++t)
                out << (t ? "," : "") << in.values[(static_cast<std::size_t>(b) * in.time + t) * in.features + f];
            out << (f + 1 < in.features ? ":" : "\n");
        }
    }
    if (!out) throw InputError(path, "write error");
}

}  // namespace kann
