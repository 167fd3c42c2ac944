#include "app/command_line.h"

#include <CLI/CLI.hpp>

namespace kann::cli {

namespace {

std::string optionNames(const SourceOption& o) {
    std::string names = "--" + o.name;
    for (const std::string& alias : o.aliases) names += ",--" + alias;
    return names;
}

}  // namespace

void addSourceOptions(CLI::App& app, OptionValues& values) {
    for (const SourceOption& o : sourceOptions()) {
        CLI::Option* added = nullptr;
        if (o.type == OptionType::Flag)
            added = app.add_flag_function(optionNames(o), [&values, name = o.name](std::int64_t) { values[name] = "true"; },
                                          o.describe());
        else
            added = app.add_option_function<std::string>(
                optionNames(o), [&values, name = o.name](const std::string& v) { values[name] = v; }, o.describe());
        added->group(optionGroupTitle(o.group));
        if (!o.valueName.empty()) added->type_name(o.valueName);
    }
}

SourceSpec sourceSpecFrom(const OptionValues& values) {
    SourceSpec spec;
    applySourceValues(values, spec);
    checkSourceFiles(spec);
    return spec;
}

void addScaleOption(CLI::App& app, double& scale) {
    app.add_option("--scale", scale, "scale factor of PNG figures")
        ->type_name("F")
        ->default_val(kDefaultFigureScale)
        ->check(CLI::Range(kMinFigureScale, kMaxFigureScale));
}

}  // namespace kann::cli
