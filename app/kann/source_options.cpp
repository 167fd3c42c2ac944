#include "app/kann/source_options.h"

#include "core/pipeline/option_schema.h"

#include <cstdio>
#include <unistd.h>

namespace kann::cli {

std::set<std::string> sourceOptionNames() {
    std::set<std::string> names;
    for (const SourceOption& o : sourceOptions())
        if (o.type != OptionType::Flag) {
            names.insert(o.name);
            names.insert(o.aliases.begin(), o.aliases.end());
        }
    return names;
}

std::set<std::string> sourceFlagNames() {
    std::set<std::string> names;
    for (const SourceOption& o : sourceOptions())
        if (o.type == OptionType::Flag) names.insert(o.name);
    return names;
}

std::string sourceOptionsHelp() { return sourceOptionsUsage(); }

OptionValues givenSourceValues(const Arguments& args) {
    OptionValues values;
    for (const SourceOption& o : sourceOptions()) {
        if (o.type == OptionType::Flag && args.flag(o.name)) values[o.name] = "true";
        for (const std::string& name : o.aliases)
            if (auto v = args.get(name)) values[o.name] = *v;
        if (auto v = args.get(o.name)) values[o.name] = *v;
    }
    return values;
}

SourceSpec sourceSpec(const Arguments& args) {
    SourceSpec spec;
    applySourceValues(givenSourceValues(args), spec);
    checkSourceFiles(spec);
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

void reportAssumptions(const Exploration& e) {
    if (!e.network) return;
    for (const std::string& assumption : e.network->info().assumptions)
        std::fprintf(stderr, "%s: %s\n", e.spec.modelPath.c_str(), assumption.c_str());
}

}  // namespace kann::cli
