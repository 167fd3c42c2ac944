#pragma once
// What `kann` and `kann-studio` share on their command lines: the source and analysis options
// of the option schema, bound to a CLI11 parser, and the scale of PNG figures.
#include "core/pipeline/option_schema.h"

namespace CLI {
class App;
}

namespace kann::cli {

// Adds every option of the schema, with its aliases, to `app` under its group's title; each
// value given lands in `values` under the option's name (flags as "true").
void addSourceOptions(CLI::App& app, OptionValues& values);

// The spec the given values describe, its files checked to name one source. Throws InputError
// naming the option at fault.
SourceSpec sourceSpecFrom(const OptionValues& values);

// PNG figures are drawn at this many times their on-screen size.
inline constexpr double kDefaultFigureScale = 2.0, kMinFigureScale = 0.25, kMaxFigureScale = 8.0;
// Adds --scale F, checked to lie within [kMinFigureScale, kMaxFigureScale].
void addScaleOption(CLI::App& app, double& scale);

}  // namespace kann::cli
