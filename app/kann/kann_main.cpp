// `kann`: the command line of KANN Studio. Errors in input end with exit status 2 and one line.
#include "app/kann/commands.h"
#include "app/processes.h"
#include "core/common/error.h"
#include "core/common/progress.h"

#include <cstdio>
#include <functional>
#include <iostream>
#include <map>

namespace {

using Command = std::function<int(const kann::cli::Args&)>;

const std::map<std::string, std::pair<Command, const char*>>& commands() {
    using namespace kann::cli;
    static const std::map<std::string, std::pair<Command, const char*>> table = {
        {"ablate", {ablateCommand, "remove modes from the state while the network runs: the output's change against a control"}},
        {"analyze", {analyzeCommand, "unroll (or read) hidden states and write the Koopman analysis as JSON"}},
        {"bench", {benchCommand, "time every stage of the analysis on paper-size states"}},
        {"train", {trainCommand, "train a demo network (copy, sentiment, ecg) and write its checkpoint"}},
        {"ecg-beats", {ecgBeatsCommand, "derive the ECG demo's beats from scipy's MIT-BIH record 208"}},
        {"export", {exportCommand, "regenerate the figures of a saved exploration headless (runs kann-studio offscreen)"}},
        {"fixed-points", {fixedPointsCommand, "fixed points of the analysed cell, their Jacobian spectra and the Koopman alignment"}},
        {"insight", {insightCommand, "which modes can be trusted and what they mean: prediction, AUCs, lexicon check"}},
        {"timeline", {timelineCommand, "the spectrum through training: every snapshot of a run analysed, eigenvalues tracked"}},
        {"unroll", {unrollCommand, "run a model over a dataset batch and save its hidden states as .npy"}},
    };
    return table;
}

int usage(std::ostream& out) {
    out << "usage: kann <command> [options]\n\ncommands:\n";
    for (const auto& [name, entry] : commands()) out << "  " << name << "\t" << entry.second << "\n";
    out << "\n`kann <command> --help` lists a command's options.\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage(std::cerr);
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") return usage(std::cout), 0;
    auto it = commands().find(name);
    if (it == commands().end()) {
        std::cerr << "kann: unknown command '" << name << "'\n";
        return usage(std::cerr);
    }
    try {
        return kann::cli::endProcesses(it->second.first(kann::cli::Args(argv + 2, argv + argc)));
    } catch (const kann::Cancelled&) {
        std::cerr << "kann " << name << ": cancelled\n";
        return kann::cli::endProcesses(130);
    } catch (const std::exception& e) {  // bad input, a degenerate analysis, or anything else: one line
        std::cerr << "kann " << name << ": " << e.what() << "\n";
    }
    return kann::cli::endProcesses(2);
}
