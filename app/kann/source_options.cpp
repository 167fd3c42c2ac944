#include "app/kann/source_options.h"

#include "core/common/error.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace kann::cli {

bool parseCommand(CLI::App& app, const std::vector<std::string>& args) {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes the last argument first
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() != 0) throw InputError("command line", e.what());
        std::cout << app.help();
        return false;
    }
    return true;
}

void writeOutput(const std::string& text, const std::string& target) {
    if (target == "-") {
        std::cout << text << "\n";
        return;
    }
    std::ofstream out(target);
    out << text << "\n";
    if (!out) throw InputError(target, "cannot write the file");
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

void reportAssumptions(const Exploration& e) {
    if (e.network)
        for (const std::string& assumption : e.network->info().assumptions)
            std::fprintf(stderr, "%s: %s\n", e.spec.modelPath.c_str(), assumption.c_str());
    for (const std::string& note : e.notes()) std::fprintf(stderr, "note: %s\n", note.c_str());
}

}  // namespace kann::cli
